import { Types } from 'mongoose';
import { findEach } from '../database/bulk-reads';
import { isDuplicateKeyError } from '../database/duplicate-key';
import type { BatchCandidate } from '../households/delivery-steps';
import type { Actor } from '../users/roles';
import { DeliveryModel } from './delivery-model';
import type { StoredBatch } from './service';
import { pendingSlot } from './slots';

// The pending deliveries auto-add and picked households get (assignment.ts): one insert for a
// chunk, where the unique slot refuses a household already pending in a batch.

function duplicateIndexes(err: unknown): Set<number> | null {
  const list = [(err as { writeErrors?: unknown }).writeErrors ?? []].flat() as {
    index: number;
    code?: number;
    err?: { code?: number };
  }[];
  if (list.length === 0 || list.some((w) => !isDuplicateKeyError(w) && !isDuplicateKeyError(w.err)))
    return null;
  return new Set(list.map((w) => w.index));
}

/** Pending deliveries for `hs`, one insert; returns the delivery id per household now pending here. */
export async function createDeliveries(batch: StoredBatch, hs: BatchCandidate[], actor: Actor) {
  const batchId = String(batch._id);
  const docs = hs.map((h) => ({
    _id: new Types.ObjectId(),
    batchId,
    householdId: h.id,
    area: h.area,
    village: h.village,
    household: {
      fullName: h.head.fullName,
      nationalId: h.head.nationalId,
      address: h.address,
      phone: h.phone,
    },
    status: 'pending',
    slot: pendingSlot(h.id),
    createdBy: actor.id,
  }));
  let dup = new Set<number>();
  await DeliveryModel.insertMany(docs, { ordered: false }).catch((err: unknown) => {
    const d = duplicateIndexes(err);
    if (!d) throw err;
    dup = d;
  });
  const ids = new Map<string, { deliveryId: string; created: boolean }>();
  docs.forEach((d, i) => {
    if (!dup.has(i)) ids.set(d.householdId, { deliveryId: String(d._id), created: true });
  });
  if (dup.size > 0) {
    // Taken already: by another batch (refused), or by an earlier run of this job (kept).
    const slots = docs.filter((_, i) => dup.has(i)).map((d) => d.slot);
    const existing = await findEach(slots, (slot) =>
      DeliveryModel.find({ slot, batchId }, { householdId: 1 }).lean(),
    );
    for (const e of existing) ids.set(e.householdId, { deliveryId: String(e._id), created: false });
  }
  return ids;
}
