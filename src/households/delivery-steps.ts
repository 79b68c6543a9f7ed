import type { Actor } from '../users/roles';
import { HouseholdModel } from './model';
import { transition } from './review';
import type { Household } from './service';

// The household's side of a delivery (DESIGN §4, §6), called by the batches feature. Each is one
// conditional transition under the household's lock, with its counters and audit entry; a
// RuleViolationError means the household is no longer in the state the step expects.

/** approved → assigned, remembering the batch. */
export function assignToBatch(id: string, batchId: string, actor: Actor): Promise<Household> {
  return transition(id, 'assign', actor, { patch: () => ({ batchId }) });
}

/** assigned → approved: a temporary failure or a closed batch; it keeps its place (approvedAt). */
export function releaseFromBatch(id: string, reason: string, actor: Actor): Promise<Household> {
  return transition(id, 'release', actor, { patch: () => ({ batchId: null, statusReason: reason }) });
}

/** assigned → delivered, with the receiver handed over. Final. */
export function markHouseholdDelivered(
  id: string,
  serial: string,
  deliveredAt: Date,
  actor: Actor,
): Promise<Household> {
  return transition(id, 'deliver', actor, {
    patch: () => ({ receiverSerial: serial, deliveredAt, statusReason: null }),
  });
}

/** assigned → withdrawn: a permanent failure (moved, deceased, refused…). */
export function withdrawAfterFailure(id: string, reason: string, actor: Actor): Promise<Household> {
  return transition(id, 'withdraw', actor, { patch: () => ({ batchId: null, statusReason: reason }) });
}

/** Assigned households, for reconcile: id and batch only, streamed. */
export async function* assignedHouseholds(): AsyncGenerator<{ id: string; batchId: string | null }> {
  for await (const h of HouseholdModel.find({ status: 'assigned' }, { batchId: 1 }).lean().cursor()) {
    yield { id: String(h._id), batchId: h.batchId ?? null };
  }
}

export async function householdStatusOf(
  id: string,
): Promise<{ status: string; batchId: string | null } | null> {
  const h = await HouseholdModel.findById(id, { status: 1, batchId: 1 }).lean();
  return h ? { status: h.status, batchId: h.batchId ?? null } : null;
}
