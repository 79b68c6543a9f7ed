import { useState } from 'preact/hooks';
import { location, navigate } from '../shared/router';
import { queryOf, searchOf } from '../shared/routes';
import { Empty, Loading } from '../shared/states';
import { useStore } from '../shared/store';
import { BlankForms } from './blank-forms';
import { firstRows, groupWorklist, type DeliveryView, type StatusFilter } from './pack';
import { sync } from './sync';
import { useInstallerWords } from './words';
import type { InstallerWords } from './words-vi';

// One batch's households, from the device: by commune name and village, with counts; search by the
// head's name or the address (marks or none); filter by status and commune. Filters live in the URL.

const FILTERS: StatusFilter[] = ['todo', 'delivered', 'failed', 'all'];
/** Rows rendered at a time: enough for a screenful and a search, few enough for a cheap phone. */
const PAGE = 40;

export function StateBadge({ view, w }: { view: DeliveryView; w: InstallerWords }) {
  return (
    <span class={`badge state-${view.state}`}>
      {w.state[view.state]}
      {view.waiting && ` · ${w.state.waiting}`}
      {view.refused && ` · ${w.state.refused}`}
    </span>
  );
}

export function WorklistPage({ batchId }: { batchId: string }) {
  const w = useInstallerWords();
  const s = useStore(sync);
  const { path, search } = useStore(location);
  const q = queryOf(search);
  const status = (FILTERS as string[]).includes(q.status) ? (q.status as StatusFilter) : 'todo';
  const set = (k: string, v: string) => navigate(path + searchOf({ ...q, [k]: v }), { replace: true });
  const [shown, setShown] = useState(PAGE);
  if (!s.ready) return <Loading />;
  const pack = s.packs.find((p) => p.batch.id === batchId);
  if (!pack) return <Empty>{w.batches.notOnDevice}</Empty>;
  const all = groupWorklist(pack, s.changes, { q: q.q, status, communeCode: q.commune });
  const { groups, hidden } = firstRows(all, shown);
  const communes = Object.entries(pack.communeNames).sort((a, b) => a[1].localeCompare(b[1], 'vi'));
  return (
    <>
      <h1>{pack.batch.name}</h1>
      <div class="worklist-filters">
        <label for="wl-q">{w.worklist.search}</label>
        <input
          id="wl-q"
          type="search"
          value={q.q ?? ''}
          aria-describedby="wl-q-hint"
          onInput={(e) => set('q', e.currentTarget.value)}
        />
        <p class="hint" id="wl-q-hint">
          {w.worklist.searchHint}
        </p>
        <fieldset class="segmented">
          <legend>{w.worklist.status}</legend>
          {FILTERS.map((f) => (
            <label key={f} class={f === status ? 'on' : ''}>
              <input type="radio" name="wl-status" checked={f === status} onChange={() => set('status', f)} />
              {w.worklist.statuses[f]}
            </label>
          ))}
        </fieldset>
        {communes.length > 1 && (
          <>
            <label for="wl-commune">{w.worklist.commune}</label>
            <select
              id="wl-commune"
              value={q.commune ?? ''}
              onChange={(e) => set('commune', e.currentTarget.value)}
            >
              <option value="">{w.worklist.allCommunes}</option>
              {communes.map(([code, name]) => (
                <option key={code} value={code}>
                  {name}
                </option>
              ))}
            </select>
          </>
        )}
      </div>
      {all.length === 0 && <Empty>{w.worklist.empty}</Empty>}
      {groups.map((c) => (
        <section key={c.communeCode} class="wl-commune" aria-label={c.communeName}>
          <h2>
            {c.communeName} <span class="count">{w.worklist.counts(c.todo, c.total)}</span>
          </h2>
          {c.villages.map((v) => (
            <section key={v.village} class="wl-village" aria-label={`${v.village}, ${c.communeName}`}>
              <h3>
                {v.village} <span class="count">{w.worklist.counts(v.todo, v.total)}</span>
              </h3>
              <ul class="wl-items">
                {v.items.map((view) => (
                  <li key={view.delivery.id}>
                    <a class="wl-item" href={`/installer/deliveries/${view.delivery.id}`}>
                      <strong>{view.delivery.household.fullName}</strong>
                      <span>{view.delivery.household.address ?? v.village}</span>
                      <StateBadge view={view} w={w} />
                    </a>
                  </li>
                ))}
              </ul>
            </section>
          ))}
        </section>
      ))}
      {hidden > 0 && (
        <button type="button" class="button big wl-more" onClick={() => setShown(shown + PAGE)}>
          {w.worklist.more(Math.min(PAGE, hidden), hidden)}
        </button>
      )}
      <BlankForms batchId={batchId} />
    </>
  );
}
