import { useState } from 'preact/hooks';
import { PERMANENT_FAILURES, TEMPORARY_FAILURES, type FailureReason } from '../../../src/batches/status';
import { Field } from '../shared/field';
import { newIdempotencyKey } from './outbox';
import type { PackDelivery } from './pack';
import { capture } from './sync';
import { useInstallerWords } from './words';

// Why a household could not be served, in words; a temporary reason keeps it for a revisit.

export function FailForm(props: { delivery: PackDelivery; onDone: () => void }) {
  const w = useInstallerWords();
  const [reason, setReason] = useState<FailureReason | null>(null);
  const [notes, setNotes] = useState('');
  const [error, setError] = useState<string | null>(null);
  const temporary = reason !== null && (TEMPORARY_FAILURES as readonly string[]).includes(reason);

  const submit = async (e: Event) => {
    e.preventDefault();
    if (!reason) {
      setError(w.fail.pick);
      return;
    }
    const now = new Date().toISOString();
    await capture({
      kind: 'fail',
      key: newIdempotencyKey(),
      deliveryId: props.delivery.id,
      batchId: props.delivery.batchId,
      householdName: props.delivery.household.fullName,
      capturedAt: now,
      temporary,
      body: { reason, notes: notes.trim() || null, capturedAt: now },
    });
    props.onDone();
  };

  const option = (r: FailureReason) => (
    <label key={r} class={`choice big-choice${r === reason ? ' on' : ''}`}>
      <input type="radio" name="f-reason" checked={r === reason} onChange={() => setReason(r)} />
      {w.reasons[r]}
    </label>
  );

  return (
    <form class="card fail-form" onSubmit={(e) => void submit(e)} noValidate>
      <h2>{w.fail.title}</h2>
      <fieldset class={error ? 'field-invalid' : ''}>
        <legend>{w.fail.reason}</legend>
        {TEMPORARY_FAILURES.map(option)}
        <hr />
        {PERMANENT_FAILURES.map(option)}
        {error && <p class="error">{error}</p>}
      </fieldset>
      {reason && (
        <p class={temporary ? 'alert alert-info' : 'alert alert-error'} role="status">
          {temporary ? w.fail.temporary : w.fail.permanent}
        </p>
      )}
      <Field id="f-notes" label={w.fail.notes}>
        {(a) => <textarea {...a} rows={2} value={notes} onInput={(e) => setNotes(e.currentTarget.value)} />}
      </Field>
      <button type="submit" class="button primary big">
        {w.fail.submit}
      </button>
    </form>
  );
}
