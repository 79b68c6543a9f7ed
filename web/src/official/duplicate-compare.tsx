import { useState } from 'preact/hooks';
import type { Household } from '../shared/api';
import { useWords } from '../shared/i18n';
import { ErrorBox, errorText, Loading, Notice } from '../shared/states';
import { householdPath } from '../shared/routes';
import { useLoad } from '../shared/use-load';
import type { Words } from '../shared/words-vi';
import { officialApi } from './api';
import { useOfficialWords } from './words';

// A flagged household next to the household(s) it may duplicate, field by field, the differences
// marked; the reviewer says "not a duplicate" (approve it) or rejects it as a duplicate of one of them.

/** The facts compared, by the API's field path (GET /households/:id/duplicates names those that differ). */
function factsOf(h: Household, w: Words): [field: string, label: string, value: string][] {
  const yesNo = (b: boolean) => (b ? w.yes : w.no);
  return [
    ['head.fullName', w.households.head, h.head.fullName],
    ['head.nationalId', w.households.nationalId, h.head.nationalId],
    ['head.birthYear', w.household.birthYear, h.head.birthYear ? String(h.head.birthYear) : w.notGiven],
    ['village', w.households.village, h.village],
    ['address', w.household.address, h.address ?? w.notGiven],
    ['phone', w.household.phone, h.phone ?? w.notGiven],
    ['povertyStatus', w.household.povertyStatus, w.poverty[h.povertyStatus]],
    ['memberCount', w.household.members, h.memberCount ? String(h.memberCount) : w.notGiven],
    ['hasTv', w.household.hasTv, yesNo(h.hasTv)],
    ['status', w.households.status, w.status[h.status]],
  ];
}

export function DuplicateCompare({ id, onDone }: { id: string; onDone: () => void }) {
  const w = useWords();
  const o = useOfficialWords();
  const group = useLoad(() => officialApi.duplicates(id), [id]);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  if (group.loading) return <Loading />;
  if (!group.data) return <ErrorBox error={group.error} onRetry={group.reload} />;
  const { household: h, duplicates } = group.data;
  const others = duplicates.map((d) => d.household);
  const differs = duplicates.map((d) => new Set(d.differences.map((x) => x.field)));

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
                  <a href={householdPath(x.id)}>{x.head.fullName}</a>
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {factsOf(h, w).map(([field, label, value]) => (
              <tr key={field}>
                <th scope="row">{label}</th>
                <td>{value}</td>
                {others.map((x, j) => {
                  const different = differs[j].has(field) || (field === 'status' && x.status !== h.status);
                  const theirs = factsOf(x, w).find(([f]) => f === field)?.[2];
                  return (
                    <td key={x.id} class={different ? 'differs' : 'same'}>
                      {theirs}
                      {different && <span class="visually-hidden"> ({o.duplicates.differs})</span>}
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
