import { useState } from 'preact/hooks';
import { DateInput } from '../shared/date-input';
import { RECEIVER_TYPES, type ReceiverType } from '../../../src/receiver-types';
import { ApiError } from '../shared/api';
import { Field } from '../shared/field';
import { useWords } from '../shared/i18n';
import { navigate } from '../shared/router';
import { Empty, ErrorBox, errorText, Loading, Notice } from '../shared/states';
import { useLoad } from '../shared/use-load';
import { officialApi } from './api';
import { plannedDates } from '../shared/planned-dates';
import { HeaderRow } from '../shared/header-row';
import { ProvinceChoice, managesHere, useWorkingProvince } from './province-choice';
import { useOfficialWords } from './words';
import { language } from '../shared/i18n';
import { useStore } from '../shared/store';

// Batches (đợt lắp đặt) of the official's province: the list, and a new batch planned by commune
// names and installer names.

/** The communes and installers to plan with: the official's area's, or an admin's chosen province's. */
export async function loadPlanningChoices(adminProvince?: string) {
  const [communes, installers] = await Promise.all([
    officialApi.coverage({ level: 'commune', areaCode: adminProvince }),
    officialApi.installers(adminProvince),
  ]);
  return { communes: communes.rows, installers: installers.items };
}

export function BatchesPage() {
  const o = useOfficialWords();
  const lang = useStore(language);
  const { province, adminChoice: chosen } = useWorkingProvince();
  const manages = managesHere(province);
  const list = useLoad(() => officialApi.batches({ pageSize: 100, provinceCode: chosen }), [chosen]);
  const [creating, setCreating] = useState(false);
  return (
    <>
      <h1>{o.batches.title}</h1>
      <ProvinceChoice purpose={o.province.batches} />
      {!province ? null : !manages ? (
        <p class="hint">{o.batches.provinceRuns}</p>
      ) : creating ? (
        <CreateBatch provinceCode={province} adminProvince={chosen} onCancel={() => setCreating(false)} />
      ) : (
        <p>
          <button type="button" class="button primary" onClick={() => setCreating(true)}>
            {o.batches.create}
          </button>
        </p>
      )}
      {list.loading && <Loading />}
      {list.error !== null && <ErrorBox error={list.error} onRetry={list.reload} />}
      {list.data &&
        (list.data.items.length === 0 ? (
          <Empty>{o.batches.empty}</Empty>
        ) : (
          <table class="list">
            <caption class="visually-hidden">{o.batches.title}</caption>
            <thead>
              <HeaderRow labels={[o.batches.name, o.batches.status, o.batches.communes, o.batches.dates]} />
            </thead>
            <tbody>
              {list.data.items.map((b) => (
                <tr key={b.id}>
                  <th scope="row">
                    <a href={`/batches/${b.id}`}>
                      {b.code} · {b.name}
                    </a>
                  </th>
                  <td data-label={o.batches.status}>{o.batchStatus[b.status]}</td>
                  <td data-label={o.batches.communes}>{o.batches.communeCount(b.communeCodes.length)}</td>
                  <td data-label={o.batches.dates}>
                    {plannedDates(b.plannedStart, b.plannedEnd, lang, o.batches)}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        ))}
    </>
  );
}

/** A date input's value as the API's instant (midnight, Vietnam time). */
export const dayToInstant = (day: string) => (day ? `${day}T00:00:00+07:00` : null);

function CreateBatch(props: { provinceCode: string; adminProvince?: string; onCancel: () => void }) {
  const { onCancel } = props;
  const w = useWords();
  const o = useOfficialWords();
  const choices = useLoad(() => loadPlanningChoices(props.adminProvince), [props.adminProvince]);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [error, setError] = useState<string | null>(null);

  const submit = async (e: Event) => {
    e.preventDefault();
    const f = new FormData(e.currentTarget as HTMLFormElement);
    setErrors({});
    setError(null);
    const communeCodes = f.getAll('commune').map(String);
    if (communeCodes.length === 0) {
      setErrors({ communeCodes: o.batches.pickCommune });
      return;
    }
    try {
      const batch = await officialApi.createBatch({
        provinceCode: props.provinceCode,
        name: String(f.get('name') ?? '').trim(),
        phase: Number(f.get('phase')),
        receiverType: String(f.get('receiverType')) as ReceiverType,
        communeCodes,
        installerIds: f.getAll('installer').map(String),
        plannedStart: dayToInstant(String(f.get('plannedStart') ?? '')),
        plannedEnd: dayToInstant(String(f.get('plannedEnd') ?? '')),
        notes: String(f.get('notes') ?? '').trim() || null,
      });
      navigate(`/batches/${batch.id}`);
    } catch (err) {
      if (err instanceof ApiError) setErrors(err.fieldErrors());
      setError(errorText(err, w));
    }
  };

  if (choices.loading) return <Loading />;
  if (!choices.data) return <ErrorBox error={choices.error} onRetry={choices.reload} />;
  return (
    <form class="card narrow" onSubmit={submit} noValidate aria-labelledby="new-batch">
      <h2 id="new-batch">{o.batches.create}</h2>
      {error && <Notice kind="error">{error}</Notice>}
      <Field id="b-name" label={o.batches.name} error={errors.name} required>
        {(a) => <input {...a} name="name" />}
      </Field>
      <Field id="b-phase" label={o.batches.phase} error={errors.phase} required>
        {(a) => <input {...a} name="phase" type="number" min={1} max={99} defaultValue="1" />}
      </Field>
      <Field id="b-type" label={o.batches.receiverType} error={errors.receiverType} required>
        {(a) => (
          <select {...a} name="receiverType">
            {RECEIVER_TYPES.map((t) => (
              <option key={t} value={t}>
                {w.receiverType[t]}
              </option>
            ))}
          </select>
        )}
      </Field>
      <BatchChoices choices={choices.data} errors={errors} />
      <div class="row">
        <Field id="b-start" label={o.batches.plannedStart} error={errors.plannedStart}>
          {(a) => <DateInput {...a} name="plannedStart" />}
        </Field>
        <Field id="b-end" label={o.batches.plannedEnd} error={errors.plannedEnd}>
          {(a) => <DateInput {...a} name="plannedEnd" />}
        </Field>
      </div>
      <Field id="b-notes" label={o.batches.notes} error={errors.notes}>
        {(a) => <textarea {...a} name="notes" rows={2} />}
      </Field>
      <div class="actions">
        <button type="submit" class="button primary">
          {o.batches.create}
        </button>
        <button type="button" class="button" onClick={onCancel}>
          {w.cancel}
        </button>
      </div>
    </form>
  );
}

/** The communes (by name, with their approved households) and installers of a batch, as checkboxes. */
export function BatchChoices(props: {
  choices: Awaited<ReturnType<typeof loadPlanningChoices>>;
  errors: Record<string, string>;
  communeCodes?: string[];
  installerIds?: string[];
}) {
  const o = useOfficialWords();
  const { communes, installers } = props.choices;
  return (
    <>
      <fieldset>
        <legend>{o.batches.communes}</legend>
        {props.errors.communeCodes && <p class="error">{props.errors.communeCodes}</p>}
        {communes.map((c) => (
          <label class="choice" key={c.code}>
            <input
              type="checkbox"
              name="commune"
              value={c.code}
              defaultChecked={props.communeCodes?.includes(c.code)}
            />{' '}
            {o.batches.communeChoice(c.name, c.approved)}
          </label>
        ))}
      </fieldset>
      <fieldset>
        <legend>{o.batches.installers}</legend>
        {installers.length === 0 && <p class="hint">{o.batches.noInstallers}</p>}
        {installers.map((u) => (
          <label class="choice" key={u.id}>
            <input
              type="checkbox"
              name="installer"
              value={u.id}
              defaultChecked={props.installerIds?.includes(u.id)}
            />{' '}
            {u.fullName} ({u.username})
          </label>
        ))}
      </fieldset>
    </>
  );
}
