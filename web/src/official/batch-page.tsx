import { useState } from 'preact/hooks';
import { actorName } from '../shared/actor-name';
import { Fact } from '../shared/fact';
import { FAILURE_REASONS } from '../../../src/batches/status';
import { language, useWords } from '../shared/i18n';
import { saveFile } from '../shared/save-file';
import { ErrorBox, Loading, Notice } from '../shared/states';
import { useStore } from '../shared/store';
import { useLoad } from '../shared/use-load';
import { officialApi, type BatchDetail } from './api';
import { AddHouseholds, AllocateReceivers, EditBatch, StartBatch } from './batch-actions';
import { CloseBatch } from './close-batch';
import { plannedDates } from '../shared/planned-dates';
import { loadPlanningChoices } from './batches';
import { signedInUser } from '../shared/session';
import { managesHere } from './province-choice';
import { useOfficialWords } from './words';

// One batch: what it is, its progress by commune and installer with the failures' reasons, and the
// steps that run it (allocate, add households, start, close).

async function loadBatchPage(id: string) {
  // An official's choices are their area's; an admin's are the batch's province's, known once it is read.
  if (signedInUser()?.scope) {
    const [batch, choices] = await Promise.all([officialApi.batch(id), loadPlanningChoices()]);
    return { batch, choices };
  }
  const batch = await officialApi.batch(id);
  return { batch, choices: await loadPlanningChoices(batch.provinceCode) };
}

export function BatchPage({ id }: { id: string }) {
  const w = useWords();
  const o = useOfficialWords();
  const lang = useStore(language);
  const data = useLoad(() => loadBatchPage(id), [id]);
  const [fileError, setFileError] = useState<unknown>(null);
  const [closedSummary, setClosedSummary] = useState<string | null>(null);
  if (data.loading && !data.data) return <Loading />;
  if (!data.data) return <ErrorBox error={data.error} onRetry={data.reload} />;
  const { batch: b, choices } = data.data;
  const communeName = (code: string) => choices.communes.find((c) => c.code === code)?.name ?? code;
  const installerName = (i: BatchDetail['installers'][number]) =>
    (i.fullName ?? o.batches.someone) + (i.active ? '' : ` (${w.users.inactive.toLowerCase()})`);
  const p = b.progress;
  const open = b.status !== 'closed';
  const manages = managesHere(b.provinceCode);
  const report = async () => {
    setFileError(null);
    try {
      saveFile(await officialApi.batchReportFile(b.id));
    } catch (err) {
      setFileError(err);
    }
  };
  return (
    <>
      <p>
        <a href="/batches">{o.batches.backToList}</a>
      </p>
      <h1>
        {b.code} · {b.name}
      </h1>
      <section class="card" aria-labelledby="batch-facts">
        <h2 id="batch-facts">{o.batchStatus[b.status]}</h2>
        <dl class="figures">
          <Fact label={o.batches.receiverType} value={w.receiverType[b.receiverType]} />
          <Fact label={o.batches.dates} value={plannedDates(b.plannedStart, b.plannedEnd, lang, o.batches)} />
          <Fact label={o.batches.communes} value={b.communeCodes.map(communeName).join(', ')} />
          <Fact
            label={o.batches.installers}
            value={b.installers.map(installerName).join(', ') || o.batches.noneYet}
          />
          <Fact label={o.batches.allocated} value={String(p.receivers.allocated)} />
          <Fact label={o.batches.installed} value={String(p.receivers.installed)} />
          <Fact label={o.batches.capacity} value={String(p.capacity)} />
        </dl>
      </section>

      <section class="card" aria-labelledby="batch-progress">
        <h2 id="batch-progress">{o.batches.progress}</h2>
        <Counts title={o.batches.total} counts={p.deliveries} />
        {p.byCommune.length > 0 && (
          <table class="list">
            <caption>{o.batches.byCommune}</caption>
            <thead>
              <tr>
                <th scope="col">{o.batches.commune}</th>
                {DELIVERY_COLUMNS.map((s) => (
                  <th scope="col" key={s}>
                    {o.deliveryStatus[s]}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {p.byCommune.map((c) => (
                <tr key={c.communeCode}>
                  <th scope="row">{communeName(c.communeCode)}</th>
                  {DELIVERY_COLUMNS.map((s) => (
                    <td key={s} data-label={o.deliveryStatus[s]}>
                      {c[s]}
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        )}
        {p.byInstaller.length > 0 && (
          <table class="list">
            <caption>{o.batches.byInstaller}</caption>
            <thead>
              <tr>
                <th scope="col">{o.batches.installer}</th>
                <th scope="col">{o.deliveryStatus.delivered}</th>
                <th scope="col">{o.deliveryStatus.failed}</th>
              </tr>
            </thead>
            <tbody>
              {p.byInstaller.map((i) => (
                <tr key={i.userId}>
                  <th scope="row">{actorName(i.userId, i.fullName, w, o.batches.someone)}</th>
                  <td data-label={o.deliveryStatus.delivered}>{i.delivered}</td>
                  <td data-label={o.deliveryStatus.failed}>{i.failed}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        {Object.keys(p.failedReasons).length > 0 && (
          <>
            <h3>{o.batches.failures}</h3>
            <ul>
              {FAILURE_REASONS.filter((r) => p.failedReasons[r]).map((r) => (
                <li key={r}>
                  {o.failureReasons[r]}: {p.failedReasons[r]}
                </li>
              ))}
            </ul>
          </>
        )}
      </section>

      <div class="toolbar">
        <a class="button" href={`/acceptance?batch=${b.id}`}>
          {o.batches.acceptance}
        </a>
        <button type="button" class="button" onClick={() => void report()}>
          {o.batches.reportXlsx}
        </button>
      </div>
      {fileError !== null && <ErrorBox error={fileError} />}
      {closedSummary && <Notice kind="ok">{closedSummary}</Notice>}

      {open && !manages && <p class="hint">{o.batches.provinceRuns}</p>}
      {open && manages && (
        <div class="stack">
          <AllocateReceivers batch={b} onDone={data.reload} />
          <AddHouseholds batch={b} communeName={communeName} onDone={data.reload} />
          {b.status === 'planned' && <StartBatch batch={b} onDone={data.reload} />}
          <CloseBatch batch={b} onDone={data.reload} onClosed={setClosedSummary} />
          <EditBatch batch={b} choices={choices} onDone={data.reload} />
        </div>
      )}
    </>
  );
}

const DELIVERY_COLUMNS = ['pending', 'delivered', 'failed', 'cancelled'] as const;

function Counts({ title, counts }: { title: string; counts: BatchDetail['progress']['deliveries'] }) {
  const o = useOfficialWords();
  return (
    <>
      <h3>{title}</h3>
      <dl class="figures">
        {DELIVERY_COLUMNS.map((s) => (
          <Fact key={s} label={o.deliveryStatus[s]} value={String(counts[s])} />
        ))}
      </dl>
    </>
  );
}
