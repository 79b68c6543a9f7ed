import type { ComponentChildren } from 'preact';
import { DateInput } from '../shared/date-input';
import { useState } from 'preact/hooks';
import { ApiError, type Household } from '../shared/api';
import { Field } from '../shared/field';
import { language, useWords } from '../shared/i18n';
import { errorText, Notice } from '../shared/states';
import { vietnamDayOf } from '../shared/format-date';
import { useStore } from '../shared/store';
import { officialApi, type Batch } from './api';
import { BatchChoices, dayToInstant, type loadPlanningChoices } from './batches';
import { useOfficialWords } from './words';

// The steps of a batch, each a small form: its result (or the server's reason) shown under it.

/** A step's failure already in words (a route the server does not have yet, say). */
class StepError extends Error {}

type Outcome = { kind: 'ok' | 'error'; text: ComponentChildren } | null;

function useStep(onDone: () => void) {
  const w = useWords();
  const [outcome, setOutcome] = useState<Outcome>(null);
  const [busy, setBusy] = useState(false);
  const run = async (step: () => Promise<ComponentChildren>) => {
    setBusy(true);
    setOutcome(null);
    try {
      setOutcome({ kind: 'ok', text: await step() });
      onDone();
    } catch (err) {
      setOutcome({ kind: 'error', text: err instanceof StepError ? err.message : errorText(err, w) });
    } finally {
      setBusy(false);
    }
  };
  const shown = outcome && <Notice kind={outcome.kind}>{outcome.text}</Notice>;
  return { run, busy, shown, failed: outcome?.kind === 'error' };
}

/** Serials pasted or scanned one per line (or separated by commas, spaces or semicolons). */
export function serialsOf(text: string): string[] {
  return [
    ...new Set(
      text
        .split(/[\s,;]+/)
        .map((s) => s.trim().toUpperCase())
        .filter(Boolean),
    ),
  ];
}

export function AllocateReceivers({ batch, onDone }: { batch: Batch; onDone: () => void }) {
  const o = useOfficialWords();
  const lang = useStore(language);
  const [count, setCount] = useState('');
  const [serials, setSerials] = useState('');
  const { run, busy, shown } = useStep(onDone);
  const allocate = (body: { count: number } | { serials: string[] }) =>
    run(async () => {
      const r = await officialApi.allocate(batch.id, body);
      return (
        <>
          <p>{o.allocate.done(r.allocated.length, r.shortBy)}</p>
          {r.refused.length > 0 && (
            <ul>
              {r.refused.map((x) => (
                <li key={x.serial}>
                  {x.serial}: {x.reason[lang]}
                </li>
              ))}
            </ul>
          )}
        </>
      );
    });
  return (
    <section class="card" aria-labelledby="allocate-title">
      <h2 id="allocate-title">{o.allocate.title}</h2>
      <form
        class="filters"
        onSubmit={(e) => {
          e.preventDefault();
          void allocate({ count: Number(count) });
        }}
      >
        <Field id="a-count" label={o.allocate.count} hint={o.allocate.countHint}>
          {(a) => (
            <input
              {...a}
              type="number"
              min={1}
              value={count}
              onInput={(e) => setCount(e.currentTarget.value)}
            />
          )}
        </Field>
        <div class="actions">
          <button type="submit" class="button primary" disabled={busy || !(Number(count) > 0)}>
            {o.allocate.byCount}
          </button>
        </div>
      </form>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          void allocate({ serials: serialsOf(serials) });
        }}
      >
        <Field id="a-serials" label={o.allocate.serials} hint={o.allocate.serialsHint}>
          {(a) => (
            <textarea {...a} rows={4} value={serials} onInput={(e) => setSerials(e.currentTarget.value)} />
          )}
        </Field>
        <button type="submit" class="button primary" disabled={busy || serialsOf(serials).length === 0}>
          {o.allocate.bySerials(serialsOf(serials).length)}
        </button>
      </form>
      {shown}
    </section>
  );
}

