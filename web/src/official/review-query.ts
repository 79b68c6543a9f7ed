import { HOUSEHOLD_SORTS } from '../../../src/households/list-order';
import { HOUSEHOLD_STATUSES } from '../../../src/households/status';
import { officialApi } from './api';

// What the review queue's URL asks for, and how the queue is loaded from it.

export const REVIEW_PAGE_SIZE = 50;
export const REVIEW_TABS = ['eligible', 'ineligible', 'duplicates'] as const;
export type ReviewTab = (typeof REVIEW_TABS)[number];

/** What the URL asks for, as GET /households filters. */
export function filtersOf(q: Record<string, string>) {
  const status = HOUSEHOLD_STATUSES.find((s) => s === q.status) ?? 'registered';
  const tab: ReviewTab = REVIEW_TABS.find((t) => t === q.tab) ?? 'eligible';
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

export type QueueFilters = ReturnType<typeof filtersOf>['list'];

export async function loadQueue(list: QueueFilters, page: number) {
  const [households, counts] = await Promise.all([
    officialApi.households({ ...list, page, pageSize: REVIEW_PAGE_SIZE }),
    officialApi.coverage({ level: 'commune' }),
  ]);
  return { households, communes: counts.rows, totals: counts.totals };
}

export type LoadedQueue = Awaited<ReturnType<typeof loadQueue>>;

/**
 * Every id matching the filter, page by page (for "all matching" when no bulk filter can say it),
 * until a page comes short: a province-wide total stops counting at 1,000 (totalCapped).
 */
export async function idsMatching(list: QueueFilters): Promise<string[]> {
  const ids: string[] = [];
  for (let page = 1; ; page++) {
    const p = await officialApi.households({ ...list, sort: undefined, page, pageSize: 500 });
    ids.push(...p.items.map((h) => h.id));
    if (p.items.length < 500) return ids;
  }
}
