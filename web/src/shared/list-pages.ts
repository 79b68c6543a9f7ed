// The pager of a household list whose total may be capped (GET /households: a list wider than one
// commune counts up to 1,000 and says totalCapped). Pure, for the list screens and their tests.

export interface CountedPage {
  total: number;
  totalCapped: boolean;
  items: readonly unknown[];
}

export interface PagerState {
  /** Pages the counted total fills (at least 1). */
  pages: number;
  /** More pages than `pages` may follow (the total was capped). */
  more: boolean;
  hasNext: boolean;
}

export function pagerOf(list: CountedPage, page: number, pageSize: number): PagerState {
  const pages = Math.max(1, Math.ceil(list.total / pageSize));
  // Past the counted total, a full page is the only sign that another may follow.
  const hasNext = page < pages || (list.totalCapped && list.items.length === pageSize);
  return { pages, more: list.totalCapped, hasNext };
}
