import { useState } from 'preact/hooks';
import { INSPECTION_RESULTS } from '../../../src/inspections/results';
import { ApiError } from '../shared/api';
import { useWords } from '../shared/i18n';
import { errorText, Notice } from '../shared/states';
import { officialApi, type Inspection } from './api';
import { useFieldListWords, useOfficialWords } from './words';

// One household of a field list, recorded on site from a phone: big choices for the result (in words),
// notes, and a clear message when someone else recorded it meanwhile (409), with a reload.

export type FieldLine = Inspection & { communeName?: string };

export function vietnamDate(iso: string): string {
  return new Date(iso).toLocaleDateString('vi-VN', {
    timeZone: 'Asia/Ho_Chi_Minh',
    day: '2-digit',
    month: '2-digit',
    year: 'numeric',
  });
}

export function InspectionRow({ line, onSaved }: { line: FieldLine; onSaved: () => void }) {
  const w = useWords();
  const o = useOfficialWords();
  const fl = useFieldListWords();
  const [current, setCurrent] = useState(line);
  const [editing, setEditing] = useState(line.status === 'pending');
  const [result, setResult] = useState<string>(line.result ?? '');
  const [notes, setNotes] = useState(line.notes ?? '');
  const [message, setMessage] = useState<{ kind: 'ok' | 'error'; text: string } | null>(null);
  const [conflict, setConflict] = useState(false);
  const words = (r: string | null | undefined) => (r ? (o.inspectionResults[r] ?? r) : null);

  const save = async (e: Event) => {
    e.preventDefault();
    if (!result) return;
    setMessage(null);
    try {
      const next = await officialApi.recordInspection(current.id, {
        result,
        notes: notes.trim() || undefined,
        version: current.status === 'inspected' ? current.version : undefined,
      });
      setCurrent({ ...current, ...next });
      setEditing(false);
      setMessage({ kind: 'ok', text: o.inspections.saved });
      onSaved();
    } catch (err) {
      if (err instanceof ApiError && err.status === 409) {
        const details = (err.details ?? {}) as { result?: string | null };
        setConflict(true);
        setMessage({ kind: 'error', text: fl.conflict(words(details.result)) });
      } else setMessage({ kind: 'error', text: errorText(err, w) });
    }
  };
  const reload = async () => {
    try {
      const fresh = await officialApi.inspection(current.id);
      setCurrent({ ...current, ...fresh });
      setResult(fresh.result ?? '');
      setNotes(fresh.notes ?? '');
      setEditing(fresh.status === 'pending');
      setConflict(false);
      setMessage(null);
      onSaved();
    } catch (err) {
      setMessage({ kind: 'error', text: errorText(err, w) });
    }
  };
  const c = fl.columns;
  const headingId = `h-${current.id}`;
  return (
    <li class="card inspection" aria-labelledby={headingId}>
      <h3 id={headingId}>
        {current.order}. {current.household.fullName}
      </h3>
      <p>{[current.communeName, current.village, current.household.address].filter(Boolean).join(' · ')}</p>
      <dl class="inspection-facts">
        <div>
          <dt>{c.serial}</dt>
          <dd>{current.serial ?? '–'}</dd>
        </div>
        <div>
          <dt>{c.deliveredAt}</dt>
          <dd>{current.deliveredAt ? vietnamDate(current.deliveredAt) : '–'}</dd>
        </div>
        <div>
          <dt>{c.phone}</dt>
          <dd>
            {current.household.phone ? (
              <a href={`tel:${current.household.phone}`}>{current.household.phone}</a>
            ) : (
              '–'
            )}
          </dd>
        </div>
      </dl>
      {current.status === 'inspected' && current.result && (
        <p role="status" class={current.result === 'ok' ? 'recorded' : 'recorded problem'}>
          {o.inspections.recorded(words(current.result) ?? '')}
          {current.notes ? ` · ${current.notes}` : ''}
        </p>
      )}
      {editing ? (
        <form onSubmit={save} aria-label={o.inspections.recordFor(current.household.fullName)}>
          <fieldset class="result-choices">
            <legend>{o.inspections.result}</legend>
            {INSPECTION_RESULTS.map((r) => (
              <label class="choice" key={r}>
                <input
                  type="radio"
                  name={`result-${current.id}`}
                  value={r}
                  checked={result === r}
                  onChange={() => setResult(r)}
                  required
                />
                {o.inspectionResults[r]}
              </label>
            ))}
          </fieldset>
          <div class="field">
            <label for={`n-${current.id}`}>{o.inspections.notes}</label>
            <input id={`n-${current.id}`} value={notes} onInput={(e) => setNotes(e.currentTarget.value)} />
          </div>
          <button type="submit" class="button primary wide">
            {o.inspections.record}
          </button>
        </form>
      ) : (
        <button type="button" class="button" onClick={() => setEditing(true)}>
          {fl.correct}
        </button>
      )}
      {message && <Notice kind={message.kind}>{message.text}</Notice>}
      {conflict && (
        <button type="button" class="button" onClick={() => void reload()}>
          {fl.reload}
        </button>
      )}
    </li>
  );
}
