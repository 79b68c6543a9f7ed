import { useState } from 'preact/hooks';
import { useWords } from '../shared/i18n';
import { location, navigate } from '../shared/router';
import { queryOf, searchOf } from '../shared/routes';
import { signedInUser } from '../shared/session';
import { Empty, ErrorBox, errorText, Loading, Notice } from '../shared/states';
import { useStore } from '../shared/store';
import { useLoad } from '../shared/use-load';
import { officialApi } from './api';
import { vietnamDate } from './inspection-row';
import { SampleFieldListView } from './inspection-sample';
import { InspectionSummaryTable } from './inspection-summary';
import { ProvinceChoice, useWorkingProvince } from './province-choice';
import { SelectField } from './select-field';
import { useFieldListWords, useOfficialWords } from './words';

// Inspections (kiểm tra): draw a reproducible sample, print its field list, record what was found from
// the list (one row a household, phone-friendly), and the summary per commune with problem rates.

export function InspectionsPage() {
  const w = useWords();
  const o = useOfficialWords();
  const fl = useFieldListWords();
  const { search } = useStore(location);
  const query = queryOf(search);
  const list = useLoad(
    () => (query.sample ? Promise.resolve(null) : officialApi.samples({ pageSize: 100 })),
    [query.sample],
  );
  // An admin draws in the province they chose (province-choice.tsx); an official in their own area.
  const { province, adminChoice } = useWorkingProvince();
  const communes = useLoad(
    () =>
      province ? officialApi.coverage({ level: 'commune', areaCode: adminChoice }) : Promise.resolve(null),
    [province, adminChoice],
  );
  const [error, setError] = useState<string | null>(null);
  const [seedShown, setSeedShown] = useState<string | null>(null);
  const [saves, setSaves] = useState(0);
  const user = signedInUser();

  const draw = async (e: Event) => {
    e.preventDefault();
    const f = new FormData(e.currentTarget as HTMLFormElement);
    setError(null);
    const amount = Number(f.get('amount'));
    const byRate = f.get('by') === 'rate';
    try {
      const sample = await officialApi.drawSample({
        areaCode: String(f.get('area') || user?.scope?.code || adminChoice || ''),
        seed: String(f.get('seed') ?? '').trim() || undefined,
        ...(byRate ? { rate: amount / 100 } : { size: amount }),
      });
      setSeedShown(o.inspections.drawn(sample.counts.drawn, sample.counts.candidates, sample.seed));
      navigate(`/inspections${searchOf({ sample: sample.id })}`);
    } catch (err) {
      setError(errorText(err, w));
    }
  };

  return (
    <>
      <h1 class="no-print">{o.inspections.title}</h1>
      <ProvinceChoice purpose={o.province.inspections} />
      {province && (
        <form class="card filters no-print" onSubmit={draw} aria-labelledby="draw-title">
          <h2 id="draw-title" class="visually-hidden">
            {o.inspections.draw}
          </h2>
          <SelectField
            id="i-area"
            name="area"
            label={fl.drawIn}
            value=""
            grow
            options={[
              ['', fl.wholeScope(communes.data?.area.name ?? '')],
              ...(communes.data?.rows ?? []).map((c): [string, string] => [c.code, c.name]),
            ]}
            key={`a${communes.data?.rows.length ?? 0}`}
          />
          <div class="field">
            <label for="i-by">{o.inspections.by}</label>
            <select id="i-by" name="by">
              <option value="size">{o.inspections.bySize}</option>
              <option value="rate">{o.inspections.byRate}</option>
            </select>
          </div>
          <div class="field">
            <label for="i-amount">{o.inspections.amount}</label>
            <input id="i-amount" name="amount" type="number" min={1} defaultValue="10" />
          </div>
          <div class="field">
            <label for="i-seed">{o.inspections.seed}</label>
            <input id="i-seed" name="seed" aria-describedby="i-seed-hint" />
            <p class="hint" id="i-seed-hint">
              {o.inspections.seedHint}
            </p>
          </div>
          <div class="actions">
            <button type="submit" class="button primary">
              {o.inspections.draw}
            </button>
          </div>
        </form>
      )}
      {error && <Notice kind="error">{error}</Notice>}
      {seedShown && <Notice kind="ok">{seedShown}</Notice>}

      {query.sample ? (
        <SampleFieldListView id={query.sample} onSaved={() => setSaves((n) => n + 1)} />
      ) : (
        <section class="no-print" aria-labelledby="samples-title">
          <h2 id="samples-title">{fl.samples}</h2>
          {list.loading && <Loading />}
          {list.error !== null && <ErrorBox error={list.error} onRetry={list.reload} />}
          {list.data &&
            (list.data.items.length === 0 ? (
              <Empty>{o.inspections.empty}</Empty>
            ) : (
              <ul class="sample-list">
                {list.data.items.map((s) => (
                  <li key={s.id}>
                    <a
                      href={`/inspections${searchOf({ sample: s.id })}`}
                      onClick={(e) => {
                        e.preventDefault();
                        navigate(`/inspections${searchOf({ sample: s.id })}`);
                      }}
                    >
                      {fl.sampleTitle(s.name, s.areaName)}
                    </a>{' '}
                    · {fl.sampleLine(s.counts.drawn, s.seed, vietnamDate(s.createdAt))}
                  </li>
                ))}
              </ul>
            ))}
        </section>
      )}
      <InspectionSummaryTable sampleId={query.sample} refresh={saves} />
    </>
  );
}
