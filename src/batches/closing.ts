import * as receivers from '../receivers/service';
import type { Actor } from '../users/roles';
import { cancelDelivery } from './completion';
import { DeliveryModel } from './delivery-model';
import { setBatchStatus, withManagedBatch, type Batch } from './service';
import { assertBatchAllows } from './status';

export interface CloseBatchResult {
  batch: Batch;
  /** Pending deliveries cancelled (their households back to approved). */
  cancelled: number;
  /** Unused receivers back in the province's stock. */
  returned: string[];
}

/**
 * Closes a batch: first its status (no confirmation starts after that), then each pending delivery
 * is cancelled, then unused receivers go back to stock. A crash midway leaves a closed batch with
 * pending deliveries or allocated receivers, which `npm run reconcile` finishes.
 */
export async function closeBatch(id: string, actor: Actor): Promise<CloseBatchResult> {
  return withManagedBatch(id, actor, async (stored) => {
    assertBatchAllows(stored.status, 'close');
    const batch = await setBatchStatus(stored, 'closed', 'closedAt', actor, 'batch.closed');
    const { cancelled, returned } = await finishClosedBatch(id, actor);
    return { batch, cancelled, returned };
  });
}

/** The cleanup of a closed batch; safe to repeat (reconcile runs it too). */
export async function finishClosedBatch(
  id: string,
  actor: Actor,
): Promise<{ cancelled: number; returned: string[] }> {
  let cancelled = 0;
  const pending = DeliveryModel.find({ batchId: id, status: 'pending' }, { _id: 1 }).lean().cursor();
  for await (const d of pending) if (await cancelDelivery(String(d._id), actor)) cancelled++;
  const returned = await receivers.returnReceivers(id, actor);
  return { cancelled, returned };
}
