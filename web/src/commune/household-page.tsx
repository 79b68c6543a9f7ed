import { useState } from 'preact/hooks';
import { SYSTEM_ACTOR } from '../../../src/users/roles';
import { actorName } from '../shared/actor-name';
import { api, type Household, type HouseholdWithHistory } from '../shared/api';
import { Field } from '../shared/field';
import { formatDateTime, language, useWords } from '../shared/i18n';
import { householdEditPath, householdPath } from '../shared/routes';
import { signedInUser } from '../shared/session';
import { ErrorBox, errorText, Loading, Notice } from '../shared/states';
import { useStore } from '../shared/store';
import { useLoad } from '../shared/use-load';
import type { Words } from '../shared/words-vi';

const WITHDRAWABLE = ['registered', 'approved', 'assigned'];
const EDITABLE = ['registered', 'approved', 'rejected', 'assigned'];

/** The rows a person reads about a household, in words. */
function factsOf(h: Household, w: Words): [string, string][] {
  const yesNo = (b: boolean) => (b ? w.yes : w.no);
  return [
    [w.households.village, h.village],
    [w.household.address, h.address ?? w.notGiven],
    [w.households.nationalId, h.head.nationalId],
    [w.household.birthYear, h.head.birthYear === null ? w.notGiven : String(h.head.birthYear)],
    [w.household.gender, h.head.gender ? (w.gender[h.head.gender] ?? h.head.gender) : w.notGiven],
    [w.household.phone, h.phone ?? w.notGiven],
    [w.household.povertyStatus, w.poverty[h.povertyStatus]],
    [w.household.certificate, h.povertyCertificateNo ?? w.notGiven],
    [w.household.listYear, String(h.povertyListYear)],
    [w.household.members, h.memberCount === null ? w.notGiven : String(h.memberCount)],
    [w.household.hasTv, yesNo(h.hasTv)],
    [w.household.hasPaidTv, yesNo(h.hasPaidTv)],
    [w.household.hasDigitalTv, yesNo(h.hasDigitalTv)],
    [w.household.receiverType, w.receiverType[h.receiverType] ?? h.receiverType],
    [w.household.notes, h.notes ?? w.notGiven],
  ];
}

export function HouseholdPage({ id }: { id: string }) {
  const w = useWords();
  const loaded = useLoad(() => api.household(id), [id]);
  const [withdrawing, setWithdrawing] = useState(false);
  const user = signedInUser();
  if (loaded.loading) return <Loading />;
  if (loaded.error || !loaded.data) return <ErrorBox error={loaded.error} onRetry={loaded.reload} />;
  const h = loaded.data;
  const mayChange = user?.role === 'commune_staff' || user?.role === 'admin';

  return (
    <>
      <p>
        <a href="/households">← {w.nav.households}</a>
      </p>
      <h1>{h.head.fullName}</h1>
      <p class="status-line">
        <span class={`badge status-${h.status}`}>{w.status[h.status]}</span>
        {h.statusReason && (
          <span>
            {' '}
            {w.household.statusReason}: {h.statusReason}
          </span>
        )}
      </p>
      <Eligibility h={h} />
      {mayChange && (
        <div class="toolbar">
          {EDITABLE.includes(h.status) && (
            <a class="button primary" href={householdEditPath(h.id)}>
              {w.household.edit}
            </a>
          )}
          {WITHDRAWABLE.includes(h.status) && !withdrawing && (
            <button type="button" class="button danger" onClick={() => setWithdrawing(true)}>
              {w.household.withdraw}
            </button>
          )}
        </div>
      )}
      {withdrawing && <WithdrawForm h={h} onDone={loaded.reload} onCancel={() => setWithdrawing(false)} />}
      <section class="card">
        <h2>{w.household.title}</h2>
        <dl class="facts">
          {factsOf(h, w).map(([k, v]) => (
            <div key={k}>
              <dt>{k}</dt>
              <dd>{v}</dd>
            </div>
          ))}
        </dl>
      </section>
      {h.possibleDuplicates.length > 0 && <Duplicates h={h} />}
      <History h={h} />
    </>
  );
}

function Eligibility({ h }: { h: Household }) {
  const w = useWords();
  if (h.eligibility.eligible) return <Notice kind="ok">{w.household.eligibleYes}</Notice>;
  return (
    <Notice kind="info">
      <p>{w.household.eligibleNo}</p>
      <ul>
        {h.eligibility.reasons.map((r) => (
          <li key={r}>{w.reasons[r]}</li>
        ))}
      </ul>
    </Notice>
  );
}

