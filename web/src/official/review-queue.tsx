import { useState } from 'preact/hooks';
import { HOUSEHOLD_SORTS } from '../../../src/households/list-order';
import { HOUSEHOLD_STATUSES } from '../../../src/households/status';
import { formatDateTime, language, useWords } from '../shared/i18n';
import { location, navigate } from '../shared/router';
import { queryOf, searchOf } from '../shared/routes';
import { Empty, ErrorBox, errorText, Loading, Notice } from '../shared/states';
import { useStore } from '../shared/store';
import { useLoad } from '../shared/use-load';
import { officialApi, type BulkBody, type HouseholdListItem, type Job } from './api';
import { JobProgress, useJob } from './bulk-job';
import { DuplicateCompare } from './duplicate-compare';
import { SelectField } from './select-field';
import { useOfficialWords } from './words';
import { pagerOf } from '../shared/list-pages';

const PAGE_SIZE = 50;
const TABS = ['eligible', 'ineligible', 'duplicates'] as const;
type Tab = (typeof TABS)[number];

/** What the URL asks for, as GET /households filters. */
function filtersOf(q: Record<string, string>) {
  const status = HOUSEHOLD_STATUSES.find((s) => s === q.status) ?? 'registered';
  const tab: Tab = TABS.find((t) => t === q.tab) ?? 'eligible';
  const review = status === 'registered';
  return {
    status,
    tab,
    list: {
      status,
      areaCode: q.area || undefined,
      village: q.village || undefined,
      q: q.q || undefined,
      sort: HOUSEHOLD_SORTS.find((s) => s === q.sort),
      eligible: review && tab !== 'duplicates' ? tab === 'eligible' : undefined,
      needsDuplicateReview: review && tab !== 'ineligible' ? tab === 'duplicates' : undefined,
    },
  };
}

async function loadQueue(list: ReturnType<typeof filtersOf>['list'], page: number) {
  const [households, counts] = await Promise.all([
    officialApi.households({ ...list, page, pageSize: PAGE_SIZE }),
    officialApi.coverage({ level: 'commune' }),
  ]);
  return { households, communes: counts.rows, totals: counts.totals };
}

/**
 * Every id matching the filter, page by page (for "all matching" when no bulk filter can say it),
 * until a page comes short: a province-wide total stops counting at 1,000 (totalCapped).
 */
async function idsMatching(list: ReturnType<typeof filtersOf>['list']): Promise<string[]> {
  const ids: string[] = [];
  for (let page = 1; ; page++) {
    const p = await officialApi.households({ ...list, sort: undefined, page, pageSize: 500 });
    ids.push(...p.items.map((h) => h.id));
    if (p.items.length < 500) return ids;
  }
}

