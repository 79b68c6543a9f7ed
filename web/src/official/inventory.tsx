import { useState } from 'preact/hooks';
import { language, useWords } from '../shared/i18n';
import { saveFile } from '../shared/save-file';
import { ErrorBox, errorText, Loading, Notice } from '../shared/states';
import { useStore } from '../shared/store';
import { useLoad } from '../shared/use-load';
import { officialApi, type InventoryReport, type SpreadsheetFormat } from './api';
import { HeaderRow } from '../shared/header-row';
import { ProvinceChoice, useWorkingProvince } from './province-choice';
import { useOfficialWords, usePapersWords } from './words';

// The province's receiver inventory (GET /reports/inventory): per type, lot and supplier,
// received = in stock + allocated + installed + defective + lost, and every mismatch listed.

type Figures = InventoryReport['totals'];

export function InventoryPage() {
  const w = useWords();
  const words = usePapersWords();
  const p = words.inventory;
  const lang = useStore(language);
  const { province, adminChoice } = useWorkingProvince();
  const o = useOfficialWords();
  // The admin's chosen province (an official's report is their own province's).
  const chosen = { provinceCode: adminChoice };
  const report = useLoad(
    () => (province ? officialApi.inventory(chosen) : Promise.resolve(null)),
    [province],
  );
  const [error, setError] = useState<string | null>(null);
  const download = async (format: SpreadsheetFormat) => {
    setError(null);
    try {
      saveFile(await officialApi.inventoryFile(chosen, format, lang));
    } catch (err) {
      setError(errorText(err, w));
    }
  };
  const typeName = (t: string) => w.receiverType[t] ?? t;
  const r = report.data;
  return (
    <>
      <p class="no-print">
        <a href="/receivers">{words.receivers.toReceivers}</a>
      </p>
      <h1>
        {p.title}
        {r ? `: ${r.province.name}` : ''}
      </h1>
      <p>{p.intro}</p>
      <ProvinceChoice purpose={o.province.inventory} />
      {province && (
        <div class="toolbar">
          <button type="button" class="button" onClick={() => void download('xlsx')}>
            {p.xlsx}
          </button>
          <button type="button" class="button" onClick={() => void download('csv')}>
            {p.csv}
          </button>
        </div>
      )}
      {error && <Notice kind="error">{error}</Notice>}
      {report.loading && <Loading />}
      {report.error !== null && <ErrorBox error={report.error} onRetry={report.reload} />}
      {r && (
        <>
          <FiguresTable
            caption={p.byType}
            rows={r.byType.map((t) => ({ key: t.type, name: typeName(t.type), f: t }))}
            total={r.totals}
          />
          <FiguresTable
            caption={p.byLot}
            rows={r.byLot.map((t) => ({
              key: `${t.type}-${t.lot ?? ''}`,
              name: `${t.lot ?? p.noLot} · ${typeName(t.type)}`,
              f: t,
            }))}
          />
          <FiguresTable
            caption={p.bySupplier}
            rows={r.bySupplier.map((t) => ({
              key: `${t.type}-${t.supplier ?? ''}`,
              name: `${t.supplier ?? p.noSupplier} · ${typeName(t.type)}`,
              f: t,
            }))}
          />
          <Mismatches report={r} />
        </>
      )}
    </>
  );
}

function FiguresTable(props: {
  caption: string;
  rows: { key: string; name: string; f: Figures }[];
  total?: Figures;
}) {
  const p = usePapersWords().inventory;
  const c = p.cols;
  const lang = useStore(language);
  const labels = [c.name, c.received, c.inStock, c.allocated, c.installed, c.defective, c.lost];
  const cells = (f: Figures) =>
    [f.received, f.inStock, f.allocated, f.installed, f.defective, f.lost].map((v, i) => (
      <td key={i} data-label={labels[i + 1]}>
        {v.toLocaleString(lang)}
      </td>
    ));
  return (
    <table class="list figures-table">
      <caption>{props.caption}</caption>
      <thead>
        <HeaderRow labels={labels} />
      </thead>
      <tbody>
        {props.rows.map((r) => (
          <tr key={r.key}>
            <th scope="row">{r.name}</th>
            {cells(r.f)}
          </tr>
        ))}
      </tbody>
      {props.total && (
        <tfoot>
          <tr>
            <th scope="row">{p.total}</th>
            {cells(props.total)}
          </tr>
        </tfoot>
      )}
    </table>
  );
}

function Mismatches({ report }: { report: InventoryReport }) {
  const p = usePapersWords().inventory;
  const c = p.mismatchCols;
  if (report.mismatches.length === 0) return <Notice kind="ok">{p.noMismatch(report.batchesChecked)}</Notice>;
  return (
    <table class="list">
      <caption>{p.mismatches(report.mismatchCount)}</caption>
      <thead>
        <HeaderRow labels={[c.kind, c.serial, c.batch, c.detail]} />
      </thead>
      <tbody>
        {report.mismatches.map((m, i) => (
          <tr key={i} class="late">
            <th scope="row">{m.kindText}</th>
            <td data-label={c.serial}>{m.serial ?? '–'}</td>
            <td data-label={c.batch}>
              {m.batchId ? <a href={`/batches/${m.batchId}`}>{m.batchCode ?? m.batchId}</a> : '–'}
            </td>
            <td data-label={c.detail}>{m.detail}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
