import { useState } from 'preact/hooks';
import type { Household } from '../shared/api';
import { useWords } from '../shared/i18n';
import { ErrorBox, errorText, Loading, Notice } from '../shared/states';
import { useLoad } from '../shared/use-load';
import type { Words } from '../shared/words-vi';
import { officialApi } from './api';
import { useOfficialWords } from './words';

// A flagged household next to the household(s) it may duplicate, field by field, the differences
// marked; the reviewer says "not a duplicate" (approve it) or rejects it as a duplicate of one of them.

async function loadGroup(id: string): Promise<{ household: Household; others: Household[] }> {
  const household = await officialApi.household(id);
  const others = await Promise.all(
    household.possibleDuplicates.map((d) => officialApi.household(d.householdId).catch(() => null)),
  );
  return { household, others: others.filter((h): h is Household => h !== null) };
}

function factsOf(h: Household, w: Words): [string, string][] {
  const yesNo = (b: boolean) => (b ? w.yes : w.no);
  return [
    [w.households.head, h.head.fullName],
    [w.households.nationalId, h.head.nationalId],
    [w.household.birthYear, h.head.birthYear ? String(h.head.birthYear) : w.notGiven],
    [w.households.village, h.village],
    [w.household.address, h.address ?? w.notGiven],
    [w.household.phone, h.phone ?? w.notGiven],
    [w.household.povertyStatus, w.poverty[h.povertyStatus]],
    [w.household.members, h.memberCount ? String(h.memberCount) : w.notGiven],
    [w.household.hasTv, yesNo(h.hasTv)],
    [w.households.status, w.status[h.status]],
  ];
}

export function DuplicateCompare({ id, onDone }: { id: string; onDone: () => void }) {
  const w = useWords();
  const o = useOfficialWords();
  const group = useLoad(() => loadGroup(id), [id]);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  if (group.loading) return <Loading />;
  if (!group.data) return <ErrorBox error={group.error} onRetry={group.reload} />;
  const { household: h, others } = group.data;
  const mine = factsOf(h, w);
  const theirs = others.map((x) => factsOf(x, w));

  const decide = async (run: () => Promise<unknown>) => {
    setBusy(true);
    setError(null);
    try {
      await run();
      onDone();
    } catch (err) {
      setError(errorText(err, w));
      setBusy(false);
    }
  };

  return (
    <section class="card compare" aria-labelledby="compare-title">
      <h2 id="compare-title">{o.duplicates.title(h.head.fullName)}</h2>
      <p>
        {h.possibleDuplicates.map((d) => w.duplicateGrounds[d.grounds] ?? '').join('; ')}.{' '}
        {o.duplicates.intro}
      </p>
      {error && <Notice kind="error">{error}</Notice>}
      <div class="scroll">
        <table>
          <thead>
            <tr>
              <th scope="col" />
              <th scope="col">{o.duplicates.thisOne}</th>
              {others.map((x) => (
                <th scope="col" key={x.id}>
                  <a href={`/households/${x.id}`}>{x.head.fullName}</a>
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {mine.map(([label, value], i) => (
              <tr key={label}>
                <th scope="row">{label}</th>
                <td>{value}</td>
                {theirs.map((facts, j) => {
                  const differs = facts[i][1] !== value;
                  return (
                    <td key={others[j].id} class={differs ? 'differs' : 'same'}>
                      {facts[i][1]}
                      {differs && <span class="visually-hidden"> ({o.duplicates.differs})</span>}
                    </td>
                  );
                })}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <div class="actions">
        <button
          type="button"
          class="button primary"
          disabled={busy}
          onClick={() =>
            void decide(() => officialApi.approve(h.id, { version: h.version, notDuplicate: true }))
          }
        >
          {o.duplicates.notDuplicate}
        </button>
        {others.map((x) => (
          <button
            type="button"
            class="button danger"
            key={x.id}
            disabled={busy}
            onClick={() =>
              void decide(() =>
                officialApi.reject(h.id, {
                  version: h.version,
                  duplicateOf: x.id,
                  reason: o.duplicates.reasonText(x.head.fullName),
                }),
              )
            }
          >
            {o.duplicates.rejectAs(x.head.fullName)}
          </button>
        ))}
      </div>
    </section>
  );
}
