import { useEffect, useRef, useState } from 'preact/hooks';
import { fileSize } from '../shared/file-size';
import { formatDateTime, language } from '../shared/i18n';
import { saveFile } from '../shared/save-file';
import { Empty, ErrorBox, Loading, Notice } from '../shared/states';
import { useStore } from '../shared/store';
import { useLoad } from '../shared/use-load';
import { adminApi, type BackupList } from './api';
import { useBackupWords } from './backup-words';

// The admin's backups page ("Sao lưu"): the backups the service keeps on the server, one made on
// request, each downloaded to be kept off the server, and how a backup is restored. The service
// makes the backup in the background; the page asks again every 2 s while one runs.

const POLL_MS = 2_000;

export function BackupsPage() {
  const t = useBackupWords();
  const list = useLoad(adminApi.backups, []);
  const [starting, setStarting] = useState(false);
  const [startError, setStartError] = useState<unknown>(null);
  const [finished, setFinished] = useState(false);
  const wasRunning = useRef(false);
  const running = list.data?.running ?? null;

  useEffect(() => {
    if (wasRunning.current && !running && list.data) setFinished(list.data.lastFailure === null);
    wasRunning.current = running !== null;
    if (!running) return;
    const timer = setTimeout(list.reload, POLL_MS);
    return () => clearTimeout(timer);
  }, [list.data]);

  const start = async () => {
    setStarting(true);
    setStartError(null);
    setFinished(false);
    try {
      await adminApi.startBackup();
    } catch (err) {
      setStartError(err);
    } finally {
      setStarting(false);
      list.reload();
    }
  };

  return (
    <>
      <h1>{t.title}</h1>
      <p class="hint">{t.intro}</p>
      {list.loading && !list.data && <Loading />}
      {list.error !== null && <ErrorBox error={list.error} onRetry={list.reload} />}
      {list.data && !list.data.available && <Notice>{t.mongo}</Notice>}
      {list.data?.available && (
        <>
          <Schedule list={list.data} />
          <section class="card" aria-labelledby="backup-now">
            <h2 id="backup-now" class="visually-hidden">
              {t.now}
            </h2>
            <button
              type="button"
              class="button primary"
              disabled={starting || running !== null}
              onClick={() => void start()}
            >
              {t.now}
            </button>
            <Progress list={list.data} finished={finished} />
            {startError !== null && <ErrorBox error={startError} />}
          </section>
          <Backups list={list.data} />
          <Restore />
        </>
      )}
    </>
  );
}

function Schedule({ list }: { list: BackupList }) {
  const t = useBackupWords();
  return (
    <section class="card" aria-labelledby="backup-schedule">
      <h2 id="backup-schedule">{t.scheduleTitle}</h2>
      <p>{t.schedule(list.everyHours, list.keep)}</p>
      <p class="hint">
        {t.folder} <code>{list.directory}</code>
      </p>
      <Notice>
        <p>{t.offsite}</p>
        <p>{t.sensitive}</p>
      </Notice>
    </section>
  );
}

function Progress({ list, finished }: { list: BackupList; finished: boolean }) {
  const t = useBackupWords();
  const lang = useStore(language);
  if (list.running)
    return (
      <p class="state" role="status" aria-live="polite">
        <span class="spinner" aria-hidden="true" />{' '}
        {t.running(formatDateTime(list.running.startedAt, lang), list.running.by)}
      </p>
    );
  if (list.lastFailure)
    return (
      <Notice kind="error">
        {t.failed(formatDateTime(list.lastFailure.at, lang), list.lastFailure.message[lang])}
      </Notice>
    );
  return finished ? <Notice kind="ok">{t.done}</Notice> : null;
}

function Backups({ list }: { list: BackupList }) {
  const t = useBackupWords();
  const lang = useStore(language);
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const get = async (name: string) => {
    setBusy(name);
    setError(null);
    try {
      saveFile(await adminApi.downloadBackup(name));
    } catch (err) {
      setError(err);
    } finally {
      setBusy(null);
    }
  };
  return (
    <section class="card" aria-labelledby="backup-list">
      <h2 id="backup-list">{t.listTitle}</h2>
      {error !== null && <ErrorBox error={error} />}
      {list.items.length === 0 ? (
        <Empty>{t.none}</Empty>
      ) : (
        <div class="scroll">
          <table class="list">
            <thead>
              <tr>
                <th scope="col">{t.cols.at}</th>
                <th scope="col">{t.cols.size}</th>
                <th scope="col">{t.cols.file}</th>
                <th scope="col">
                  <span class="visually-hidden">{t.download}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {list.items.map((b, i) => (
                <tr key={b.name}>
                  <th scope="row">
                    {formatDateTime(b.finishedAt, lang)}
                    {i === 0 && <span class="muted"> · {t.newest}</span>}
                  </th>
                  <td data-label={t.cols.size}>{fileSize(b.bytes, lang)}</td>
                  <td data-label={t.cols.file} class="muted">
                    {b.name}
                  </td>
                  <td>
                    <button
                      type="button"
                      class="button"
                      disabled={busy !== null}
                      onClick={() => void get(b.name)}
                    >
                      {busy === b.name ? t.downloading : t.download}
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

function Restore() {
  const t = useBackupWords();
  const [intro, stop, run, startAgain] = t.restoreSteps;
  return (
    <section class="card" aria-labelledby="backup-restore">
      <h2 id="backup-restore">{t.restoreTitle}</h2>
      <p>{intro}</p>
      <ol>
        <li>{stop}</li>
        <li>
          {run} <code>{t.restoreCommand}</code>
        </li>
        <li>{startAgain}</li>
      </ol>
      <p class="hint">{t.restoreNote}</p>
    </section>
  );
}
