import type { ComponentChildren } from 'preact';
import { useState } from 'preact/hooks';
import { formatDateTime, language, useWords } from '../shared/i18n';
import { location, navigate } from '../shared/router';
import { householdPath, queryOf, searchOf } from '../shared/routes';
import { saveFile } from '../shared/save-file';
import { Empty, ErrorBox, errorText, Loading, Notice } from '../shared/states';
import { useStore } from '../shared/store';
import { useLoad } from '../shared/use-load';
import type { Download } from '../shared/api';
import { officialApi, type AcceptanceReport } from './api';
import { FigureList } from './figure-list';
import { HeaderRow } from '../shared/header-row';
import { PaymentTotalsSection } from './payment-totals';
import { SelectField } from './select-field';
import { useOfficialWords, usePapersWords } from './words';

// The acceptance and payment papers (nghiệm thu, thanh quyết toán, DESIGN §14): a batch's or a
// commune's delivered households, the failed visits with their reasons and the totals, printable on
// A4 (official.css's print rules) and as .xlsx; below, the province's payment totals per commune.

export function AcceptancePage() {
  const p = usePapersWords().acceptance;
  const { search } = useStore(location);
  const query = queryOf(search);
  const choices = useLoad(
    () => Promise.all([officialApi.batches({ pageSize: 100 }), officialApi.coverage({ level: 'commune' })]),
    [],
  );
  const scope = query.batch ? { batchId: query.batch } : query.commune ? { areaCode: query.commune } : null;
  const pick = (e: Event) => {
    e.preventDefault();
    const f = new FormData(e.currentTarget as HTMLFormElement);
    const batch = String(f.get('batch') ?? '');
    const commune = String(f.get('commune') ?? '');
    navigate(`/acceptance${searchOf(batch ? { batch } : { commune })}`);
  };
  const [batches, communes] = choices.data ?? [null, null];
  return (
    <>
      <h1 class="no-print">{p.title}</h1>
      {choices.error !== null && <ErrorBox error={choices.error} onRetry={choices.reload} />}
      <form class="card filters no-print" onSubmit={pick} aria-label={p.pick}>
        <SelectField
          id="a-batch"
          name="batch"
          label={p.byBatch}
          value={query.batch ?? ''}
          grow
          options={[
            ['', p.chooseBatch],
            ...(batches?.items ?? []).map((b): [string, string] => [b.id, `${b.code} · ${b.name}`]),
          ]}
          key={`b${batches?.items.length ?? 0}`}
        />
        <SelectField
          id="a-commune"
          name="commune"
          label={p.byCommune}
          value={query.commune ?? ''}
          grow
          options={[
            ['', p.chooseCommune],
            ...(communes?.rows ?? []).map((c): [string, string] => [c.code, c.name]),
          ]}
          key={`c${communes?.rows.length ?? 0}`}
        />
        <div class="actions">
          <button type="submit" class="button primary">
            {p.show}
          </button>
        </div>
      </form>
      {scope ? <Papers scope={scope} /> : <Empty>{p.pickFirst}</Empty>}
      <PaymentTotalsSection />
    </>
  );
}

function Papers({ scope }: { scope: { batchId?: string; areaCode?: string } }) {
  const w = useWords();
  const p = usePapersWords().acceptance;
  const lang = useStore(language);
  const report = useLoad(() => officialApi.acceptance(scope), [scope.batchId, scope.areaCode]);
  const [error, setError] = useState<string | null>(null);
  const save = async (file: Promise<Download>) => {
    setError(null);
    try {
      saveFile(await file);
    } catch (err) {
      setError(errorText(err, w));
    }
  };
  if (report.loading) return <Loading />;
  if (report.error !== null) return <ErrorBox error={report.error} onRetry={report.reload} />;
  const r = report.data;
  if (!r) return null;
  return (
    <article class="papers" aria-labelledby="papers-title">
      <h2 id="papers-title">
        {r.scope.kind === 'batch'
          ? p.headingBatch(r.scope.batchCode ?? '', r.scope.batchName ?? '')
          : p.headingCommune(r.scope.areaName ?? '')}
      </h2>
      <p class="muted">{p.generatedAt(formatDateTime(r.generatedAt, lang))}</p>
      {r.nationalIds === 'masked' && <Notice>{p.maskedIds}</Notice>}
      <div class="toolbar">
        <button type="button" class="button primary" onClick={() => window.print()}>
          {p.print}
        </button>
        <button type="button" class="button" onClick={() => void save(officialApi.acceptanceFile(scope))}>
          {p.xlsx}
        </button>
        <button
          type="button"
          class="button"
          onClick={() =>
            void save(
              officialApi.deliveriesFile(
                { batchId: scope.batchId, communeCode: scope.areaCode, status: 'delivered' },
                lang,
              ),
            )
          }
        >
          {p.deliveriesXlsx}
        </button>
      </div>
      {error && <Notice kind="error">{error}</Notice>}
      <Totals totals={r.totals} />
      <DeliveredTable rows={r.delivered} />
      <FailuresTable rows={r.failures} />
      <Signatures />
    </article>
  );
}

