import type { FunctionComponent } from 'preact';
import { useState } from 'preact/hooks';
import { Field } from '../shared/field';
import { paperNumberOf } from './blank-forms';
import { newIdempotencyKey, type OutboxItem } from './outbox';
import { checkSerial, normalizeSerial, type LocalChange, type OfflinePack, type PackDelivery } from './pack';
import { currentPlace, shrinkPhoto, type Place } from './photo';
import { capture } from './sync';
import { useInstallerWords } from './words';
import type { InstallerWords } from './words-vi';

// Confirming a handover on the device: checked here for what the device knows (the serial against
// the batch's allocated receivers, the recipient's ID digits against the head's), then put in the
// outbox with its Idempotency-Key; the server decides when it arrives.

type ScannerProps = { onSerial: (s: string) => void; onClose: () => void };

export const lastFourOf = (maskedId: string) => maskedId.replace(/\D/g, '').slice(-4);

interface Draft {
  serial: string;
  recipientName: string;
  idLast4: string;
  relation: string;
  signal: boolean | null;
  notes: string;
  paper: string;
}

type Errors = Partial<Record<keyof Draft, string>>;

function problemsOf(d: Draft, headLast4: string, w: InstallerWords): Errors {
  const e: Errors = {};
  if (normalizeSerial(d.serial).length < 4) e.serial = w.confirm.errors.serial;
  if (d.recipientName.trim().length < 2) e.recipientName = w.confirm.errors.recipient;
  if (!/^\d{4}$/.test(d.idLast4)) e.idLast4 = w.confirm.errors.idLast4;
  else if (d.idLast4 !== headLast4 && d.relation.trim().length < 2) e.relation = w.confirm.errors.relation;
  if (d.signal === null) e.signal = w.confirm.errors.signal;
  if (d.paper.trim() && !paperNumberOf(d.paper)) e.paper = w.confirm.errors.paper;
  return e;
}

/** Each field a problem can name, in the order of the form: focus goes to the first one with a problem. */
const FIELD_IDS: [keyof Errors, string][] = [
  ['serial', 'c-serial'],
  ['recipientName', 'c-name'],
  ['idLast4', 'c-id'],
  ['relation', 'c-rel'],
  ['signal', 'c-signal-true'],
  ['paper', 'c-paper'],
];

/** Moves focus (and the view) to the first field with a problem, so the installer sees what to fix. */
function focusFirstProblem(problems: Errors): void {
  const id = FIELD_IDS.find(([k]) => problems[k])?.[1];
  // After the render that shows the messages, so the view lands on the field with its message.
  if (id) requestAnimationFrame(() => document.getElementById(id)?.focus());
}

function SerialNote({ check, w }: { check: ReturnType<typeof checkSerial>; w: InstallerWords }) {
  const text = {
    allocated: w.confirm.serialAllocated,
    unknown: w.confirm.serialUnknown,
    usedHere: w.confirm.serialUsedHere,
    notChecked: w.confirm.serialNotChecked,
  }[check];
  return (
    <p class={check === 'allocated' ? 'serial-ok' : check === 'notChecked' ? 'hint' : 'error'} role="status">
      {text}
    </p>
  );
}