export function ReviewQueue() {
  const w = useWords();
  const o = useOfficialWords();
  const lang = useStore(language);
  const { search } = useStore(location);
  const query = queryOf(search);
  const { status, tab, list } = filtersOf(query);
  const page = Math.max(1, Number(query.page) || 1);
  const data = useLoad(() => loadQueue(list, page), [search]);
  const [selected, setSelected] = useState<Map<string, HouseholdListItem>>(new Map());
  const [allMatching, setAllMatching] = useState(false);
  const [reason, setReason] = useState('');
  const [started, setStarted] = useState<Job | null>(null);
  const [names, setNames] = useState<Map<string, string>>(new Map());
  const [error, setError] = useState<string | null>(null);
  const [comparing, setComparing] = useState<string | null>(query.compare ?? null);
  const { job, error: jobError } = useJob(started, () => data.reload());
  const go = (changes: Record<string, string | undefined>) => {
    setSelected(new Map());
    setAllMatching(false);
    navigate(`/review${searchOf({ ...query, page: undefined, compare: undefined, ...changes })}`);
  };

  const act = async (action: 'approve' | 'reject') => {
    setError(null);
    if (action === 'reject' && reason.trim().length < 3) {
      setError(o.review.reasonNeeded);
      return;
    }
    const r = action === 'reject' ? { reason: reason.trim() } : {};
    try {
      let body: BulkBody;
      if (allMatching && list.areaCode && status === 'registered' && !list.q) {
        const { areaCode, village, eligible, needsDuplicateReview } = list;
        body = { filter: { areaCode, village, eligible, needsDuplicateReview }, ...r };
      } else {
        const ids = allMatching ? await idsMatching(list) : [...selected.keys()];
        body = { ids, ...r };
      }
      const shown = new Map(names);
      for (const h of [...selected.values(), ...(data.data?.households.items ?? [])])
        shown.set(h.id, h.head.fullName);
      setNames(shown);
      setStarted(await officialApi.bulkReview(action, body));
      setSelected(new Map());
      setAllMatching(false);
    } catch (err) {
      setError(errorText(err, w));
    }
  };

  const items = data.data?.households.items ?? [];
  const total = data.data?.households.total ?? 0;
  const count = allMatching ? total : selected.size;
  // "More than 1,000" when the list's total is capped and every match is selected.
  const more = allMatching && (data.data?.households.totalCapped ?? false);
  const pager = data.data
    ? pagerOf(data.data.households, page, PAGE_SIZE)
    : { pages: 1, more: false, hasNext: false };
  const pageLabel = (pager.more ? w.households.pageOfMore : w.households.page)(page, pager.pages);
  const toggle = (h: HouseholdListItem) => {
    const next = new Map(selected);
    if (next.has(h.id)) next.delete(h.id);
    else next.set(h.id, h);
    setSelected(next);
    setAllMatching(false);
  };
  const pageAll = items.length > 0 && items.every((h) => selected.has(h.id));
  const communeName = data.data?.communes.find((c) => c.code === list.areaCode)?.name;

  return (
    <>
      <h1>{o.review.title}</h1>
      {data.data && (
        <section class="card coverage" aria-labelledby="queue-counts">
          <h2 id="queue-counts">{communeName ?? data.data.totals.name}</h2>
          <dl>
            {(() => {
              const c = data.data.communes.find((x) => x.code === list.areaCode) ?? data.data.totals;
              return (
                <>
                  <div>
                    <dt>{o.figures.pendingReview}</dt>
                    <dd data-testid="count-pending">{c.pendingReview.toLocaleString(lang)}</dd>
                  </div>
                  <div>
                    <dt>{o.figures.approvedAll}</dt>
                    <dd data-testid="count-approved">
                      {(c.approved + c.assigned + c.delivered).toLocaleString(lang)}
                    </dd>
                  </div>
                  <div>
                    <dt>{o.figures.rejected}</dt>
                    <dd>{c.rejected.toLocaleString(lang)}</dd>
                  </div>
                </>
              );
            })()}
          </dl>
        </section>
      )}

      <form
        class="card filters"
        role="search"
        key={`${search}:${data.data ? 1 : 0}`}
        onSubmit={(e) => {
          e.preventDefault();
          const f = new FormData(e.currentTarget);
          go({
            area: String(f.get('area') ?? ''),
            village: String(f.get('village') ?? '').trim(),
            q: String(f.get('q') ?? '').trim(),
            status: String(f.get('status') ?? ''),
            sort: String(f.get('sort') ?? ''),
          });
        }}
      >
        <SelectField
          grow
          id="r-area"
          name="area"
          label={o.review.commune}
          value={query.area ?? ''}
          options={[
            ['', o.review.allCommunes],
            ...(data.data?.communes ?? []).map((c): [string, string] => [
              c.code,
              o.review.communeOption(c.name, c.pendingReview),
            ]),
          ]}
        />
        <div class="field">
          <label for="r-village">{w.households.village}</label>
          <input id="r-village" name="village" defaultValue={query.village ?? ''} />
        </div>
        <div class="field">
          <label for="r-q">{o.review.search}</label>
          <input id="r-q" name="q" type="search" defaultValue={query.q ?? ''} />
        </div>
        <SelectField
          id="r-status"
          name="status"
          label={w.households.status}
          value={status}
          options={HOUSEHOLD_STATUSES.map((s) => [s, w.status[s]])}
        />
        <SelectField
          id="r-sort"
          name="sort"
          label={o.review.sort}
          value={query.sort ?? ''}
          options={[
            ['', o.review.sorts.default],
            ...HOUSEHOLD_SORTS.map((s): [string, string] => [s, o.review.sorts[s]]),
          ]}
        />
        <div class="actions">
          <button type="submit" class="button primary">
            {o.review.apply}
          </button>
        </div>
      </form>

      {status === 'registered' && (
        <div class="tabs" role="tablist" aria-label={o.review.tabsLabel}>
          {TABS.map((t) => (
            <a
              key={t}
              role="tab"
              aria-selected={t === tab}
              class="tab"
              href={`/review${searchOf({ ...query, tab: t, page: undefined })}`}
            >
              {o.review.tabs[t]}
            </a>
          ))}
        </div>
      )}

      {job && <JobProgress job={job} error={jobError} names={names} />}
      {error && <Notice kind="error">{error}</Notice>}

      {data.loading && <Loading />}
      {data.error !== null && !data.loading && <ErrorBox error={data.error} onRetry={data.reload} />}
      {data.data && !data.loading && (
        <>
          <p role="status">
            {(data.data.households.totalCapped ? w.households.countMoreThan : w.households.count)(total)}
          </p>
          {status === 'registered' && tab !== 'duplicates' && total > 0 && (
            <div class="card bulk">
              <p>
                {(more ? o.review.selectedMore : o.review.selected)(count)}{' '}
                {!allMatching && total > items.length && (
                  <button type="button" class="link-button" onClick={() => setAllMatching(true)}>
                    {(data.data.households.totalCapped
                      ? o.review.selectAllMatchingMore
                      : o.review.selectAllMatching)(total)}
                  </button>
                )}
              </p>
              <div class="actions">
                <button
                  type="button"
                  class="button primary"
                  disabled={count === 0 || job?.status === 'running'}
                  onClick={() => void act('approve')}
                >
                  {(more ? o.review.approveMore : o.review.approve)(count)}
                </button>
                <label class="visually-hidden" for="r-reason">
                  {o.review.reason}
                </label>
                <input
                  id="r-reason"
                  class="reason"
                  placeholder={o.review.reason}
                  value={reason}
                  onInput={(e) => setReason(e.currentTarget.value)}
                />
                <button
                  type="button"
                  class="button danger"
                  disabled={count === 0 || job?.status === 'running'}
                  onClick={() => void act('reject')}
                >
                  {(more ? o.review.rejectMore : o.review.reject)(count)}
                </button>
              </div>
            </div>
          )}
          {comparing && (
            <DuplicateCompare
              id={comparing}
              onDone={() => {
                setComparing(null);
                data.reload();
              }}
            />
          )}
          {items.length === 0 ? (
            <Empty>{o.review.empty}</Empty>
          ) : (
            <table class="list">
              <caption class="visually-hidden">{o.review.title}</caption>
              <thead>
                <tr>
                  {status === 'registered' && tab !== 'duplicates' && (
                    <th scope="col">
                      <input
                        type="checkbox"
                        aria-label={o.review.selectPage}
                        checked={pageAll}
                        onChange={() => {
                          const next = new Map(selected);
                          for (const h of items)
                            if (pageAll) next.delete(h.id);
                            else next.set(h.id, h);
                          setSelected(next);
                          setAllMatching(false);
                        }}
                      />
                    </th>
                  )}
                  {[
                    o.review.head,
                    o.review.commune,
                    w.households.village,
                    o.review.registeredAt,
                    w.households.eligibility,
                  ].map((label) => (
                    <th scope="col" key={label}>
                      {label}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {items.map((h) => (
                  <tr key={h.id}>
                    {status === 'registered' && tab !== 'duplicates' && (
                      <td>
                        <input
                          type="checkbox"
                          aria-label={o.review.select(h.head.fullName)}
                          checked={allMatching || selected.has(h.id)}
                          onChange={() => toggle(h)}
                        />
                      </td>
                    )}
                    <th scope="row">
                      <a href={`/households/${h.id}`}>{h.head.fullName}</a>
                      {h.needsDuplicateReview && (
                        <>
                          {' '}
                          <button type="button" class="button small" onClick={() => setComparing(h.id)}>
                            {o.review.compare}
                          </button>
                        </>
                      )}
                    </th>
                    <td data-label={o.review.commune}>{h.communeName ?? '…'}</td>
                    <td data-label={w.households.village}>{h.village}</td>
                    <td data-label={o.review.registeredAt}>{formatDateTime(h.createdAt, lang)}</td>
                    <td data-label={w.households.eligibility}>
                      {h.eligibility.eligible
                        ? w.households.eligible
                        : `${w.households.ineligible}: ${h.eligibilityReasons.map((r) => r[lang]).join('; ')}`}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          {(page > 1 || pager.hasNext) && (
            <nav class="pager" aria-label={pageLabel}>
              {page > 1 && (
                <a class="button" href={`/review${searchOf({ ...query, page: page - 1 })}`}>
                  {w.households.previous}
                </a>
              )}
              <span>{pageLabel}</span>
              {pager.hasNext && (
                <a class="button" href={`/review${searchOf({ ...query, page: page + 1 })}`}>
                  {w.households.next}
                </a>
              )}
            </nav>
          )}
        </>
      )}
    </>
  );
}
