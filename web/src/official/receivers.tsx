import { useState } from 'preact/hooks';
import { RECEIVER_STATUSES } from '../../../src/receivers/status';
import { RECEIVER_TYPES } from '../../../src/receiver-types';
import { RowProblems } from '../shared/file-drop';
import { language, useWords } from '../shared/i18n';
import { onFilterSubmit } from '../shared/filter-form';
import { location } from '../shared/router';
import { queryOf, searchOf } from '../shared/routes';
import { errorText, Notice } from '../shared/states';
import { useStore } from '../shared/store';
import { useLoad } from '../shared/use-load';
import { officialApi, type Receiver } from './api';
import type { ReceiverImportReport } from '../../../src/receivers/import';
import { FigureList } from './figure-list';
import { ImportFile, useSpreadsheetImport } from '../shared/import-card';
import { PagedTable } from '../shared/paged-table';
import { SelectField } from './select-field';
import { ProvinceChoice, managesHere, useWorkingProvince } from './province-choice';
import { useOfficialWords, usePapersWords } from './words';

// The province's receivers (đầu thu): filtered list, a status change for one box (defective, lost,
// repaired) with its reason, and the supplier's file imported with the row report.

/** Receivers per page: a province holds tens of thousands. */
const PAGE_SIZE = 100;

/** Which stock actions a receiver in this status allows (src/receivers/status.ts's table). */
const ACTIONS_BY_STATUS: Record<string, string[]> = {
  in_stock: ['mark_defective', 'mark_lost'],
  allocated: ['mark_defective', 'mark_lost'],
  defective: ['repair'],
};

export function ReceiversPage() {
  const w = useWords();
  const r = usePapersWords().receivers;
  const words = usePapersWords();
  const o = useOfficialWords();
  const { province, adminChoice } = useWorkingProvince();
  const manages = managesHere(province);
  const { search } = useStore(location);
  const query = queryOf(search);
  const page = Math.max(1, Number(query.page) || 1);
  const batches = useLoad(() => officialApi.batches({ pageSize: 100 }), []);
  const list = useLoad(
    () =>
      officialApi.receivers({
        status: query.status,
        type: query.type,
        lot: query.lot,
        batchId: query.batch,
        serial: query.serial,
        provinceCode: adminChoice,
        page,
        pageSize: PAGE_SIZE,
      }),
    [search, adminChoice],
  );
  const filter = onFilterSubmit('/receivers', ['status', 'type', 'lot', 'batch', 'serial'], {
    province: query.province,
  });
  const codeOf = new Map((batches.data?.items ?? []).map((b) => [b.id, b.code]));
  return (
    <>
      <h1>{r.title}</h1>
      <ProvinceChoice purpose={o.province.receivers} />
      <p>
        <a href="/inventory">{r.toInventory}</a>
      </p>
      <form class="card filters" onSubmit={filter} aria-label={r.apply}>
        <SelectField
          id="r-status"
          name="status"
          label={r.status}
          value={query.status ?? ''}
          options={[
            ['', r.all],
            ...RECEIVER_STATUSES.map((s): [string, string] => [s, words.receiverStatus[s]]),
          ]}
        />
        <SelectField
          id="r-type"
          name="type"
          label={r.type}
          value={query.type ?? ''}
          options={[['', r.all], ...RECEIVER_TYPES.map((t): [string, string] => [t, w.receiverType[t]])]}
        />
        <div class="field">
          <label for="r-lot">{r.lot}</label>
          <input id="r-lot" name="lot" defaultValue={query.lot ?? ''} />
        </div>
        <SelectField
          id="r-batch"
          name="batch"
          label={r.batch}
          value={query.batch ?? ''}
          key={`b${batches.data?.items.length ?? 0}`}
          options={[
            ['', r.all],
            ...(batches.data?.items ?? []).map((b): [string, string] => [b.id, `${b.code} · ${b.name}`]),
          ]}
        />
        <div class="field">
          <label for="r-serial">{r.serial}</label>
          <input id="r-serial" name="serial" defaultValue={query.serial ?? ''} />
        </div>
        <div class="actions">
          <button type="submit" class="button primary">
            {r.apply}
          </button>
        </div>
      </form>
      <PagedTable
        list={list}
        page={page}
        pageSize={PAGE_SIZE}
        hrefOf={(p) => '/receivers' + searchOf({ ...query, page: p })}
        empty={r.empty}
        caption={r.found}
        labels={[
          r.cols.serial,
          r.cols.type,
          r.cols.model,
          r.cols.supplier,
          r.cols.lot,
          r.cols.status,
          r.cols.batch,
          r.cols.action,
        ]}
        row={(x) => (
          <ReceiverRow
            key={x.serial + x.version}
            receiver={x}
            batchCode={x.batchId ? (codeOf.get(x.batchId) ?? null) : null}
          />
        )}
      />
      {manages ? (
        <ReceiverImport provinceCode={adminChoice} onImported={list.reload} />
      ) : (
        province && <p class="hint">{r.provinceImports}</p>
      )}
    </>
  );
}

