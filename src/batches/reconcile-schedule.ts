import { UnavailableError } from '../errors';
import type { Logger } from '../logger';
import { withLock } from '../database/locks';
import { reconcile, type ReconcileOptions, type ReconcileReport } from './reconcile';

// Reconcile inside the service (issue 10 item 4): every RECONCILE_EVERY_MINUTES (0: off, the
// default, and always in tests), one instance at a time. The CLI takes the same lock, so a run by
// hand and a scheduled one never overlap; the lease is renewed while the run works.

const RUN_LOCK = 'reconcile:run';

/** One reconcile run, unless another instance (or the CLI) is running one: then UnavailableError. */
export function reconcileExclusively(opts: ReconcileOptions): Promise<ReconcileReport> {
  return withLock(RUN_LOCK, () => reconcile(opts), { always: true, waitMs: 0, leaseMs: 120_000 });
}

export interface ReconcileSchedule {
  everyMinutes: number;
  graceMinutes: number;
}

/** Starts the schedule (no-op when everyMinutes is 0); returns its stop function. */
export function scheduleReconcile(schedule: ReconcileSchedule, log: Logger): () => void {
  if (schedule.everyMinutes <= 0) return () => {};
  let running = false;
  const tick = async (): Promise<void> => {
    if (running) return;
    running = true;
    try {
      const report = await reconcileExclusively({ graceMs: schedule.graceMinutes * 60_000 });
      const summary = {
        repaired: report.changes.length,
        recent: report.recent,
        leftForPerson: report.leftForPerson.length,
        counters: report.counterDrift.length,
      };
      if (report.changes.length || report.leftForPerson.length || report.counterDrift.length)
        log.warn(
          { ...summary, changes: report.changes, leftForPerson: report.leftForPerson },
          'reconcile repaired',
        );
      else log.info(summary, 'reconcile: nothing to repair');
    } catch (err) {
      if (err instanceof UnavailableError)
        log.info({ err }, 'reconcile skipped (another run, or no database)');
      else log.error({ err }, 'reconcile failed');
    } finally {
      running = false;
    }
  };
  const timer = setInterval(() => void tick(), schedule.everyMinutes * 60_000);
  timer.unref();
  return () => clearInterval(timer);
}
