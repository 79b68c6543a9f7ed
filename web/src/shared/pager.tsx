import { useWords } from './i18n';
import type { PagerState } from './list-pages';

/** "Trang trước · Trang 2/7 · Trang sau" under a list; nothing when the list fits one page. */
export function Pager({
  page,
  pager,
  hrefOf,
}: {
  page: number;
  pager: PagerState;
  hrefOf: (page: number) => string;
}) {
  const w = useWords();
  if (page === 1 && !pager.hasNext) return null;
  const label = (pager.more ? w.pager.pageOfMore : w.pager.page)(page, pager.pages);
  return (
    <nav class="pager" aria-label={label}>
      {page > 1 && (
        <a class="button" href={hrefOf(page - 1)}>
          {w.pager.previous}
        </a>
      )}
      <span>{label}</span>
      {pager.hasNext && (
        <a class="button" href={hrefOf(page + 1)}>
          {w.pager.next}
        </a>
      )}
    </nav>
  );
}
