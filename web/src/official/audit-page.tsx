import { SYSTEM_ACTOR } from '../../../src/users/roles';
import { DateInput } from '../shared/date-input';
import { householdPath, queryOf, searchOf } from '../shared/routes';
import { actorName } from '../shared/actor-name';
import { formatDateTime, language, useWords } from '../shared/i18n';
import { onFilterSubmit } from '../shared/filter-form';
import { location } from '../shared/router';
import { session } from '../shared/session';
import { ErrorBox, Notice } from '../shared/states';
import { saveFile } from '../shared/save-file';
import { useState } from 'preact/hooks';
import { useStore } from '../shared/store';
import { useLoad } from '../shared/use-load';
import { officialApi, type AuditLogEntry } from './api';
import { AUDIT_GROUPS, auditGroupOf } from './audit-words-vi';
import { PagedTable } from '../shared/paged-table';
import { SelectField } from './select-field';
import { useAuditWords, useOfficialWords } from './words';

// The audit trail of the official's area ("Nhật ký thao tác", GET /audit): who did what, when, to
// which household, batch or receiver, newest first; narrowed by commune, action, period, or one
// person (from a name in the list). The filters live in the URL, so a view can be sent to a colleague.

const PAGE_SIZE = 50;

/** A Vietnam day's first and last instants: "from 01/12" means from midnight in Vietnam, not UTC. */
const dayStart = (day: string) => `${day}T00:00:00+07:00`;
const dayEnd = (day: string) => `${day}T23:59:59.999+07:00`;

export function AuditPage() {
  const a = useAuditWords();
  const { search } = useStore(location);
  const query = queryOf(search);
  const page = Math.max(1, Number(query.page) || 1);
  const me = useStore(session);
  const scoped = me.status === 'signedIn' && me.user.scope !== null;
  // The communes to choose from: the area's own (an admin's whole country is too long a list).
  const communes = useLoad(
    () => (scoped ? officialApi.coverage({ level: 'commune' }) : Promise.resolve(null)),
    [scoped],
  );
  const badPeriod = Boolean(query.from && query.to && query.from > query.to);
  const filters = {
    areaCode: query.area,
    action: query.action,
    actorId: query.actor,
    from: query.from ? dayStart(query.from) : undefined,
    to: query.to ? dayEnd(query.to) : undefined,
  };
  const list = useLoad(
    () => (badPeriod ? Promise.resolve(null) : officialApi.audit({ ...filters, page, pageSize: PAGE_SIZE })),
    [search],
  );
  const lang = useStore(language);
  const [fileError, setFileError] = useState<unknown>(null);
  const save = async () => {
    setFileError(null);
    try {
      saveFile(await officialApi.auditFile(filters, lang));
    } catch (err) {
      setFileError(err);
    }
  };
  const filter = onFilterSubmit('/audit', ['area', 'action', 'from', 'to'], { actor: query.actor });
  const actorShown = query.actor ? list.data?.items.find((e) => e.actor.id === query.actor) : undefined;
  return (
    <>
      <h1>{a.title}</h1>
      <p class="hint">{a.intro}</p>
      <form class="card filters" role="search" onSubmit={filter} key={search}>
        {scoped && (
          <SelectField
            grow
            id="a-area"
            name="area"
            label={a.commune}
            value={query.area ?? ''}
            key={`c${communes.data?.rows.length ?? 0}`}
            options={[
              ['', a.allCommunes],
              ...(communes.data?.rows ?? []).map((c): [string, string] => [c.code, c.name]),
            ]}
          />
        )}
        <ActionField value={query.action ?? ''} />
        <div class="field">
          <label for="a-from">{a.from}</label>
          <DateInput id="a-from" name="from" defaultValue={query.from} />
        </div>
        <div class="field">
          <label for="a-to">{a.to}</label>
          <DateInput id="a-to" name="to" defaultValue={query.to} />
        </div>
        <div class="actions">
          <button type="submit" class="button primary">
            {a.apply}
          </button>
          {search && (
            <a class="button" href="/audit">
              {a.clear}
            </a>
          )}
        </div>
      </form>
      {query.actor && actorShown && (
        <p>
          <strong>{a.byActor(actorShown.actor.fullName ?? actorShown.actor.username)}</strong> ·{' '}
          <a href={`/audit${searchOf({ ...query, actor: '', page: '' })}`}>{a.clear}</a>
        </p>
      )}
      {badPeriod && <Notice kind="error">{a.badPeriod}</Notice>}
      {!badPeriod && (
        <p>
          <button type="button" class="button" onClick={() => void save()}>
            {a.download}
          </button>
        </p>
      )}
      {fileError !== null && <ErrorBox error={fileError} />}
      <PagedTable
        list={list}
        page={page}
        pageSize={PAGE_SIZE}
        hrefOf={(p) => '/audit' + searchOf({ ...query, page: p })}
        empty={a.empty}
        caption={(total, capped) => (capped ? a.foundMore : a.found)(total)}
        class="audit"
        labels={[a.cols.at, a.cols.actor, a.cols.action, a.cols.subject, a.cols.area, a.cols.reason]}
        row={(e) => <AuditRow key={e.id} entry={e} query={query} />}
      />
    </>
  );
}

/** The action filter: every recorded action in words, grouped by what it concerns. */
function ActionField({ value }: { value: string }) {
  const a = useAuditWords();
  const actions = Object.keys(a.actions);
  return (
    <div class="field grow">
      <label for="a-action">{a.action}</label>
      <select id="a-action" name="action" defaultValue={value}>
        <option value="">{a.allActions}</option>
        {AUDIT_GROUPS.map((g) => (
          <optgroup key={g} label={a.groups[g]}>
            {actions
              .filter((x) => auditGroupOf(x) === g)
              .map((x) => (
                <option key={x} value={x} selected={x === value}>
                  {a.actions[x]}
                </option>
              ))}
          </optgroup>
        ))}
      </select>
    </div>
  );
}

function AuditRow({ entry: e, query }: { entry: AuditLogEntry; query: Record<string, string> }) {
  const w = useWords();
  const a = useAuditWords();
  const o = useOfficialWords();
  const lang = useStore(language);
  const who = actorName(e.actor.id, e.actor.fullName, w, a.unknownActor);
  // The system's own work is named as such; its technical role is no one's to read.
  const role = e.actor.id === SYSTEM_ACTOR.id ? '' : (w.roles[e.actor.role as keyof typeof w.roles] ?? '');
  // A household page for what concerns a household; the batch's page for a batch.
  const href = e.householdId ? householdPath(e.householdId) : e.batchId ? `/batches/${e.batchId}` : null;
  return (
    <tr>
      <th scope="row">
        <time dateTime={e.at}>{formatDateTime(e.at, lang)}</time>
      </th>
      <td data-label={a.cols.actor}>
        {e.actor.id === query.actor ? (
          who
        ) : (
          <a
            href={`/audit${searchOf({ ...query, actor: e.actor.id, page: '' })}`}
            title={a.onlyThisPerson(who)}
          >
            {who}
          </a>
        )}
        {role && <span class="muted"> · {role}</span>}
      </td>
      <td data-label={a.cols.action}>{a.actions[e.action] ?? a.otherAction}</td>
      <td data-label={a.cols.subject}>{href ? <a href={href}>{e.subject ?? '–'}</a> : (e.subject ?? '–')}</td>
      <td data-label={a.cols.area}>{e.areaName ?? '–'}</td>
      <td data-label={a.cols.reason}>
        {e.reason ?? (e.failureReason ? (o.failureReasons[e.failureReason] ?? o.failureReasons.other) : '–')}
      </td>
    </tr>
  );
}
