import { HOUSEHOLD_SORTS } from '../../../src/households/list-order';
import { HOUSEHOLD_STATUSES } from '../../../src/households/status';
import { language, useWords } from '../shared/i18n';
import { searchOf } from '../shared/routes';
import { useStore } from '../shared/store';
import { REVIEW_TABS, type LoadedQueue, type ReviewTab } from './review-query';
import { SelectField } from './select-field';
import { useOfficialWords } from './words';

// The review queue's head: the chosen commune's counts, the filter form and the tabs.

/** Pending, approved and rejected of the chosen commune (or of the official's whole area). */
export function QueueCounts({ queue, areaCode }: { queue: LoadedQueue; areaCode: string | undefined }) {
  const o = useOfficialWords();
  const lang = useStore(language);
  const commune = queue.communes.find((x) => x.code === areaCode);
  const c = commune ?? queue.totals;
  return (
    <section class="card coverage" aria-labelledby="queue-counts">
      <h2 id="queue-counts">{commune?.name ?? queue.totals.name}</h2>
      <dl>
        <div>
          <dt>{o.figures.pendingReview}</dt>
          <dd data-testid="count-pending">{c.pendingReview.toLocaleString(lang)}</dd>
        </div>
        <div>
          <dt>{o.figures.approvedAll}</dt>
          <dd data-testid="count-approved">{(c.approved + c.assigned + c.delivered).toLocaleString(lang)}</dd>
        </div>
        <div>
          <dt>{o.figures.rejected}</dt>
          <dd>{c.rejected.toLocaleString(lang)}</dd>
        </div>
      </dl>
    </section>
  );
}

/** The filter form; `go` gets the URL's new values. */
export function QueueFilterForm(props: {
  query: Record<string, string>;
  status: string;
  communes: LoadedQueue['communes'];
  /** Remounts the form (its fields are uncontrolled) when the URL or the loaded communes change. */
  formKey: string;
  go: (changes: Record<string, string>) => void;
}) {
  const w = useWords();
  const o = useOfficialWords();
  const { query } = props;
  return (
    <form
      class="card filters"
      role="search"
      key={props.formKey}
      onSubmit={(e) => {
        e.preventDefault();
        const f = new FormData(e.currentTarget);
        props.go({
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
          ...props.communes.map((c): [string, string] => [
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
        value={props.status}
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
  );
}

/** Eligible, not eligible, possible duplicates: the registered households to review. */
export function QueueTabs({ query, tab }: { query: Record<string, string>; tab: ReviewTab }) {
  const o = useOfficialWords();
  return (
    <div class="tabs" role="tablist" aria-label={o.review.tabsLabel}>
      {REVIEW_TABS.map((t) => (
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
  );
}