function Totals({ totals }: { totals: AcceptanceReport['totals'] }) {
  const p = usePapersWords().acceptance;
  const figures: [string, number][] = [
    [p.delivered, totals.delivered],
    [p.withSignal, totals.withSignal],
    [p.withPhoto, totals.withPhoto],
    [p.failedAttempts, totals.failedAttempts],
  ];
  return (
    <section aria-label={p.totals}>
      <FigureList figures={figures} />
      {totals.byCommune.length > 1 && (
        <table class="list">
          <caption>{p.byCommuneTitle}</caption>
          <thead>
            <HeaderRow labels={[p.cols.commune, p.delivered, p.failedAttempts]} />
          </thead>
          <tbody>
            {totals.byCommune.map((c) => (
              <tr key={c.communeCode}>
                <th scope="row">{c.communeName}</th>
                <td data-label={p.delivered}>{c.delivered}</td>
                <td data-label={p.failedAttempts}>{c.failedAttempts}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

function DeliveredTable({ rows }: { rows: AcceptanceReport['delivered'] }) {
  const words = usePapersWords();
  const p = words.acceptance;
  const c = p.cols;
  const lang = useStore(language);
  const yesNo = (v: boolean | null) => (v === null ? '–' : v ? words.yes : words.no);
  return (
    <ListSection
      id="delivered-title"
      title={p.deliveredTitle(rows.length)}
      empty={rows.length === 0 ? p.noDelivered : null}
      labels={[
        c.no,
        c.head,
        c.nationalId,
        c.address,
        c.serial,
        c.model,
        c.date,
        c.installer,
        c.handover,
        c.signal,
        c.photo,
      ]}
    >
      {rows.map((r) => (
        <tr key={r.deliveryId}>
          <td data-label={c.no}>{r.no}</td>
          <th scope="row">
            <a href={householdPath(r.householdId)}>{r.headName}</a>
            <span class="muted"> · {r.village}</span>
          </th>
          <td data-label={c.nationalId}>{r.nationalId}</td>
          <td data-label={c.address}>{r.address ?? '–'}</td>
          <td data-label={c.serial}>{r.serial ?? '–'}</td>
          <td data-label={c.model}>{r.receiverModel ?? '–'}</td>
          <td data-label={c.date}>{r.deliveredAt ? formatDateTime(r.deliveredAt, lang) : '–'}</td>
          <td data-label={c.installer}>{r.installerName ?? '–'}</td>
          <td data-label={c.handover}>{r.handoverNumber ?? '–'}</td>
          <td data-label={c.signal}>{yesNo(r.signalReceived)}</td>
          <td data-label={c.photo}>{yesNo(r.hasPhoto)}</td>
        </tr>
      ))}
    </ListSection>
  );
}

function FailuresTable({ rows }: { rows: AcceptanceReport['failures'] }) {
  const o = useOfficialWords();
  const p = usePapersWords().acceptance;
  const c = p.cols;
  const lang = useStore(language);
  return (
    <ListSection
      id="failures-title"
      title={p.failuresTitle(rows.length)}
      empty={rows.length === 0 ? p.noFailures : null}
      labels={[c.no, c.head, c.address, c.reason, c.kind, c.at, c.installer]}
    >
      {rows.map((r) => (
        <tr key={`${r.deliveryId}-${r.no}`}>
          <td data-label={c.no}>{r.no}</td>
          <th scope="row">
            {r.headName}
            <span class="muted"> · {r.village}</span>
          </th>
          <td data-label={c.address}>{r.address ?? '–'}</td>
          <td data-label={c.reason}>{o.failureReasons[r.reason] ?? r.reasonText}</td>
          <td data-label={c.kind}>{r.permanent ? p.permanent : p.temporary}</td>
          <td data-label={c.at}>{r.at ? formatDateTime(r.at, lang) : '–'}</td>
          <td data-label={c.installer}>{r.installerName ?? '–'}</td>
        </tr>
      ))}
    </ListSection>
  );
}

/** A titled table of the papers, or the words saying it is empty. */
function ListSection(props: {
  id: string;
  title: string;
  empty: string | null;
  labels: string[];
  children: ComponentChildren;
}) {
  return (
    <section aria-labelledby={props.id}>
      <h3 id={props.id}>{props.title}</h3>
      {props.empty !== null ? (
        <Empty>{props.empty}</Empty>
      ) : (
        <table class="list papers-table">
          <thead>
            <HeaderRow labels={props.labels} />
          </thead>
          <tbody>{props.children}</tbody>
        </table>
      )}
    </section>
  );
}

function Signatures() {
  const p = usePapersWords().acceptance;
  return (
    <div class="signatures print-only">
      {p.signatures.map((s) => (
        <div key={s}>
          <strong>{s}</strong>
          <span>{p.signHint}</span>
        </div>
      ))}
    </div>
  );
}
