import {
  recountDeliveryDays,
  recountFailedAttempts,
  type DeliveryDayDrift,
  type FailedAttemptDrift,
} from './delivery-recount';
import { recountHouseholds, type CounterDrift } from '../households/counters';

export type { DeliveryDayDrift, FailedAttemptDrift };

// `npm run stats:recompute` (DESIGN §8): rebuilds every counter the reports read from the records
// themselves and returns each count it corrected. Safe while the service serves: every counter move
// is keyed by its change's pending marker, and each recount runs under the lock those moves take,
// leaving out the changes stored whose marker the counter has not applied yet (households/counters.ts,
// batches/delivery-recount.ts).

export interface RecomputeResult {
  households: CounterDrift[];
  failedAttempts: FailedAttemptDrift[];
  deliveryDays: DeliveryDayDrift[];
}

export type RecomputeStep = 'households' | 'failedAttempts' | 'deliveryDays';
/** Called as each step starts (no count), then for deliveries every 10,000 read and once at the end. */
export type RecomputeProgress = (step: RecomputeStep, read?: number) => void;

/** Rebuilds failed attempts and delivery-day counters (reconcile recounts households itself). */
export async function recomputeDeliveryStats(dryRun = false): Promise<Omit<RecomputeResult, 'households'>> {
  return {
    failedAttempts: await recountFailedAttempts(dryRun),
    deliveryDays: await recountDeliveryDays(() => {}, dryRun),
  };
}

/** Rebuilds household counters, failed attempts and delivery-day counters; returns what it corrected. */
export async function recomputeStats(onProgress: RecomputeProgress = () => {}): Promise<RecomputeResult> {
  onProgress('households');
  const households = await recountHouseholds();
  onProgress('failedAttempts');
  const failedAttempts = await recountFailedAttempts();
  onProgress('deliveryDays');
  const deliveryDays = await recountDeliveryDays((n) => onProgress('deliveryDays', n));
  return { households, failedAttempts, deliveryDays };
}
