import { AREA_LEVELS, type AreaLevel } from '../../../src/users/roles';
import { api, type Area } from '../shared/api';
import { formatDay } from '../shared/format-date';
import { onFilterSubmit } from '../shared/filter-form';
import { language, useWords } from '../shared/i18n';
import { PagedTable } from '../shared/paged-table';
import { location } from '../shared/router';
import { queryOf, searchOf } from '../shared/routes';
import { useStore } from '../shared/store';
import { useLoad } from '../shared/use-load';
import { AreaName } from './area-name';
import { useAreaWords } from './area-words';

// The list in use, browsed (the provinces, then what is under the one chosen) or searched by name.
// The view lives in the URL (/areas?parent=25, /areas?q=tan+son&level=commune): Back goes back up.

const PAGE_SIZE = 50;

export function AreaBrowser({ round }: { round: number }) {
  const t = useAreaWords();
  const { search } = useStore(location);
  const query = queryOf(search);
  const page = Math.max(1, Number(query.page) || 1);
  const level = (AREA_LEVELS as readonly string[]).includes(query.level)
    ? (query.level as AreaLevel)
    : undefined;
  const searching = Boolean(query.q?.trim());
  const list = useLoad(
    () =>
      api.areas(
        searching
          ? { q: query.q, level, page, pageSize: PAGE_SIZE }
          : query.parent
            ? { parentCode: query.parent, page, pageSize: PAGE_SIZE }
            : { level: 'province', page, pageSize: PAGE_SIZE },
      ),
    [search, round],
  );
  const labels = [t.cols.name, t.cols.type, t.cols.code, ...(searching ? [t.cols.parent] : []), t.cols.notes];
  return (
    <section class="card" aria-labelledby="areas-browse">
      <h2 id="areas-browse">{t.browseTitle}</h2>
      <form class="filters" role="search" onSubmit={onFilterSubmit('/areas', ['q', 'level'])} key={search}>
        <div class="field grow">
          <label for="areas-q">{t.search}</label>
          <input
            id="areas-q"
            name="q"
            type="search"
            defaultValue={query.q ?? ''}
            aria-describedby="areas-q-hint"
          />
          <p class="hint" id="areas-q-hint">
            {t.searchHint}
          </p>
        </div>
        <div class="field">
          <label for="areas-level">{t.level}</label>
          <select id="areas-level" name="level" defaultValue={level ?? ''}>
            <option value="">{t.allLevels}</option>
            {AREA_LEVELS.map((l) => (
              <option key={l} value={l} selected={l === level}>
                {t.levels[l]}
              </option>
            ))}
          </select>
        </div>
        <div class="actions">
          <button type="submit" class="button primary">
            {t.find}
          </button>
          {(query.q || query.level) && (
            <a class="button" href="/areas">
              {t.clear}
            </a>
          )}
        </div>
      </form>
      {!searching && query.parent && <Trail code={query.parent} />}
      <PagedTable
        list={list}
        page={page}
        pageSize={PAGE_SIZE}
        hrefOf={(p) => '/areas' + searchOf({ ...query, page: p })}
        empty={searching ? t.empty : t.noChildren}
        caption={(total) => t.found(total)}
        labels={labels}
        class="areas"
        row={(a: Area) => <AreaRow key={a.code} area={a} withParent={searching} />}
      />
    </section>
  );
}

/** "Cả nước › Tỉnh Phú Thọ › Thành phố Việt Trì": where the list is, each step a link up. */
function Trail({ code }: { code: string }) {
  const t = useAreaWords();
  const area = useLoad(() => api.area(code), [code]);
  const a = area.data;
  const steps = a ? [...(a.level === 'district' ? [a.provinceCode] : []), a.code] : [code];
  return (
    <nav aria-label={t.cols.parent}>
      <ol class="trail">
        <li>
          <a href="/areas">{t.country}</a>
        </li>
        {steps.map((s, i) => (
          <li key={s}>
            {i === steps.length - 1 ? (
              <strong aria-current="page">{a?.name ?? '…'}</strong>
            ) : (
              <a href={`/areas?parent=${s}`}>
                <AreaName code={s} />
              </a>
            )}
          </li>
        ))}
      </ol>
    </nav>
  );
}

function AreaRow({ area: a, withParent }: { area: Area; withParent: boolean }) {
  const t = useAreaWords();
  const w = useWords();
  const lang = useStore(language);
  const notes =
    a.level === 'commune'
      ? [
          a.targets ? t.targets(a.targets.poor, a.targets.nearPoor, a.targets.listYear) : t.noTargets,
          ...(a.defaultReceiverType ? [w.receiverType[a.defaultReceiverType]] : []),
        ].join(' · ')
      : a.level === 'province'
        ? a.switchOffDate
          ? t.switchOff(formatDay(a.switchOffDate, lang))
          : t.noSwitchOff
        : '–';
  return (
    <tr>
      <th scope="row">
        {a.level === 'commune' ? (
          a.name
        ) : (
          <a href={`/areas?parent=${a.code}`} title={t.open(a.name)}>
            {a.name}
          </a>
        )}
      </th>
      <td data-label={t.cols.type}>{a.type}</td>
      <td data-label={t.cols.code}>{a.code}</td>
      {withParent && (
        <td data-label={t.cols.parent}>{a.parentCode ? <AreaName code={a.parentCode} /> : t.country}</td>
      )}
      <td data-label={t.cols.notes}>{notes}</td>
    </tr>
  );
}
