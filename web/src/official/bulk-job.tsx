import { useEffect, useState } from 'preact/hooks';
import { language } from '../shared/i18n';
import { householdPath } from '../shared/routes';
import { ErrorBox } from '../shared/states';
import { useStore } from '../shared/store';
import { officialApi, type Job } from './api';
import { useOfficialWords } from './words';

// A bulk job followed to its end (GET /jobs/:id): a progress bar while it runs, then what happened to
// each household, in the server's words (approved, rejected, skipped and why).

const POLL_MS = 400;

export function useJob(first: Job | null, onFinished: (job: Job) => void) {
  const [job, setJob] = useState<Job | null>(first);
  const [error, setError] = useState<unknown>(null);
  useEffect(() => {
    setJob(first);
    setError(null);
    if (!first) return;
    let live = true;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const poll = async (current: Job) => {
      if (current.status !== 'running') {
        onFinished(current);
        return;
      }
      timer = setTimeout(() => {
        officialApi.job(current.id).then(
          (next) => {
            if (!live) return;
            setJob(next);
            void poll(next);
          },
          (err: unknown) => live && setError(err),
        );
      }, POLL_MS);
    };
    void poll(first);
    return () => {
      live = false;
      clearTimeout(timer);
    };
    // Each start given (a new object, even for the same job: a resume) is followed anew.
  }, [first]);
  return { job, error };
}

export function JobProgress({ job, error, names }: { job: Job; error: unknown; names: Map<string, string> }) {
  const o = useOfficialWords();
  const lang = useStore(language);
  const total = job.total ?? 0;
  const skipped = (job.results ?? []).filter((r) => r.outcome === 'skipped');
  return (
    <section class="card" aria-labelledby="job-title">
      <h2 id="job-title">{job.status === 'running' ? o.job.running : o.job.finished}</h2>
      <progress max={Math.max(total, 1)} value={job.done} aria-label={o.job.progress(job.done, total)} />
      <p role="status">{o.job.progress(job.done, total)}</p>
      {error !== null && <ErrorBox error={error} />}
      {job.status === 'failed' && <p class="error">{job.error?.message[lang] ?? o.job.failed}</p>}
      {job.status === 'interrupted' && <p class="error">{o.job.interrupted}</p>}
      {Object.keys(job.counts).length > 0 && (
        <dl class="figures">
          {Object.entries(job.counts).map(([outcome, n]) => (
            <div key={outcome}>
              <dt>{o.job.outcomes[outcome] ?? outcome}</dt>
              <dd>{n.toLocaleString(lang)}</dd>
            </div>
          ))}
        </dl>
      )}
      {skipped.length > 0 && (
        <>
          <h3>{o.job.skippedTitle(skipped.length)}</h3>
          <table class="list">
            <thead>
              <tr>
                <th scope="col">{o.review.head}</th>
                <th scope="col">{o.job.reason}</th>
              </tr>
            </thead>
            <tbody>
              {skipped.slice(0, 500).map((r) => (
                <tr key={r.id}>
                  <th scope="row">
                    <a href={householdPath(r.id)}>{names.get(r.id) ?? o.job.household}</a>
                  </th>
                  <td data-label={o.job.reason}>
                    {r.message?.[lang] ?? (r.reason ? (o.job.reasons[r.reason] ?? r.reason) : '')}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
    </section>
  );
}
