import { useState } from 'preact/hooks';
import type { ListHouseholdsInput } from '../../../src/households/service';
import type { HouseholdListItem } from '../../../src/households/shapes';
import { HOUSEHOLD_STATUSES } from '../../../src/households/status';
import { api } from '../shared/api';
import { language, useWords } from '../shared/i18n';
import { location, navigate } from '../shared/router';
import { householdPath, queryOf, searchOf } from '../shared/routes';
import { saveFile } from '../shared/save-file';
import { signedInUser } from '../shared/session';
import { Empty, ErrorBox, Loading } from '../shared/states';
import { useStore } from '../shared/store';
import { useLoad } from '../shared/use-load';
import { pagerOf } from '../shared/list-pages';
import { Pager } from '../shared/pager';
import { CoverageCard } from './coverage-card';

const PAGE_SIZE = 20;

function filtersOf(query: Record<string, string>): Partial<ListHouseholdsInput> {
  const status = HOUSEHOLD_STATUSES.find((s) => s === query.status);
  return {
    q: query.q || undefined,
    village: query.village || undefined,
    status,
    eligible: query.eligible === 'true' ? true : query.eligible === 'false' ? false : undefined,
    needsDuplicateReview: query.duplicates === 'true' ? true : undefined,
  };
}

export function HouseholdsList() {
  const w = useWords();
  const lang = useStore(language);
  const { search } = useStore(location);
  const query = queryOf(search);
  const filters = filtersOf(query);
  const page = Math.max(1, Number(query.page) || 1);
  const list = useLoad(() => api.households({ ...filters, page, pageSize: PAGE_SIZE }), [search]);
  const user = signedInUser();
  const [exporting, setExporting] = useState<unknown>(null);
  const filtered = Object.values(filters).some((v) => v !== undefined);

  const apply = (e: Event) => {
    e.preventDefault();
    const form = new FormData(e.currentTarget as HTMLFormElement);
    navigate(
      '/households' +
        searchOf({
          q: String(form.get('q') ?? '').trim(),
          village: String(form.get('village') ?? '').trim(),
          status: String(form.get('status') ?? ''),
          eligible: String(form.get('eligible') ?? ''),
          duplicates: form.get('duplicates') ? 'true' : '',
        }),
    );
  };

  const download = async (format: 'csv' | 'xlsx') => {
    setExporting('busy');
    try {
      saveFile(await api.exportHouseholds(filters, format, lang));
      setExporting(null);
    } catch (err) {
      setExporting(err);
    }
  };

  const pager = list.data ? pagerOf(list.data, page, PAGE_SIZE) : { pages: 1, more: false, hasNext: false };
  return (
    <>
      <h1>{w.households.title}</h1>
      {user?.role === 'commune_staff' && user.scope && <CoverageCard communeCode={user.scope.code} />}
      <form class="card filters" role="search" onSubmit={apply} key={search}>
        <div class="field grow">
          <label for="q">{w.households.search}</label>
          <input id="q" name="q" type="search" defaultValue={query.q ?? ''} aria-describedby="q-hint" />
          <p class="hint" id="q-hint">
            {w.households.searchHint}
          </p>
        </div>
        <div class="field">
          <label for="f-village">{w.households.village}</label>
          <input id="f-village" name="village" defaultValue={query.village ?? ''} />
        </div>
        <div class="field">
          <label for="f-status">{w.households.status}</label>
          <select id="f-status" name="status" defaultValue={query.status ?? ''}>
            <option value="">{w.all}</option>
            {HOUSEHOLD_STATUSES.map((s) => (
              <option key={s} value={s}>
                {w.status[s]}
              </option>
            ))}
          </select>
        </div>
        <div class="field">
          <label for="f-eligible">{w.households.eligibility}</label>
          <select id="f-eligible" name="eligible" defaultValue={query.eligible ?? ''}>
            <option value="">{w.all}</option>
            <option value="true">{w.households.eligible}</option>
            <option value="false">{w.households.ineligible}</option>
          </select>
        </div>
        <div class="field check">
          <input
            id="f-duplicates"
            name="duplicates"
            type="checkbox"
            defaultChecked={query.duplicates === 'true'}
          />
          <label for="f-duplicates">{w.households.onlyDuplicates}</label>
        </div>
        <div class="actions">
          <button type="submit" class="button primary">
            {w.households.searchButton}
          </button>
          {filtered && (
            <a class="button" href="/households">
              {w.households.clearFilters}
            </a>
          )}
        </div>
      </form>

      <div class="toolbar">
        <button
          type="button"
          class="button"
          onClick={() => void download('xlsx')}
          disabled={exporting === 'busy'}
        >
          {w.households.exportXlsx}
        </button>
        <button
          type="button"
          class="button"
          onClick={() => void download('csv')}
          disabled={exporting === 'busy'}
        >
          {w.households.exportCsv}
        </button>
        {exporting === 'busy' && <span role="status">{w.households.exporting}</span>}
      </div>
      {exporting !== null && exporting !== 'busy' && <ErrorBox error={exporting} />}

      {list.loading && <Loading />}
      {list.error !== null && !list.loading && <ErrorBox error={list.error} onRetry={list.reload} />}
      {list.data && !list.loading && (
        <>
          <p role="status">
            {(list.data.totalCapped ? w.households.countMoreThan : w.households.count)(list.data.total)}
          </p>
          {list.data.items.length === 0 ? (
            <Empty>{filtered ? w.households.emptyFiltered : w.households.empty}</Empty>
          ) : (
            <HouseholdTable items={list.data.items} wide={user?.role !== 'commune_staff'} />
          )}
          <Pager page={page} pager={pager} hrefOf={(p) => '/households' + searchOf({ ...query, page: p })} />
        </>
      )}
    </>
  );
}

/** `wide`: a list beyond one commune (an official's), which names each household's commune. */
function HouseholdTable({ items, wide }: { items: HouseholdListItem[]; wide: boolean }) {
  const w = useWords();
  return (
    <table class="list">
      <caption class="visually-hidden">{w.households.listLabel}</caption>
      <thead>
        <tr>
          <th scope="col">{w.households.head}</th>
          {wide && <th scope="col">{w.households.commune}</th>}
          <th scope="col">{w.households.village}</th>
          <th scope="col">{w.households.nationalId}</th>
          <th scope="col">{w.households.status}</th>
          <th scope="col">{w.households.eligibility}</th>
        </tr>
      </thead>
      <tbody>
        {items.map((h) => (
          <tr key={h.id}>
            <th scope="row">
              <a href={householdPath(h.id)}>{h.head.fullName}</a>
              {h.needsDuplicateReview && <span class="badge warn"> {w.households.duplicateFlag}</span>}
            </th>
            {wide && <td data-label={w.households.commune}>{h.communeName ?? ''}</td>}
            <td data-label={w.households.village}>{h.village}</td>
            <td data-label={w.households.nationalId}>{h.head.nationalId}</td>
            <td data-label={w.households.status}>{w.status[h.status]}</td>
            <td data-label={w.households.eligibility}>
              {h.eligibility.eligible ? (
                w.households.eligible
              ) : (
                <>
                  {w.households.ineligible}: {h.eligibility.reasons.map((r) => w.reasons[r]).join('; ')}
                </>
              )}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