function ReceiverRow(props: { receiver: Receiver; batchCode: string | null }) {
  const w = useWords();
  const words = usePapersWords();
  const r = words.receivers;
  const [x, setX] = useState(props.receiver);
  const [open, setOpen] = useState(false);
  const [message, setMessage] = useState<{ kind: 'ok' | 'error'; text: string } | null>(null);
  const actions = ACTIONS_BY_STATUS[x.status] ?? [];
  const save = async (e: Event) => {
    e.preventDefault();
    const f = new FormData(e.currentTarget as HTMLFormElement);
    const reason = String(f.get('reason') ?? '').trim();
    if (reason.length < 3) {
      setMessage({ kind: 'error', text: r.reasonNeeded });
      return;
    }
    try {
      const next = await officialApi.changeReceiver(x.serial, {
        action: String(f.get('action')) as 'mark_defective' | 'mark_lost' | 'repair',
        reason,
        version: x.version,
      });
      setX(next);
      setOpen(false);
      setMessage({ kind: 'ok', text: r.changed(next.serial, words.receiverStatus[next.status]) });
    } catch (err) {
      setMessage({ kind: 'error', text: errorText(err, w) });
    }
  };
  return (
    <tr>
      <th scope="row">{x.serial}</th>
      <td data-label={r.cols.type}>{w.receiverType[x.type]}</td>
      <td data-label={r.cols.model}>{x.model ?? '–'}</td>
      <td data-label={r.cols.supplier}>{x.supplier ?? '–'}</td>
      <td data-label={r.cols.lot}>{x.lot ?? '–'}</td>
      <td data-label={r.cols.status}>
        {words.receiverStatus[x.status]}
        {x.statusReason ? <span class="muted"> · {x.statusReason}</span> : null}
      </td>
      <td data-label={r.cols.batch}>{props.batchCode ?? '–'}</td>
      <td data-label={r.cols.action}>
        {actions.length === 0 ? (
          <span class="muted">{r.noAction}</span>
        ) : open ? (
          <form class="stack" onSubmit={save} aria-label={r.changeFor(x.serial)}>
            <SelectField
              id={`a-${x.serial}`}
              name="action"
              label={r.change}
              value={actions[0]}
              options={actions.map((a): [string, string] => [a, r.actions[a]])}
            />
            <div class="field">
              <label for={`why-${x.serial}`}>{r.reason}</label>
              <input id={`why-${x.serial}`} name="reason" />
            </div>
            <button type="submit" class="button small primary">
              {r.save}
            </button>
          </form>
        ) : (
          <button type="button" class="button small" onClick={() => setOpen(true)}>
            {r.change}
          </button>
        )}
        {message && <Notice kind={message.kind}>{message.text}</Notice>}
      </td>
    </tr>
  );
}

/** `provinceCode`: the admin's chosen province (an official's import goes to their own). */
function ReceiverImport({ provinceCode, onImported }: { provinceCode?: string; onImported: () => void }) {
  const r = usePapersWords().receivers;
  const state = useSpreadsheetImport(
    (file: File, dryRun: boolean) => officialApi.importReceivers(file, dryRun, provinceCode),
    onImported,
  );
  const { report, busy, send } = state;
  return (
    <section class="card" aria-labelledby="r-import">
      <h2 id="r-import">{r.importTitle}</h2>
      <p>{r.importIntro}</p>
      <ImportFile id="receivers-file" check={r.check} state={state} />
      {report && <ReceiverReport report={report} />}
      {report?.dryRun &&
        (report.valid === 0 ? (
          <p>{r.nothingValid}</p>
        ) : (
          <button type="button" class="button primary" disabled={busy} onClick={() => void send(false)}>
            {r.run(report.valid)}
          </button>
        ))}
      {report && !report.dryRun && <Notice kind="ok">{r.done(report.created)}</Notice>}
    </section>
  );
}

function ReceiverReport({ report }: { report: ReceiverImportReport }) {
  const words = usePapersWords();
  const r = words.receivers;
  const lang = useStore(language);
  const figures: [string, number][] = [
    [r.total, report.total],
    [r.valid, report.valid],
    [r.rejected, report.rejectedRows],
    [r.duplicates, report.duplicates.length],
  ];
  if (!report.dryRun) figures.push([r.created, report.created]);
  return (
    <div aria-label={report.dryRun ? r.report : r.reportDone} role="group">
      <h3>{report.dryRun ? r.report : r.reportDone}</h3>
      <FigureList figures={figures} />
      <RowProblems
        rows={report.rejected.map((x) => ({
          row: x.row,
          column: x.column,
          value: null,
          reason: x.serial ? `${x.serial}: ${x.reason[lang]}` : x.reason[lang],
        }))}
      />
      {report.duplicates.length > 0 && (
        <ul>
          {report.duplicates.map((d) => (
            <li key={d.row}>
              {r.duplicateRow(d.row, d.serial, d.existing ? words.receiverStatus[d.existing.status] : null)}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
