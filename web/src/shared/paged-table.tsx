import type { ComponentChildren } from 'preact';
import type { Page } from './api';
import { pagerOf } from './list-pages';
import { Pager } from './pager';
import { Empty, ErrorBox, Loading } from './states';
import type { Loaded } from './use-load';
import { HeaderRow } from './header-row';

/**
 * A list page's loaded table: loading, the error with a retry, the empty text, or the table (its
 * caption counting the whole list) and the pager under it.
 */
export function PagedTable<T>(props: {
  /** A capped total (totalCapped: wider than a commune, counted up to 1,000) pages on while pages are full. */
  list: Loaded<(Page<T> & { totalCapped?: boolean }) | null>;
  page: number;
  pageSize: number;
  hrefOf: (page: number) => string;
  empty: string;
  caption: (total: number, capped: boolean) => string;
  labels: string[];
  class?: string;
  row: (item: T) => ComponentChildren;
}) {
  const { list } = props;
  return (
    <>
      {list.loading && <Loading />}
      {list.error !== null && <ErrorBox error={list.error} onRetry={list.reload} />}
      {list.data &&
        (list.data.items.length === 0 ? (
          <Empty>{props.empty}</Empty>
        ) : (
          <table class={props.class ? `list ${props.class}` : 'list'}>
            <caption>{props.caption(list.data.total, list.data.totalCapped ?? false)}</caption>
            <thead>
              <HeaderRow labels={props.labels} />
            </thead>
            <tbody>{list.data.items.map(props.row)}</tbody>
          </table>
        ))}
      {list.data && (
        <Pager
          page={props.page}
          pager={pagerOf(
            { ...list.data, totalCapped: list.data.totalCapped ?? false },
            props.page,
            props.pageSize,
          )}
          hrefOf={props.hrefOf}
        />
      )}
    </>
  );
}
