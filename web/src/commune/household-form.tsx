import { useEffect, useRef, useState } from 'preact/hooks';
import { api, ApiError, type Household } from '../shared/api';
import { Field } from '../shared/field';
import { useWords } from '../shared/i18n';
import { navigate } from '../shared/router';
import { householdPath } from '../shared/routes';
import { signedInUser } from '../shared/session';
import { ErrorBox, errorText, Loading, Notice } from '../shared/states';
import { useLoad } from '../shared/use-load';
import type { Words } from '../shared/words-vi';
import {
  editOf,
  emptyForm,
  fieldOfPath,
  fieldsOf,
  formOf,
  phoneShown,
  problemsOf,
  staleDifferences,
  changedFields,
  type FormField,
  type HouseholdForm,
  type Problem,
} from './household-input';

const THIS_YEAR = new Date().getFullYear();

/** A new household starts on the commune's official list year (the one eligibility checks against). */
export function RegisterPage() {
  const code = signedInUser()?.scope?.code;
  const area = useLoad(() => (code ? api.area(code) : Promise.resolve(null)), [code]);
  if (area.loading) return <Loading />;
  return <HouseholdFormView household={null} listYear={area.data?.targets?.listYear ?? THIS_YEAR - 1} />;
}

export function EditPage({ id }: { id: string }) {
  const loaded = useLoad(() => api.household(id), [id]);
  if (loaded.loading) return <Loading />;
  if (loaded.error || !loaded.data) return <ErrorBox error={loaded.error} onRetry={loaded.reload} />;
  return <HouseholdFormView household={loaded.data} listYear={THIS_YEAR} key={loaded.data.version} />;
}

function labelOf(field: FormField, w: Words): string {
  const f = w.form;
  const labels: Record<FormField, string> = {
    village: f.village,
    headName: f.headName,
    nationalId: f.nationalId,
    birthYear: f.birthYear,
    gender: f.gender,
    phone: f.phone,
    povertyStatus: f.povertyStatus,
    certificate: f.certificate,
    listYear: f.listYear,
    members: f.members,
    hasTv: f.hasTv,
    hasPaidTv: f.hasPaidTv,
    hasDigitalTv: f.hasDigitalTv,
    receiverType: f.receiverType,
    address: f.address,
    notes: f.notes,
  };
  return labels[field];
}

function problemText(p: Problem, w: Words): string {
  const v = w.form[p.key];
  return typeof v === 'function' ? (v as (n: number) => string)(p.n ?? 0) : v;
}

function valueText(field: FormField, value: HouseholdForm[FormField], w: Words): string {
  if (typeof value === 'boolean') return value ? w.yes : w.no;
  if (field === 'povertyStatus') return w.poverty[value as 'poor' | 'near_poor'];
  if (field === 'gender') return value ? (w.gender[value] ?? value) : w.notGiven;
  if (field === 'receiverType') return value ? (w.receiverType[value] ?? value) : w.form.receiverDefault;
  return value || w.notGiven;
}

type Outcome =
  | { kind: 'error'; text: string }
  | { kind: 'knownId'; householdId: string; text: string }
  | { kind: 'stale'; current: Household };

