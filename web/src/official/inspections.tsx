import { useState } from 'preact/hooks';
import { INSPECTION_RESULTS } from '../../../src/inspections/results';
import { formatPercent, language, useWords } from '../shared/i18n';
import { location, navigate } from '../shared/router';
import { queryOf, searchOf } from '../shared/routes';
import { signedInUser } from '../shared/session';
import { Empty, ErrorBox, errorText, Loading, Notice } from '../shared/states';
import { useStore } from '../shared/store';
import { useLoad } from '../shared/use-load';
import { officialApi, type Inspection } from './api';
import { formatDay } from './format';
import { HeaderRow } from './header-row';
import { useOfficialWords } from './words';

// Inspections (kiểm tra): draw a reproducible sample, print its field list, record what was found from
// the list (one row a household, phone-friendly), and the summary per commune with problem rates.

export function InspectionsPage() {
  const w = useWords();
  const o = useOfficialWords();
  const lang = useStore(language);
  const { search } = useStore(location);
  const query = queryOf(search);
  const list = useLoad(
    () => officialApi.inspections({ sampleId: query.sample, pageSize: 500 }),
    [query.sample],
  );
  const summary = useLoad(() => officialApi.inspectionSummary({ sampleId: query.sample }), [query.sample]);
  const [error, setError] = useState<string | null>(null);
  const [seedShown, setSeedShown] = useState<string | null>(null);
  const user = signedInUser();

  const draw = async (e: Event) => {
    e.preventDefault();
    const f = new FormData(e.currentTarget as HTMLFormElement);
    setError(null);
    const amount = Number(f.get('amount'));
    const byRate = f.get('by') === 'rate';
    try {
      const sample = await officialApi.drawSample({
        areaCode: String(f.get('area') || user?.scope?.code || ''),
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
      <h1>{o.inspections.title}</h1>
      <form class="card filters no-print" onSubmit={draw} aria-labelledby="draw-title">
        <h2 id="draw-title" class="visually-hidden">
          {o.inspections.draw}
        </h2>
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
          {query.sample && (
            <button type="button" class="button" onClick={() => window.print()}>
              {o.inspections.print}
            </button>
          )}
        </div>
      </form>
      {error && <Notice kind="error">{error}</Notice>}
      {seedShown && <Notice kind="ok">{seedShown}</Notice>}

      {summary.data && summary.data.rows.length > 0 && (
        <table class="list">
          <caption>{o.inspections.summary}</caption>
          <thead>
            <HeaderRow
              labels={[
                o.inspections.area,
                o.inspections.sampled,
                o.inspections.inspected,
                o.inspections.problems,
              ]}
            />
          </thead>
          <tbody>
            {summary.data.rows.map((r) => (
              <tr key={r.areaCode}>
                <th scope="row">{r.name}</th>
                <td data-label={o.inspections.sampled}>{r.sampled}</td>
                <td data-label={o.inspections.inspected}>{r.inspected}</td>
                <td data-label={o.inspections.problems}>
                  {r.problems} ({formatPercent(r.problemRate, lang) ?? '–'})
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}

      <h2>{query.sample ? o.inspections.fieldList : o.inspections.all}</h2>
      {list.loading && <Loading />}
      {list.error !== null && <ErrorBox error={list.error} onRetry={list.reload} />}
      {list.data &&
        (list.data.items.length === 0 ? (
          <Empty>{o.inspections.empty}</Empty>
        ) : (
          <ol class="field-list">
            {list.data.items.map((i) => (
              <InspectionRow key={i.id + i.version} inspection={i} onSaved={summary.reload} />
            ))}
          </ol>
        ))}
    </>
  );
}

function InspectionRow({ inspection: i, onSaved }: { inspection: Inspection; onSaved: () => void }) {
  const w = useWords();
  const o = useOfficialWords();
  const lang = useStore(language);
  const [current, setCurrent] = useState(i);
  const [result, setResult] = useState<string>(i.result ?? 'ok');
  const [notes, setNotes] = useState(i.notes ?? '');
  const [message, setMessage] = useState<{ kind: 'ok' | 'error'; text: string } | null>(null);
  const save = async (e: Event) => {
    e.preventDefault();
    try {
      const next = await officialApi.recordInspection(current.id, {
        result,
        notes: notes.trim() || undefined,
        version: current.status === 'inspected' ? current.version : undefined,
      });
      setCurrent(next);
      setMessage({ kind: 'ok', text: o.inspections.saved });
      onSaved();
    } catch (err) {
      setMessage({ kind: 'error', text: errorText(err, w) });
    }
  };
  return (
    <li class="card">
      <p>
        <strong>{current.household.fullName}</strong> · {current.village}
        {current.household.address ? ` · ${current.household.address}` : ''}
      </p>
      <p>
        {o.inspections.serial}: <strong>{current.serial ?? '–'}</strong> · {o.inspections.deliveredAt}:{' '}
        {current.deliveredAt ? formatDay(current.deliveredAt, lang) : '–'} · {o.inspections.phone}:{' '}
        {current.household.phone ? (
          <a href={`tel:${current.household.phone}`}>{current.household.phone}</a>
        ) : (
          '–'
        )}
      </p>
      <form
        class="filters no-print"
        onSubmit={save}
        aria-label={o.inspections.recordFor(current.household.fullName)}
      >
        <div class="field">
          <label for={`r-${i.id}`}>{o.inspections.result}</label>
          <select id={`r-${i.id}`} value={result} onChange={(e) => setResult(e.currentTarget.value)}>
            {INSPECTION_RESULTS.map((r) => (
              <option key={r} value={r}>
                {o.inspectionResults[r]}
              </option>
            ))}
          </select>
        </div>
        <div class="field grow">
          <label for={`n-${i.id}`}>{o.inspections.notes}</label>
          <input id={`n-${i.id}`} value={notes} onInput={(e) => setNotes(e.currentTarget.value)} />
        </div>
        <div class="actions">
          <button type="submit" class="button primary">
            {o.inspections.record}
          </button>
        </div>
      </form>
      <p class="print-only">
        {current.result ? o.inspectionResults[current.result] : o.inspections.pendingMark}
      </p>
      {current.status === 'inspected' && current.result && (
        <p role="status">{o.inspections.recorded(o.inspectionResults[current.result])}</p>
      )}
      {message && <Notice kind={message.kind}>{message.text}</Notice>}
    </li>
  );
}