export function ConfirmForm(props: {
  delivery: PackDelivery;
  pack: OfflinePack;
  changes: LocalChange[];
  onDone: () => void;
}) {
  const w = useInstallerWords();
  const { delivery } = props;
  const headLast4 = lastFourOf(delivery.household.nationalId);
  const [d, setD] = useState<Draft>({
    serial: '',
    recipientName: delivery.household.fullName,
    idLast4: headLast4,
    relation: '',
    signal: null,
    notes: '',
    paper: '',
  });
  const [errors, setErrors] = useState<Errors>({});
  const [scanning, setScanning] = useState(false);
  // The scanner and its WebAssembly load only when asked for.
  const [Scanner, setScanner] = useState<FunctionComponent<ScannerProps> | null>(null);
  const startScan = () => {
    setScanning(true);
    if (!Scanner) void import('./scanner').then((m) => setScanner(() => m.Scanner));
  };
  const [photo, setPhoto] = useState<Blob | null>(null);
  const [place, setPlace] = useState<Place | null | 'finding' | 'failed'>(null);
  const [saving, setSaving] = useState(false);
  const set = <K extends keyof Draft>(k: K, v: Draft[K]) => setD((x) => ({ ...x, [k]: v }));
  const check = d.serial.trim() ? checkSerial(d.serial, props.pack, props.changes, delivery.id) : null;
  const otherMember = /^\d{4}$/.test(d.idLast4) && d.idLast4 !== headLast4;

  const submit = async (e: Event) => {
    e.preventDefault();
    const problems = problemsOf(d, headLast4, w);
    // The serial's own note says what is wrong with it; the field's error says the same, once.
    if (check === 'unknown') problems.serial = w.confirm.serialUnknown;
    if (check === 'usedHere') problems.serial = w.confirm.serialUsedHere;
    setErrors(problems);
    if (Object.keys(problems).length) {
      focusFirstProblem(problems);
      return;
    }
    setSaving(true);
    const now = new Date().toISOString();
    const base = {
      deliveryId: delivery.id,
      batchId: delivery.batchId,
      householdName: delivery.household.fullName,
      capturedAt: now,
    };
    const confirm: OutboxItem = {
      ...base,
      kind: 'confirm',
      key: newIdempotencyKey(),
      body: {
        serial: normalizeSerial(d.serial),
        recipientName: d.recipientName.trim(),
        recipientIdLast4: d.idLast4,
        recipientRelation: otherMember ? d.relation.trim() : null,
        deliveredAt: now,
        capturedAt: now,
        signalReceived: d.signal === true,
        location: place && typeof place === 'object' ? place : null,
        notes: d.notes.trim() || null,
        ...(d.paper.trim() ? { paperHandoverNumber: paperNumberOf(d.paper) } : {}),
      },
    };
    await capture(confirm);
    if (photo) await capture({ ...base, kind: 'photo', key: newIdempotencyKey(), photo });
    props.onDone();
  };

  return (
    <form class="card confirm-form" onSubmit={(e) => void submit(e)} noValidate>
      <h2>{w.confirm.title}</h2>
      <Field
        id="c-serial"
        label={w.confirm.serial}
        hint={w.confirm.serialHint}
        error={errors.serial}
        required
      >
        {(a) => (
          <div class="serial-row">
            <input
              {...a}
              value={d.serial}
              autoCapitalize="characters"
              autoComplete="off"
              onInput={(e) => {
                set('serial', e.currentTarget.value.toUpperCase());
                setErrors((x) => ({ ...x, serial: undefined })); // a new serial gets its own note
              }}
            />
            <button type="button" class="button" onClick={startScan}>
              {w.confirm.scan}
            </button>
          </div>
        )}
      </Field>
      {check && !errors.serial && <SerialNote check={check} w={w} />}
      {scanning && !Scanner && <p role="status">{w.scanner.loading}</p>}
      {scanning && Scanner && (
        <Scanner
          onSerial={(s) => {
            set('serial', normalizeSerial(s));
            setScanning(false);
          }}
          onClose={() => setScanning(false)}
        />
      )}
      <Field
        id="c-name"
        label={w.confirm.recipient}
        hint={w.confirm.recipientHint}
        error={errors.recipientName}
        required
      >
        {(a) => (
          <input
            {...a}
            value={d.recipientName}
            onInput={(e) => set('recipientName', e.currentTarget.value)}
          />
        )}
      </Field>
      <Field
        id="c-id"
        label={w.confirm.idLast4}
        hint={w.confirm.idLast4Hint(headLast4)}
        error={errors.idLast4}
        required
      >
        {(a) => (
          <input
            {...a}
            value={d.idLast4}
            inputMode="numeric"
            maxLength={4}
            onInput={(e) => set('idLast4', e.currentTarget.value.replace(/\D/g, ''))}
          />
        )}
      </Field>
      {otherMember && (
        <Field
          id="c-rel"
          label={w.confirm.relation}
          hint={w.confirm.otherMember}
          error={errors.relation}
          required
        >
          {(a) => (
            <input
              {...a}
              value={d.relation}
              placeholder={w.confirm.relationHint}
              onInput={(e) => set('relation', e.currentTarget.value)}
            />
          )}
        </Field>
      )}
      <fieldset class={`segmented${errors.signal ? ' field-invalid' : ''}`}>
        <legend>{w.confirm.signal}</legend>
        {([true, false] as const).map((v) => (
          <label key={String(v)} class={d.signal === v ? 'on' : ''}>
            <input
              type="radio"
              id={`c-signal-${String(v)}`}
              name="c-signal"
              checked={d.signal === v}
              onChange={() => set('signal', v)}
            />
            {v ? w.confirm.yes : w.confirm.no}
          </label>
        ))}
        {errors.signal && <p class="error">{errors.signal}</p>}
      </fieldset>
      <div class="field">
        <p class="label">{w.confirm.photo}</p>
        <label class="button big" for="c-photo">
          {photo ? w.confirm.photoAgain : w.confirm.photoTake}
        </label>
        <input
          id="c-photo"
          class="visually-hidden"
          type="file"
          accept="image/*"
          capture="environment"
          aria-describedby="c-photo-hint"
          onChange={(e) => {
            const f = e.currentTarget.files?.[0];
            if (f) void shrinkPhoto(f).then(setPhoto, () => setPhoto(null));
          }}
        />
        <p class="hint" id="c-photo-hint">
          {w.confirm.photoHint}
        </p>
      </div>
      {photo && <p class="serial-ok">{w.confirm.photoReady(Math.ceil(photo.size / 1024))}</p>}
      <div class="actions">
        <button
          type="button"
          class="button"
          disabled={place === 'finding'}
          onClick={() => {
            setPlace('finding');
            void currentPlace().then((p) => setPlace(p ?? 'failed'));
          }}
        >
          {w.confirm.location}
        </button>
        {place === 'finding' && <span role="status">{w.confirm.locating}</span>}
        {place === 'failed' && <span role="status">{w.confirm.locationFailed}</span>}
        {place && typeof place === 'object' && (
          <span role="status">{w.confirm.locationGot(place.accuracyM)}</span>
        )}
      </div>
      <Field id="c-notes" label={w.confirm.notes}>
        {(a) => (
          <textarea {...a} rows={2} value={d.notes} onInput={(e) => set('notes', e.currentTarget.value)} />
        )}
      </Field>
      <Field id="c-paper" label={w.confirm.paper} hint={w.confirm.paperHint} error={errors.paper}>
        {(a) => (
          <input
            {...a}
            value={d.paper}
            autoComplete="off"
            inputMode="text"
            onInput={(e) => set('paper', e.currentTarget.value)}
          />
        )}
      </Field>
      <button type="submit" class="button primary big" disabled={saving}>
        {w.confirm.submit}
      </button>
    </form>
  );
}
