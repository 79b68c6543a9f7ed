import { useState } from 'preact/hooks';
import { formatPercent, language, useWords } from '../shared/i18n';
import { navigate } from '../shared/router';
import { saveFile } from '../shared/save-file';
import { Empty, ErrorBox, errorText, Loading, Notice } from '../shared/states';
import { useStore } from '../shared/store';
import { useLoad } from '../shared/use-load';
import { officialApi, type SampleFieldList } from './api';
import { HeaderRow } from '../shared/header-row';
import { InspectionRow, vietnamDate } from './inspection-row';
import { useFieldListWords, useOfficialWords } from './words';

// A drawn sample (GET /inspections/samples/:id): its seed and rule, the buttons to print and download
// the field list, the list to record results from (screen), and the paper the team takes out (print:
// header with province and communes, one table row a household, signature lines).

export function SampleFieldListView({ id, onSaved }: { id: string; onSaved: () => void }) {
  const w = useWords();
  const fl = useFieldListWords();
  const o = useOfficialWords();
  const sample = useLoad(() => officialApi.sampleFieldList(id), [id]);
  const [error, setError] = useState<string | null>(null);
  if (sample.loading && !sample.data) return <Loading />;
  if (sample.error !== null) return <ErrorBox error={sample.error} onRetry={sample.reload} />;
  const s = sample.data;
  if (!s) return null;
  const download = async () => {
    setError(null);
    try {
      saveFile(await officialApi.sampleFieldListFile(s.id));
    } catch (err) {
      setError(errorText(err, w));
    }
  };
  const saved = () => {
    sample.reload();
    onSaved();
  };
  return (
    <section class="field-paper" aria-labelledby="sample-title">
      <p class="no-print">
        <a
          href="/inspections"
          onClick={(e) => {
            e.preventDefault();
            navigate('/inspections');
          }}
        >
          {fl.backToSamples}
        </a>
      </p>
      <SampleFacts sample={s} />
      <div class="toolbar no-print">
        <button type="button" class="button primary" onClick={() => window.print()}>
          {fl.print}
        </button>
        <button type="button" class="button" onClick={() => void download()}>
          {fl.xlsx}
        </button>
      </div>
      {error && <Notice kind="error">{error}</Notice>}
      <PaperHead sample={s} />
      {s.inspections.length === 0 ? (
        <Empty>{o.inspections.empty}</Empty>
      ) : (
        <>
          <ol class="field-list no-print" aria-label={o.inspections.fieldList}>
            {s.inspections.map((i) => (
              <InspectionRow key={i.id} line={i} onSaved={saved} />
            ))}
          </ol>
          <PaperTable sample={s} />
          <div class="signatures field-signatures print-only">
            {/* Each commune the team visits confirms its own households: one block per commune. */}
            {[...new Set(s.inspections.map((i) => i.communeName))].map((name) => (
              <div key={name}>
                <strong>{fl.commune(name)}</strong>
                <span>{fl.signHint}</span>
              </div>
            ))}
            <div>
              <em>{fl.place}</em>
              <strong>{fl.inspector}</strong>
              <span>{fl.signHint}</span>
            </div>
          </div>
        </>
      )}
    </section>
  );
}

function ruleText(s: SampleFieldList, fl: ReturnType<typeof useFieldListWords>, lang: 'vi' | 'en') {
  if (s.rule.size !== null) return fl.bySize(s.rule.size);
  return fl.byRate(formatPercent(s.rule.rate, lang) ?? '–');
}

function SampleFacts({ sample: s }: { sample: SampleFieldList }) {
  const fl = useFieldListWords();
  const lang = useStore(language);
  return (
    <div class="card no-print">
      <h2 id="sample-title">{fl.sampleTitle(s.name, s.areaName)}</h2>
      <dl class="inspection-facts">
        <div>
          <dt>{fl.area}</dt>
          <dd>{s.areaName}</dd>
        </div>
        <div>
          <dt>{fl.rule}</dt>
          <dd>{ruleText(s, fl, lang)}</dd>
        </div>
        <div>
          <dt>{fl.drawnCount}</dt>
          <dd>{fl.drawnOf(s.counts.drawn, s.counts.candidates)}</dd>
        </div>
        <div>
          <dt>{fl.seed}</dt>
          <dd>
            <strong class="seed">{s.seed}</strong>
          </dd>
        </div>
        <div>
          <dt>{fl.drawnBy}</dt>
          <dd>
            {s.createdByName ?? fl.unknown} · {vietnamDate(s.createdAt)}
          </dd>
        </div>
      </dl>
      <p class="hint">{fl.reproduce(s.seed)}</p>
      <p role="status">{fl.progress(s.inspected, s.counts.drawn)}</p>
    </div>
  );
}

function PaperHead({ sample: s }: { sample: SampleFieldList }) {
  const fl = useFieldListWords();
  const communes = [...new Set(s.inspections.map((i) => i.communeName))].sort((a, b) =>
    a.localeCompare(b, 'vi'),
  );
  return (
    <header class="paper-head print-only">
      <p class="paper-org">
        <strong>{s.provinceName.toUpperCase()}</strong>
        <span>{fl.paperProgramme}</span>
      </p>
      <h2>{fl.paperHeading}</h2>
      {s.name && <p class="paper-name">{s.name}</p>}
      <p>
        {fl.area}: {s.areaName}
        {communes.length > 0 && ` (${communes.join(', ')})`}
      </p>
      <p>
        {fl.seed}: <strong>{s.seed}</strong> · {fl.drawnOf(s.counts.drawn, s.counts.candidates)} ·{' '}
        {fl.drawnAt}: {vietnamDate(s.createdAt)} · {fl.drawnBy}: {s.createdByName ?? fl.unknown} ·{' '}
        {fl.printedAt(vietnamDate(new Date().toISOString()))}
      </p>
      <p class="hint">{fl.reproduce(s.seed)}</p>
    </header>
  );
}

function PaperTable({ sample: s }: { sample: SampleFieldList }) {
  const fl = useFieldListWords();
  const o = useOfficialWords();
  const c = fl.columns;
  return (
    <table class="papers-table field-table print-only">
      <thead>
        <HeaderRow
          labels={[
            c.no,
            c.head,
            c.commune,
            c.village,
            c.address,
            c.phone,
            c.serial,
            c.deliveredAt,
            c.result,
            c.notes,
          ]}
        />
      </thead>
      <tbody>
        {s.inspections.map((i) => (
          <tr key={i.id}>
            <td>{i.order}</td>
            <th scope="row">{i.household.fullName}</th>
            <td>{i.communeName}</td>
            <td>{i.village}</td>
            <td>{i.household.address ?? ''}</td>
            <td>{i.household.phone ?? ''}</td>
            <td>{i.serial ?? ''}</td>
            <td>{i.deliveredAt ? vietnamDate(i.deliveredAt) : ''}</td>
            <td class="result-cell">{i.result ? o.inspectionResults[i.result] : fl.resultBoxes}</td>
            <td class="notes-cell">{i.notes ?? ''}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
