// A job's life: `running` until its runner finishes (`done`) or gives up on an error (`failed`).
// A running job whose lease ran out (its process died) is shown as `interrupted`; retrying the same
// request with the same Idempotency-Key resumes a failed or interrupted job where it stopped.
export const JOB_STATUSES = ['running', 'done', 'failed'] as const;
export type JobStatus = (typeof JOB_STATUSES)[number];
export type JobState = JobStatus | 'interrupted';

export function jobStateOf(status: JobStatus, leaseUntil: Date, now: Date): JobState {
  return status === 'running' && leaseUntil.getTime() < now.getTime() ? 'interrupted' : status;
}

export function isResumable(state: JobState): boolean {
  return state === 'failed' || state === 'interrupted';
}

/** Tallies per-item results by outcome, and skipped items by reason. */
export function tallyResults(results: readonly { outcome: string; reason?: string }[]): {
  counts: Record<string, number>;
  reasons: Record<string, number>;
} {
  const counts: Record<string, number> = {};
  const reasons: Record<string, number> = {};
  for (const r of results) {
    counts[r.outcome] = (counts[r.outcome] ?? 0) + 1;
    if (r.reason) reasons[r.reason] = (reasons[r.reason] ?? 0) + 1;
  }
  return { counts, reasons };
}
