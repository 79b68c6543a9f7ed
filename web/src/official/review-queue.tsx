import { useState } from 'preact/hooks';
import { useWords } from '../shared/i18n';
import { location, navigate } from '../shared/router';
import { queryOf, searchOf } from '../shared/routes';
import { Empty, ErrorBox, errorText, Loading, Notice } from '../shared/states';
import { useStore } from '../shared/store';
import { useLoad } from '../shared/use-load';
import { officialApi, type BulkBody, type HouseholdListItem, type Job } from './api';
import { JobProgress, useJob } from './bulk-job';
import { DuplicateCompare } from './duplicate-compare';
import { QueueCounts, QueueFilterForm, QueueTabs } from './review-filters';
import { filtersOf, idsMatching, loadQueue, REVIEW_PAGE_SIZE, REVIEW_TABS } from './review-query';
import { QueueTable } from './review-table';
import { useOfficialWords } from './words';
import { pagerOf } from '../shared/list-pages';
import { Pager } from '../shared/pager';

// The official's review queue (DESIGN §13): registered households filtered by commune, village, name
// and tab, approved or rejected in one action (chosen ones or every match), with the bulk job's progress.

export function ReviewQueue() {
  const w = useWords();
  const o = useOfficialWords();
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
  const choose = (next: Map<string, HouseholdListItem>) => {
    setSelected(next);
    setAllMatching(false);
  };
  const go = (changes: Record<string, string | undefined>) => {
    choose(new Map());
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
      choose(new Map());
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
    ? pagerOf(data.data.households, page, REVIEW_PAGE_SIZE)
    : { pages: 1, more: false, hasNext: false };
  const selectable = status === 'registered' && tab !== 'duplicates';
  const toggle = (h: HouseholdListItem) => {
    const next = new Map(selected);
    if (next.has(h.id)) next.delete(h.id);
    else next.set(h.id, h);
    choose(next);
  };
  const togglePage = () => {
    const pageAll = items.every((h) => selected.has(h.id));
    const next = new Map(selected);
    for (const h of items)
      if (pageAll) next.delete(h.id);
      else next.set(h.id, h);
    choose(next);
  };
  const running = job?.status === 'running';
  // An emptied group while others still hold households awaiting review: say where they are (the
  // counts are the commune's, so only when no village or name narrows the list).
  const counted = data.data?.communes.find((c) => c.code === list.areaCode) ?? data.data?.totals;
  const elsewhere = status === 'registered' && !list.village && !list.q ? (counted?.pendingReview ?? 0) : 0;
  const emptyText =
    elsewhere > 0
      ? o.review.emptyTab(
          elsewhere,
          REVIEW_TABS.filter((t) => t !== tab).map((t) => o.review.tabs[t]),
        )
      : o.review.empty;

  return (
    <>
      <h1>{o.review.title}</h1>
      {data.data && <QueueCounts queue={data.data} areaCode={list.areaCode} />}
      <QueueFilterForm
        query={query}
        status={status}
        communes={data.data?.communes ?? []}
        formKey={`${search}:${data.data ? 1 : 0}`}
        go={go}
      />
      {status === 'registered' && <QueueTabs query={query} tab={tab} />}

      {job && <JobProgress job={job} error={jobError} names={names} />}
      {error && <Notice kind="error">{error}</Notice>}

      {data.loading && <Loading />}
      {data.error !== null && !data.loading && <ErrorBox error={data.error} onRetry={data.reload} />}
      {data.data && !data.loading && (
        <>
          <p role="status">
            {(data.data.households.totalCapped ? w.households.countMoreThan : w.households.count)(total)}
          </p>
          {selectable && total > 0 && (
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
                  disabled={count === 0 || running}
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
                  disabled={count === 0 || running}
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
            <Empty>{emptyText}</Empty>
          ) : (
            <QueueTable
              items={items}
              selectable={selectable}
              isSelected={(h) => allMatching || selected.has(h.id)}
              toggle={toggle}
              togglePage={togglePage}
              compare={setComparing}
            />
          )}
          <Pager page={page} pager={pager} hrefOf={(p) => `/review${searchOf({ ...query, page: p })}`} />
        </>
      )}
    </>
  );
}
