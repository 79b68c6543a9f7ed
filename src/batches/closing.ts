import { findAll } from '../database/postgres-reads';
import { eachLimited } from '../each-limited';
import {
  inlineRun,
  jobChunkSize,
  requestHashOf,
  startJob,
  type Job,
  type JobItemResult,
  type JobRun,
} from '../jobs/service';
import * as receivers from '../receivers/service';
import type { Actor } from '../users/roles';
import { cancelDelivery } from './completion';
import { DeliveryModel } from './delivery-model';
import { assertMayManageBatch, loadBatch, setBatchStatus, withManagedBatch, type Batch } from './service';
import { assertBatchAllows } from './status';

export interface CloseBatchResult {
  batch: Batch;
  /** Pending deliveries cancelled (their households back to approved). */
  cancelled: number;
  /** Unused receivers back in the province's stock. */
  returned: string[];
}

// Closing a batch: first its status (no confirmation starts after that), then each pending delivery
// is cancelled, then unused receivers go back to stock. A crash midway leaves a closed batch with
// pending deliveries or allocated receivers, which `npm run reconcile` (or the job's retry) finishes.
// Each cancellation is a delivery, a household, the batch's capacity, counters and audit entries
// under their own locks: 88 ms each on a 35,000-household province (48 in 4.2 s), so a batch closed
// with thousands pending took minutes in one request. They run CLOSE_PARALLEL at a time, in chunks
// whose results are stored as they end: with `Prefer: respond-async` the closing is a job, and the
// official follows its progress (GET /jobs/:id) instead of waiting on one long request.
// (A delivery cancelled twice over is no risk: cancelling is conditional on its being pending.)

const CLOSE_PARALLEL = 4;
const CLOSE_CHUNK = 100;

export async function closeBatch(id: string, actor: Actor): Promise<CloseBatchResult> {
  return withManagedBatch(id, actor, async (stored) => {
    assertBatchAllows(stored.status, 'close');
    const batch = await setBatchStatus(stored, 'closed', 'closedAt', actor, 'batch.closed');
    const { cancelled, returned } = await finishClosedBatch(id, actor);
    return { batch, cancelled, returned };
  });
}

/**
 * Closes the batch now and cancels its pending deliveries in a job (202; results `cancelled`, or
 * `ended` for one confirmed or failed meanwhile). A retry with the same Idempotency-Key returns the
 * job, or resumes it when it stopped: the batch being closed already is then no error.
 */
export async function closeBatchAsJob(
  id: string,
  idempotencyKey: string | undefined,
  actor: Actor,
): Promise<Job> {
  const stored = await loadBatch(id, actor);
  assertMayManageBatch(actor, stored.provinceCode);
  if (stored.status !== 'closed' || !idempotencyKey) {
    await withManagedBatch(id, actor, async (b) => {
      assertBatchAllows(b.status, 'close');
      await setBatchStatus(b, 'closed', 'closedAt', actor, 'batch.closed');
    });
  }
  const kind = 'batches.close';
  return startJob({ kind, actor, idempotencyKey, requestHash: requestHashOf(kind, id, {}) }, async (run) => {
    const { cancelled, returned } = await finishClosedBatch(id, actor, run);
    return { cancelled, returned: returned.length };
  });
}

/**
 * The cleanup of a closed batch; safe to repeat (reconcile runs it too). In a job, each chunk's
 * deliveries are stored as its plan before it runs, so a resumed job redoes the same chunks and
 * reports a delivery an earlier run cancelled (before dying) as cancelled still.
 */
export async function finishClosedBatch(
  id: string,
  actor: Actor,
  run: JobRun = inlineRun(),
): Promise<{ cancelled: number; returned: string[] }> {
  const size = Math.min(CLOSE_CHUNK, jobChunkSize());
  const plans: string[][] = [];
  for (let n = 0; run.chunk(n); n++) plans.push((run.chunk(n)?.plan as string[] | null) ?? []);
  const planned = new Set(plans.flat());
  const pending = await findAll<{ _id: unknown }>(
    DeliveryModel,
    { batchId: id, status: 'pending' },
    { fields: ['_id'] },
  );
  const fresh = pending.map((d) => String(d._id)).filter((d) => !planned.has(d));
  const chunks = Array.from({ length: Math.ceil(fresh.length / size) }, (_, k) =>
    fresh.slice(k * size, (k + 1) * size),
  );
  await run.savePlans(chunks, plans.length);
  plans.push(...chunks);
  await run.setTotal(plans.flat().length);
  for (const [n, ids] of plans.entries()) {
    if (run.chunk(n)?.results) continue; // finished by an earlier run of the job
    const results: JobItemResult[] = [];
    await eachLimited(ids, CLOSE_PARALLEL, async (deliveryId) => {
      const cancelled = await cancelledByClosing(deliveryId, actor);
      results.push({ id: deliveryId, outcome: cancelled ? 'cancelled' : 'ended' });
    });
    await run.saveResults(n, results);
  }
  const returned = await receivers.returnReceivers(id, actor);
  return { cancelled: run.results().filter((r) => r.outcome === 'cancelled').length, returned };
}

/** Cancelled now, or by an earlier run of this closing; false when it was confirmed or failed meanwhile. */
async function cancelledByClosing(deliveryId: string, actor: Actor): Promise<boolean> {
  if (await cancelDelivery(deliveryId, actor)) return true;
  const now = await DeliveryModel.findById(deliveryId, { status: 1 }).lean();
  return now?.status === 'cancelled';
}