function WithdrawForm(props: { h: Household; onDone: () => void; onCancel: () => void }) {
  const w = useWords();
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const submit = async (e: Event) => {
    e.preventDefault();
    if (reason.trim().length < 3) {
      setError(w.withdraw.reasonTooShort);
      return;
    }
    setBusy(true);
    try {
      await api.withdrawHousehold(props.h.id, { reason: reason.trim(), version: props.h.version });
      props.onDone();
    } catch (err) {
      setError(errorText(err, w));
      setBusy(false);
    }
  };
  return (
    <form class="card" onSubmit={submit} noValidate aria-labelledby="withdraw-title">
      <h2 id="withdraw-title">{w.withdraw.title}</h2>
      <Field
        id="withdraw-reason"
        label={w.withdraw.reason}
        hint={w.withdraw.reasonHint}
        error={error}
        required
      >
        {(a) => <textarea {...a} rows={2} value={reason} onInput={(e) => setReason(e.currentTarget.value)} />}
      </Field>
      <div class="actions">
        <button type="submit" class="button danger" disabled={busy}>
          {w.withdraw.submit}
        </button>
        <button type="button" class="button" onClick={props.onCancel}>
          {w.cancel}
        </button>
      </div>
    </form>
  );
}

/** Each possible duplicate next to this household, field by field. */
function Duplicates({ h }: { h: HouseholdWithHistory }) {
  const w = useWords();
  const others = useLoad(
    () => Promise.all(h.possibleDuplicates.map((d) => api.household(d.householdId).catch(() => null))),
    [h.id, h.version],
  );
  return (
    <section class="card" aria-labelledby="duplicates-title">
      <h2 id="duplicates-title">{w.household.duplicates}</h2>
      <p>
        {signedInUser()?.role === 'official'
          ? w.household.duplicatesIntroReviewer
          : w.household.duplicatesIntro}
      </p>
      {others.loading && <Loading />}
      {others.data &&
        h.possibleDuplicates.map((d, i) => {
          const other = others.data?.[i];
          const mine = factsOf(h, w);
          const theirs = other ? factsOf(other, w) : null;
          return (
            <div class="compare" key={d.householdId}>
              <p>
                {w.household.grounds}: <strong>{w.duplicateGrounds[d.grounds] ?? d.grounds}</strong>
              </p>
              {!other ? (
                <p>{w.errors.notFound}</p>
              ) : (
                <table>
                  <thead>
                    <tr>
                      <th scope="col" />
                      <th scope="col">{w.household.thisHousehold}</th>
                      <th scope="col">
                        {w.household.otherHousehold}:{' '}
                        <a href={householdPath(other.id)}>{other.head.fullName}</a>
                      </th>
                    </tr>
                  </thead>
                  <tbody>
                    <tr>
                      <th scope="row">{w.households.status}</th>
                      <td>{w.status[h.status]}</td>
                      <td>{w.status[other.status]}</td>
                    </tr>
                    {mine.map(([label, value], j) => (
                      <tr key={label} class={theirs && theirs[j][1] === value ? 'same' : undefined}>
                        <th scope="row">{label}</th>
                        <td>{value}</td>
                        <td>{theirs?.[j][1]}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              )}
            </div>
          );
        })}
    </section>
  );
}

function History({ h }: { h: HouseholdWithHistory }) {
  const w = useWords();
  const lang = useStore(language);
  return (
    <section class="card" aria-labelledby="history-title">
      <h2 id="history-title">{w.household.history}</h2>
      {h.history.length === 0 ? (
        <p>{w.household.historyEmpty}</p>
      ) : (
        <ol class="history">
          {h.history.map((e, i) => (
            <li key={i}>
              <time dateTime={e.at}>{formatDateTime(e.at, lang)}</time> ·{' '}
              <strong>{w.actions[e.action] ?? w.otherAction}</strong> ·{' '}
              {actorName(e.actor.id, e.actor.fullName, w, e.actor.username)}
              {/* The system's own work is named as such; its technical role is no one's to read. */}
              {e.actor.id !== SYSTEM_ACTOR.id && (
                <> ({w.roles[e.actor.role as keyof Words['roles']] ?? e.actor.role})</>
              )}
              {e.status && <> · {w.status[e.status as keyof Words['status']] ?? ''}</>}
              {e.reason && <> · {e.reason}</>}
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
