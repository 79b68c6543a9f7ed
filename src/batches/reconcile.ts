import * as audit from '../audit/service';
import * as householdSteps from '../households/delivery-steps';
import type { CounterDrift } from '../households/counters';
import { serialInstalledFor } from '../receivers/installed';
import * as receivers from '../receivers/service';
import { recomputeStats, type RecomputeResult } from '../reports/recompute';
import { SYSTEM_ACTOR, type Actor } from '../users/roles';
import { recountCapacity, releaseCapacity } from './capacity';
import { settleHouseholdAfterFailure } from './completion';
import { finishClosedBatch } from './closing';
import { DeliveryModel } from './delivery-model';
import { BatchModel } from './model';
import { closedSlot } from './slots';

// `npm run reconcile` (DESIGN §7.5, §11): finds what a crash between the ordered steps of
// assignment.ts, completion.ts and closing.ts left half-done, and finishes or undoes it:
//   1. a receiver installed for a delivery that is not delivered → back to allocated (or stock);
//   2. a pending delivery of a household that is not assigned to its batch → the household is
//      assigned (batch open) or the delivery cancelled;
//   3. an assigned household without a pending delivery → delivered, settled after its failure, or
//      released, following its deliveries;
//   4. an open batch whose promised counter exceeds its deliveries (a claim a crash left unused) → recounted;
//   5. a closed batch with pending deliveries or allocated receivers → cancelled and returned;
//   6. the counters (households by status, failed attempts, deliveries per day) → recomputed.
// Safe to run at any time and to repeat; each repair is a normal, audited service step.

export interface ReconcileChange {
  kind: string;
  id: string;
  detail: string;
}

export interface ReconcileReport {
  changes: ReconcileChange[];
  /** Household counters by status that were corrected. */
  counterDrift: CounterDrift[];
  /** Failed-attempt and delivery-day counters that were corrected. */
  statsDrift: Omit<RecomputeResult, 'households'>;
}

const OPEN = new Set(['planned', 'in_progress']);

async function batchStatus(batchId: string): Promise<string | null> {
  return (await BatchModel.findById(batchId, { status: 1 }).lean())?.status ?? null;
}

async function receiversOfUndelivered(actor: Actor, changes: ReconcileChange[]): Promise<void> {
  const cursor = DeliveryModel.find({ status: { $ne: 'delivered' } }, { batchId: 1 })
    .lean()
    .cursor();
  for await (const d of cursor) {
    const serial = await serialInstalledFor(String(d._id));
    if (!serial) continue;
    const open = OPEN.has((await batchStatus(d.batchId)) ?? '');
    await receivers.uninstallReceiver(serial, String(d._id), open, actor);
    changes.push({
      kind: 'receiver.uninstalled',
      id: serial,
      detail: `delivery ${String(d._id)} was not delivered`,
    });
  }
}

async function pendingDeliveries(actor: Actor, changes: ReconcileChange[]): Promise<void> {
  const cursor = DeliveryModel.find({ status: 'pending' }).lean().cursor();
  for await (const d of cursor) {
    const h = await householdSteps.householdStatusOf(d.householdId);
    if (h?.status === 'assigned' && h.batchId === d.batchId) continue;
    const id = String(d._id);
    if (h?.status === 'approved' && OPEN.has((await batchStatus(d.batchId)) ?? '')) {
      await householdSteps.assignToBatch(d.householdId, d.batchId, actor);
      changes.push({
        kind: 'household.assigned',
        id: d.householdId,
        detail: `its pending delivery ${id} existed`,
      });
      continue;
    }
    const done = await DeliveryModel.updateOne(
      { _id: d._id, status: 'pending' },
      { $set: { status: 'cancelled', slot: closedSlot(id), cancelledAt: new Date() }, $inc: { version: 1 } },
    );
    if (done.modifiedCount === 0) continue;
    await releaseCapacity(d.batchId, 1);
    await audit.record(
      actor,
      'delivery.cancelled',
      { type: 'delivery', id, area: d.area },
      {
        before: { status: 'pending' },
        after: { status: 'cancelled', reason: `household is ${h?.status ?? 'missing'}` },
      },
    );
    changes.push({
      kind: 'delivery.cancelled',
      id,
      detail: `household ${d.householdId} is ${h?.status ?? 'missing'}`,
    });
  }
}

async function assignedHouseholds(actor: Actor, changes: ReconcileChange[]): Promise<void> {
  for await (const h of householdSteps.assignedHouseholds()) {
    const ds = await DeliveryModel.find({ householdId: h.id }).sort({ updatedAt: -1 }).lean();
    if (ds.some((d) => d.status === 'pending')) continue;
    const delivered = ds.find((d) => d.status === 'delivered');
    const failed = ds.find((d) => d.status === 'failed' && d.batchId === h.batchId);
    if (delivered?.serial && delivered.deliveredAt) {
      await householdSteps.markHouseholdDelivered(h.id, delivered.serial, delivered.deliveredAt, actor);
      changes.push({
        kind: 'household.delivered',
        id: h.id,
        detail: `delivery ${String(delivered._id)} was delivered`,
      });
    } else if (failed) {
      await settleHouseholdAfterFailure(failed, actor);
      changes.push({
        kind: 'household.settled',
        id: h.id,
        detail: `delivery ${String(failed._id)} failed (${failed.failureReason})`,
      });
    } else {
      await householdSteps.releaseFromBatch(h.id, 'Đối soát: không còn lượt lắp đặt (reconcile)', actor);
      changes.push({ kind: 'household.released', id: h.id, detail: 'no pending delivery' });
    }
  }
}

/** Open batches' promised counters (capacity.ts) against their deliveries: claims left unused by a crash. */
async function batchCapacity(changes: ReconcileChange[]): Promise<void> {
  for (const status of ['planned', 'in_progress'] as const) {
    for await (const b of BatchModel.find({ status }, { _id: 1 }).lean().cursor()) {
      const { before, after } = await recountCapacity(String(b._id));
      if (before !== null && before !== after)
        changes.push({
          kind: 'batch.capacity_recounted',
          id: String(b._id),
          detail: `promised ${before} → ${after}`,
        });
    }
  }
}

async function closedBatches(actor: Actor, changes: ReconcileChange[]): Promise<void> {
  for await (const b of BatchModel.find({ status: 'closed' }, { _id: 1 }).lean().cursor()) {
    const id = String(b._id);
    const { cancelled, returned } = await finishClosedBatch(id, actor);
    if (cancelled)
      changes.push({ kind: 'batch.deliveries_cancelled', id, detail: `${cancelled} pending deliveries` });
    if (returned.length) changes.push({ kind: 'batch.receivers_returned', id, detail: returned.join(', ') });
  }
}

export async function reconcile(
  actor: Actor = SYSTEM_ACTOR,
  say: (step: string) => void = () => {},
): Promise<ReconcileReport> {
  const changes: ReconcileChange[] = [];
  say('receivers installed for deliveries that were not delivered');
  await receiversOfUndelivered(actor, changes);
  say('pending deliveries');
  await pendingDeliveries(actor, changes);
  say('assigned households');
  await assignedHouseholds(actor, changes);
  say('batch capacity');
  await batchCapacity(changes);
  say('closed batches');
  await closedBatches(actor, changes);
  say('counters');
  const { households: counterDrift, ...statsDrift } = await recomputeStats();
  return { changes, counterDrift, statsDrift };
}