export function AddHouseholds(props: {
  batch: Batch;
  communeName: (code: string) => string;
  onDone: () => void;
}) {
  const o = useOfficialWords();
  const lang = useStore(language);
  const { batch } = props;
  const [limit, setLimit] = useState('');
  const [picking, setPicking] = useState<Household[] | null>(null);
  const [picked, setPicked] = useState<Set<string>>(new Set());
  const { run, busy, shown } = useStep(props.onDone);
  const add = (body: { householdIds?: string[]; limit?: number }) =>
    run(async () => {
      const r = await officialApi.addHouseholds(batch.id, body);
      setPicking(null);
      setPicked(new Set());
      return (
        <>
          <p>{o.addHouseholds.done(r.added.length, r.capacity)}</p>
          {r.refused.length > 0 && (
            <ul>
              {r.refused.slice(0, 100).map((x) => (
                <li key={x.householdId}>{x.reason[lang]}</li>
              ))}
            </ul>
          )}
        </>
      );
    });
  const pick = () =>
    run(async () => {
      const pages = await Promise.all(
        batch.communeCodes.map((areaCode) =>
          officialApi.households({ areaCode, status: 'approved', pageSize: 500 }),
        ),
      );
      const found = pages.flatMap((p) => p.items).filter((h) => h.receiverType === batch.receiverType);
      setPicking(found);
      return o.addHouseholds.found(found.length);
    });
  return (
    <section class="card" aria-labelledby="add-title">
      <h2 id="add-title">{o.addHouseholds.title}</h2>
      <p class="hint">{o.addHouseholds.intro}</p>
      <form
        class="filters"
        onSubmit={(e) => {
          e.preventDefault();
          void add(Number(limit) > 0 ? { limit: Number(limit) } : {});
        }}
      >
        <Field id="h-limit" label={o.addHouseholds.limit} hint={o.addHouseholds.limitHint}>
          {(a) => (
            <input
              {...a}
              type="number"
              min={1}
              value={limit}
              onInput={(e) => setLimit(e.currentTarget.value)}
            />
          )}
        </Field>
        <div class="actions">
          <button type="submit" class="button primary" disabled={busy}>
            {o.addHouseholds.auto}
          </button>
          <button type="button" class="button" disabled={busy} onClick={() => void pick()}>
            {o.addHouseholds.pick}
          </button>
        </div>
      </form>
      {picking && (
        <fieldset>
          <legend>{o.addHouseholds.pickLegend}</legend>
          {picking.map((h) => (
            <label class="choice" key={h.id}>
              <input
                type="checkbox"
                checked={picked.has(h.id)}
                onChange={() => {
                  const next = new Set(picked);
                  if (next.has(h.id)) next.delete(h.id);
                  else next.add(h.id);
                  setPicked(next);
                }}
              />{' '}
              {h.head.fullName} · {h.village} · {props.communeName(h.area.communeCode)}
            </label>
          ))}
          <button
            type="button"
            class="button primary"
            disabled={busy || picked.size === 0}
            onClick={() => void add({ householdIds: [...picked] })}
          >
            {o.addHouseholds.addPicked(picked.size)}
          </button>
        </fieldset>
      )}
      {shown}
    </section>
  );
}

export function StartBatch({ batch, onDone }: { batch: Batch; onDone: () => void }) {
  const o = useOfficialWords();
  const { run, busy, shown } = useStep(onDone);
  return (
    <section class="card" aria-labelledby="start-title">
      <h2 id="start-title">{o.startBatch.title}</h2>
      <p class="hint">{o.startBatch.intro}</p>
      <button
        type="button"
        class="button primary"
        disabled={busy}
        onClick={() => void run(async () => (await officialApi.startBatch(batch.id), o.startBatch.done))}
      >
        {o.startBatch.button}
      </button>
      {shown}
    </section>
  );
}

export function EditBatch(props: {
  batch: Batch;
  choices: Awaited<ReturnType<typeof loadPlanningChoices>>;
  onDone: () => void;
}) {
  const w = useWords();
  const o = useOfficialWords();
  const { batch } = props;
  const [open, setOpen] = useState(false);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const { run, busy, shown } = useStep(props.onDone);
  if (!open)
    return (
      <p>
        <button type="button" class="button" onClick={() => setOpen(true)}>
          {o.editBatch.open}
        </button>
        {shown}
      </p>
    );
  const day = (v: string | null) => (v ? vietnamDayOf(v) : '');
  const submit = (e: Event) => {
    e.preventDefault();
    const f = new FormData(e.currentTarget as HTMLFormElement);
    setErrors({});
    void run(async () => {
      try {
        await officialApi.editBatch(batch.id, {
          version: batch.version,
          name: String(f.get('name') ?? '').trim(),
          communeCodes: f.getAll('commune').map(String),
          installerIds: f.getAll('installer').map(String),
          plannedStart: dayToInstant(String(f.get('plannedStart') ?? '')),
          plannedEnd: dayToInstant(String(f.get('plannedEnd') ?? '')),
        });
      } catch (err) {
        if (err instanceof ApiError) setErrors(err.fieldErrors());
        throw err;
      }
      setOpen(false);
      return o.editBatch.done;
    });
  };
  return (
    <form class="card" onSubmit={submit} noValidate aria-labelledby="edit-title">
      <h2 id="edit-title">{o.editBatch.open}</h2>
      <Field id="e-name" label={o.batches.name} error={errors.name}>
        {(a) => <input {...a} name="name" defaultValue={batch.name} />}
      </Field>
      <div class="row">
        <Field id="e-start" label={o.batches.plannedStart} error={errors.plannedStart}>
          {(a) => <DateInput {...a} name="plannedStart" defaultValue={day(batch.plannedStart)} />}
        </Field>
        <Field id="e-end" label={o.batches.plannedEnd} error={errors.plannedEnd}>
          {(a) => <DateInput {...a} name="plannedEnd" defaultValue={day(batch.plannedEnd)} />}
        </Field>
      </div>
      <BatchChoices
        choices={props.choices}
        errors={errors}
        communeCodes={batch.communeCodes}
        installerIds={batch.installerIds}
      />
      <div class="actions">
        <button type="submit" class="button primary" disabled={busy}>
          {w.save}
        </button>
        <button type="button" class="button" onClick={() => setOpen(false)}>
          {w.cancel}
        </button>
      </div>
      {shown}
    </form>
  );
}
