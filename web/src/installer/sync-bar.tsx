import { formatDateTime, language } from '../shared/i18n';
import { useStore } from '../shared/store';
import type { OutboxItem } from './outbox';
import { dismissRefusal, sync, syncNow } from './sync';
import { useInstallerWords } from './words';
import type { InstallerWords } from './words-vi';

// Always on screen in the installer's workspace: online or not, what waits, the last good sync, and
// every refusal until the installer dismisses it.

function whatToDo(item: OutboxItem, w: InstallerWords): string {
  const status = item.refusal?.status ?? 0;
  if (status === 409) return w.refusal.what409;
  if (status === 404) return w.refusal.what404;
  if (status === 422) return w.refusal.what422;
  if (status === 413) return w.refusal.what413;
  return w.refusal.what400;
}

function RefusalCard({ item }: { item: OutboxItem }) {
  const w = useInstallerWords();
  return (
    <div class="alert alert-error refusal" role="alert">
      <p>
        <strong>
          {w.refusal.title}: {w.refusal.kinds[item.kind]} – {item.householdName}
        </strong>
      </p>
      <p>{item.refusal?.message}</p>
      <p>{whatToDo(item, w)}</p>
      <button type="button" class="button" onClick={() => void dismissRefusal(item)}>
        {w.refusal.dismiss}
      </button>
    </div>
  );
}

export function SyncBar() {
  const w = useInstallerWords();
  const s = useStore(sync);
  const lang = useStore(language);
  return (
    <section class={`sync-bar ${s.online ? 'is-online' : 'is-offline'}`} aria-label={w.status.lastSync}>
      <p class="sync-line" role="status" aria-live="polite">
        <span class="sync-dot" aria-hidden="true" />
        <strong>{s.online ? w.status.online : w.status.offline}</strong>
        <span class="sync-waiting">{w.status.waiting(s.waiting, s.refused.length)}</span>
      </p>
      <p class="sync-line">
        <span>
          {w.status.lastSync}: {s.lastSync ? formatDateTime(s.lastSync, lang) : w.status.never}
        </span>
        <button
          type="button"
          class="button primary"
          disabled={s.sending || !s.online}
          onClick={() => void syncNow().catch(() => undefined)}
        >
          {s.sending ? w.status.sending : s.waiting > 0 ? w.status.sendNow : w.status.refreshNow}
        </button>
      </p>
      {s.storageError && <p class="alert alert-error">{w.status.storage}</p>}
      {s.refused.map((item) => (
        <RefusalCard key={item.seq} item={item} />
      ))}
    </section>
  );
}
