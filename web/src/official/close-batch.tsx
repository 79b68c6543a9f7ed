import { useState } from 'preact/hooks';
import { useWords } from '../shared/i18n';
import { errorText, Notice } from '../shared/states';
import { officialApi, type Batch, type Job } from './api';
import { JobProgress, useJob } from './bulk-job';
import { useOfficialWords } from './words';

// Closing a batch: the server closes it at once and cancels its pending deliveries as a job (a
// batch closed with thousands pending takes minutes), whose progress shows here. A job that stopped
// midway is resumed with the same key, which finishes only what is left.

const NO_NAMES = new Map<string, string>();

/**
 * Closing ends the batch, so the page stops showing this card once it reloads: when the job is done
 * its summary goes to `onClosed`, which the page shows above its cards, and the page reloads.
 */
export function CloseBatch({
  batch,
  onDone,
  onClosed,
}: {
  batch: Batch;
  onDone: () => void;
  onClosed: (summary: string) => void;
}) {
  const w = useWords();
  const o = useOfficialWords();
  const [sure, setSure] = useState(false);
  const [key] = useState(() => crypto.randomUUID());
  const [started, setStarted] = useState<Job | null>(null);
  const [sending, setSending] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const { job, error: pollError } = useJob(started, (finished) => {
    if (finished.status !== 'done') return; // the card stays, with the job's reason and a retry
    const summary = finished.summary as { cancelled: number; returned: number };
    onClosed(o.closeBatch.done(summary.cancelled, summary.returned));
    onDone();
  });
  const close = async () => {
    setSending(true);
    setError(null);
    try {
      setStarted(await officialApi.closeBatchAsJob(batch.id, key));
    } catch (err) {
      setError(errorText(err, w));
    } finally {
      setSending(false);
    }
  };
  const stopped = job !== null && (job.status === 'failed' || job.status === 'interrupted');
  return (
    <section class="card" aria-labelledby="close-title">
      <h2 id="close-title">{o.closeBatch.title}</h2>
      <p class="hint">{o.closeBatch.intro}</p>
      {!job && (
        <label class="choice">
          <input type="checkbox" checked={sure} onChange={() => setSure(!sure)} /> {o.closeBatch.sure}
        </label>
      )}
      {(!job || stopped) && (
        <button
          type="button"
          class="button danger"
          disabled={sending || (!job && !sure)}
          onClick={() => void close()}
        >
          {stopped ? o.closeBatch.retry : o.closeBatch.button}
        </button>
      )}
      {job && <JobProgress job={job} error={pollError} names={NO_NAMES} />}
      {error && <Notice kind="error">{error}</Notice>}
    </section>
  );
}
