import { formatDateTime, language } from '../shared/i18n';
import { plannedDates } from '../shared/planned-dates';
import { Empty, Loading } from '../shared/states';
import { useStore } from '../shared/store';
import { groupWorklist } from './pack';
import { sync } from './sync';
import { useInstallerWords } from './words';

// The installer's batches in progress, as kept on the device.

export function BatchesPage() {
  const w = useInstallerWords();
  const s = useStore(sync);
  const lang = useStore(language);
  if (!s.ready) return <Loading />;
  return (
    <>
      <h1>{w.batches.title}</h1>
      {s.packs.length === 0 && <Empty>{s.lastSync ? w.batches.none : w.batches.notOnDevice}</Empty>}
      <ul class="batch-list">
        {s.packs.map((p) => {
          const groups = groupWorklist(p, s.changes, { status: 'all' });
          const todo = groups.reduce((n, c) => n + c.todo, 0);
          const total = groups.reduce((n, c) => n + c.total, 0);
          return (
            <li key={p.batch.id}>
              <a class="batch-card" href={`/installer/batches/${p.batch.id}`}>
                <strong>{p.batch.name}</strong>
                <span>{groups.map((c) => c.communeName).join(', ')}</span>
                <span>
                  {w.batches.dates}: {plannedDates(p.batch.plannedStart, p.batch.plannedEnd, lang, w.batches)}
                </span>
                <span class="batch-left">{w.batches.left(todo, total)}</span>
                <span class="hint">
                  {w.worklist.generatedAt} {formatDateTime(p.generatedAt, lang)}
                </span>
              </a>
            </li>
          );
        })}
      </ul>
    </>
  );
}
