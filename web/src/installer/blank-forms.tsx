import { useState } from 'preact/hooks';
import { ApiError } from '../shared/api';
import { useStore } from '../shared/store';
import { openPrintable } from './handover';
import { installerApi } from './installer-api';
import { newIdempotencyKey } from './outbox';
import { sync } from './sync';
import { useInstallerWords } from './words';

// "In biên bản trắng" on the batch page (issue 12, item 7): reserves numbers of the province's
// sequence for paper forms (online only; the Idempotency-Key is fixed at the tap, so a retried
// request reserves once) and opens the printable A4 forms fetched with the session.

const COUNTS = [1, 5, 10, 20, 50];

/** A paper number as typed ("123/2026", "000123/2026/bb-bg") in the form the server keeps, or null. */
export function paperNumberOf(typed: string): string | null {
  const m = /^\s*(\d{1,6})\s*\/\s*(\d{4})\s*(?:\/\s*BB-BG)?\s*$/i.exec(typed);
  return m ? `${m[1].padStart(6, '0')}/${m[2]}/BB-BG` : null;
}

export function BlankForms({ batchId }: { batchId: string }) {
  const w = useInstallerWords();
  const s = useStore(sync);
  const [count, setCount] = useState(5);
  const [busy, setBusy] = useState(false);
  const [note, setNote] = useState<{ ok: boolean; text: string } | null>(null);
  const print = async () => {
    setBusy(true);
    setNote(null);
    const key = newIdempotencyKey();
    try {
      await openPrintable(async () => {
        const form = await installerApi.reserveForms(batchId, count, key);
        const numbers = form.numbers.map((n) => n.number);
        setNote({
          ok: true,
          text: w.blankForms.reserved(numbers[0], numbers[numbers.length - 1], numbers.length),
        });
        return installerApi.blankForms(form.id);
      });
    } catch (err) {
      setNote({ ok: false, text: err instanceof ApiError ? err.message : w.blankForms.failed });
    } finally {
      setBusy(false);
    }
  };
  return (
    <section class="card blank-forms" aria-labelledby="bf-title">
      <h2 id="bf-title">{w.blankForms.title}</h2>
      <p class="hint">{w.blankForms.intro}</p>
      <label for="bf-count">{w.blankForms.count}</label>
      <select id="bf-count" value={String(count)} onChange={(e) => setCount(Number(e.currentTarget.value))}>
        {COUNTS.map((n) => (
          <option key={n} value={String(n)}>
            {n}
          </option>
        ))}
      </select>
      <button
        type="button"
        class="button big"
        disabled={busy || !s.online}
        aria-describedby={s.online ? undefined : 'bf-offline'}
        onClick={() => void print()}
      >
        {busy ? w.blankForms.reserving : w.blankForms.print}
      </button>
      {!s.online && (
        <p class="hint" id="bf-offline">
          {w.blankForms.offline}
        </p>
      )}
      {note && (
        <p class={note.ok ? 'serial-ok' : 'error'} role="status">
          {note.text}
        </p>
      )}
    </section>
  );
}