function HouseholdFormView({ household, listYear }: { household: Household | null; listYear: number }) {
  const w = useWords();
  const editing = household !== null;
  const [base, setBase] = useState<HouseholdForm>(() =>
    household ? formOf(household) : emptyForm(listYear),
  );
  const [version, setVersion] = useState(household?.version ?? 0);
  const [form, setForm] = useState<HouseholdForm>(base);
  const [touched, setTouched] = useState<Partial<Record<FormField, boolean>>>({});
  const [submitted, setSubmitted] = useState(false);
  const [serverErrors, setServerErrors] = useState<Partial<Record<FormField, string>>>({});
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  const [busy, setBusy] = useState(false);
  const top = useRef<HTMLDivElement>(null);
  const problems = problemsOf(form, THIS_YEAR);

  useEffect(() => {
    if (outcome) top.current?.focus();
  }, [outcome]);

  const set = <K extends FormField>(k: K, v: HouseholdForm[K]) => {
    setForm((f) => ({ ...f, [k]: v }));
    setServerErrors((e) => ({ ...e, [k]: undefined }));
  };
  const errorOf = (k: FormField): string | null => {
    if (serverErrors[k]) return serverErrors[k] ?? null;
    const p = problems[k];
    return p && (touched[k] || submitted) ? problemText(p, w) : null;
  };
  const blur = (k: FormField) => () => setTouched((t) => ({ ...t, [k]: true }));

  const fail = (err: unknown) => {
    if (err instanceof ApiError && err.status === 409) {
      const existing = (err.details as { existing?: { householdId?: string } } | undefined)?.existing;
      if (existing?.householdId) {
        setOutcome({ kind: 'knownId', householdId: existing.householdId, text: err.message });
        setServerErrors({ nationalId: w.form.knownId });
        return;
      }
      if (editing && household) {
        api.household(household.id).then(
          (current) => setOutcome({ kind: 'stale', current }),
          (e: unknown) => setOutcome({ kind: 'error', text: errorText(e, w) }),
        );
        return;
      }
    }
    if (err instanceof ApiError && err.status === 400) {
      const byField: Partial<Record<FormField, string>> = {};
      for (const [path, message] of Object.entries(err.fieldErrors())) {
        const field = fieldOfPath(path);
        if (field) byField[field] = message;
      }
      setServerErrors(byField);
      setOutcome({ kind: 'error', text: Object.keys(byField).length ? w.errors.fixFields : err.message });
      return;
    }
    setOutcome({ kind: 'error', text: errorText(err, w) });
  };

  const save = async (onto: { base: HouseholdForm; version: number; form: HouseholdForm }) => {
    const { form } = onto;
    setSubmitted(true);
    setOutcome(null);
    if (Object.keys(problemsOf(form, THIS_YEAR)).length > 0) {
      setOutcome({ kind: 'error', text: w.errors.fixFields });
      return;
    }
    const user = signedInUser();
    setBusy(true);
    try {
      if (!household) {
        const created = await api.registerHousehold({
          ...fieldsOf(form),
          communeCode: user?.scope?.code ?? '',
        });
        navigate(householdPath(created.id));
        return;
      }
      if (changedFields(onto.base, form).length === 0) {
        setOutcome({ kind: 'error', text: w.form.noChanges });
        return;
      }
      await api.editHousehold(household.id, editOf(onto.base, form, onto.version));
      navigate(householdPath(household.id));
    } catch (err) {
      fail(err);
    } finally {
      setBusy(false);
    }
  };

  // The clerk's own changes (from the version they loaded) laid over the version now stored.
  const keepMine = (current: Household) => {
    const theirs = formOf(current);
    const mine: HouseholdForm = { ...theirs };
    for (const k of changedFields(base, form)) (mine as Record<FormField, unknown>)[k] = form[k];
    setBase(theirs);
    setVersion(current.version);
    setForm(mine);
    void save({ base: theirs, version: current.version, form: mine });
  };

  type A11y = { id: string; 'aria-describedby': string | undefined; 'aria-invalid': boolean };
  const text = (
    k: FormField,
    a: A11y,
    props: { type?: string; inputMode?: 'numeric' | 'tel'; autoComplete?: string } = {},
  ) => (
    <input
      {...a}
      type={props.type ?? 'text'}
      inputMode={props.inputMode}
      autoComplete={props.autoComplete ?? 'off'}
      value={form[k] as string}
      onInput={(e) => set(k, e.currentTarget.value as never)}
      onBlur={blur(k)}
    />
  );
  const shownPhone = phoneShown(form.phone);

  return (
    <section class="narrow">
      <h1>{editing ? w.form.editTitle : w.form.registerTitle}</h1>
      <div tabIndex={-1} ref={top}>
        {outcome?.kind === 'error' && <Notice kind="error">{outcome.text}</Notice>}
        {outcome?.kind === 'knownId' && (
          <Notice kind="error">
            <p>{outcome.text}</p>
            <a class="button" href={householdPath(outcome.householdId)}>
              {w.form.openExisting}
            </a>
          </Notice>
        )}
        {outcome?.kind === 'stale' && (
          <Notice kind="error">
            <p>{w.form.stale}</p>
            <table>
              <thead>
                <tr>
                  <th scope="col">{w.form.staleField}</th>
                  <th scope="col">{w.form.staleYours}</th>
                  <th scope="col">{w.form.staleTheirs}</th>
                </tr>
              </thead>
              <tbody>
                {staleDifferences(base, form, formOf(outcome.current)).map((d) => (
                  <tr key={d.field}>
                    <th scope="row">{labelOf(d.field, w)}</th>
                    <td>{valueText(d.field, d.mine, w)}</td>
                    <td>{valueText(d.field, d.theirs, w)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
            <div class="actions">
              <button type="button" class="button primary" onClick={() => keepMine(outcome.current)}>
                {w.form.staleKeepMine}
              </button>
              <a class="button" href={householdPath(outcome.current.id)}>
                {w.form.staleTakeTheirs}
              </a>
            </div>
          </Notice>
        )}
      </div>
      <form
        class="card"
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          void save({ base, version, form });
        }}
      >
        <Field id="village" label={w.form.village} error={errorOf('village')} required>
          {(a) => text('village', a)}
        </Field>
        <Field id="head-name" label={w.form.headName} error={errorOf('headName')} required>
          {(a) => text('headName', a, { autoComplete: 'off' })}
        </Field>
        <Field id="national-id" label={w.form.nationalId} error={errorOf('nationalId')} required>
          {(a) => text('nationalId', a, { inputMode: 'numeric' })}
        </Field>
        <Field
          id="phone"
          label={w.form.phone}
          hint={shownPhone ? w.form.phoneShown(shownPhone) : w.form.phoneHint}
          error={errorOf('phone')}
        >
          {(a) => text('phone', a, { type: 'tel', inputMode: 'tel' })}
        </Field>
        <div class="row">
          <Field id="birth-year" label={w.form.birthYear} error={errorOf('birthYear')}>
            {(a) => text('birthYear', a, { inputMode: 'numeric' })}
          </Field>
          <Field id="gender" label={w.form.gender}>
            {(a) => (
              <select
                {...a}
                value={form.gender}
                onChange={(e) => set('gender', e.currentTarget.value as HouseholdForm['gender'])}
              >
                <option value="">{w.notGiven}</option>
                <option value="male">{w.gender.male}</option>
                <option value="female">{w.gender.female}</option>
                <option value="other">{w.gender.other}</option>
              </select>
            )}
          </Field>
        </div>
        <fieldset>
          <legend>{w.form.povertyStatus}</legend>
          {(['poor', 'near_poor'] as const).map((p) => (
            <label class="choice" key={p}>
              <input
                type="radio"
                name="poverty"
                checked={form.povertyStatus === p}
                onChange={() => set('povertyStatus', p)}
              />{' '}
              {w.poverty[p]}
            </label>
          ))}
        </fieldset>
        <div class="row">
          <Field id="list-year" label={w.form.listYear} error={errorOf('listYear')} required>
            {(a) => text('listYear', a, { inputMode: 'numeric' })}
          </Field>
          <Field id="certificate" label={w.form.certificate}>
            {(a) => text('certificate', a)}
          </Field>
        </div>
        <fieldset>
          <legend>{w.form.tvQuestions}</legend>
          {(['hasTv', 'hasPaidTv', 'hasDigitalTv'] as const).map((k) => (
            <label class="choice" key={k}>
              <input type="checkbox" checked={form[k]} onChange={(e) => set(k, e.currentTarget.checked)} />{' '}
              {labelOf(k, w)}
            </label>
          ))}
        </fieldset>
        <div class="row">
          <Field id="members" label={w.form.members} error={errorOf('members')}>
            {(a) => text('members', a, { inputMode: 'numeric' })}
          </Field>
          <Field id="receiver-type" label={w.form.receiverType}>
            {(a) => (
              <select
                {...a}
                value={form.receiverType}
                onChange={(e) => set('receiverType', e.currentTarget.value as HouseholdForm['receiverType'])}
              >
                <option value="">{w.form.receiverDefault}</option>
                <option value="dvb-t2">{w.receiverType['dvb-t2']}</option>
                <option value="satellite">{w.receiverType.satellite}</option>
              </select>
            )}
          </Field>
        </div>
        <Field id="address" label={w.form.address}>
          {(a) => text('address', a)}
        </Field>
        <Field id="notes" label={w.form.notes}>
          {(a) => (
            <textarea
              {...a}
              rows={3}
              value={form.notes}
              onInput={(e) => set('notes', e.currentTarget.value)}
            />
          )}
        </Field>
        <div class="actions">
          <button type="submit" class="button primary" disabled={busy}>
            {busy ? w.form.saving : w.save}
          </button>
          <a class="button" href={household ? householdPath(household.id) : '/households'}>
            {w.cancel}
          </a>
        </div>
      </form>
    </section>
  );
}
