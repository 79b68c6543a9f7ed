import type { PendingAudit } from '../audit/pending';
import { ConflictError, text } from '../errors';
import * as householdSteps from '../households/delivery-steps';
import type { Actor } from '../users/roles';
import { releaseCapacity } from './capacity';
import { loadDeliveryInScope, toDelivery, type Delivery, type StoredDelivery } from './deliveries';
import { DeliveryModel } from './delivery-model';
import { settleDeliveryAudit } from './delivery-settle';
import { closedSlot } from './slots';
import { FAILURE_REASON_VI, isPermanentFailure, type FailureReason } from './status';

// The steps of a failed visit (completion.ts failDelivery): a temporary failure recorded as one more
// attempt, a permanent one ending the delivery and withdrawing the household, and a retry's answer.

export interface FailDeliveryInput {
  reason: FailureReason;
  notes?: string | null;
  /** The installer's phone's clock when the failure was recorded (the outbox sends later). */
  capturedAt?: Date;
}

export type Attempt = {
  at: Date;
  reason: FailureReason;
  notes: string | null;
  by: string;
  key: string | null;
};

/** The same reason for the same delivery is a retry; a different ending is 409. */
export async function alreadyFailed(
  d: StoredDelivery,
  input: FailDeliveryInput,
  actor: Actor,
): Promise<Delivery> {
  if (d.status === 'failed' && d.failureReason === input.reason) {
    // The first try may have died after storing `failed`: finish the household and the audit entry.
    const h = await householdSteps.householdStatusOf(d.householdId);
    if (h?.status === 'assigned' && h.batchId === d.batchId) await settleHouseholdAfterFailure(d, actor);
    await settleDeliveryAudit(d);
    return toDelivery(d, actor);
  }
  if (d.status === 'pending')
    throw new ConflictError(text('Lượt lắp đặt vừa thay đổi', 'The delivery changed meanwhile'));
  throw new ConflictError(
    text(`Lượt lắp đặt này đã kết thúc (${d.status})`, `This delivery already ended as ${d.status}`),
    { status: d.status, failureReason: d.failureReason ?? null },
  );
}

/** Temporary: one more attempt on the pending delivery (never twice for one Idempotency-Key). */
export async function recordAttempt(
  d: StoredDelivery,
  attempt: Attempt,
  marker: PendingAudit,
  actor: Actor,
): Promise<StoredDelivery | { retried: Delivery } | null> {
  const notYet = attempt.key ? { 'attempts.key': { $ne: attempt.key } } : {};
  const doc = await DeliveryModel.findOneAndUpdate(
    { _id: d._id, status: 'pending', ...notYet },
    { $set: { pendingAudit: marker }, $push: { attempts: attempt }, $inc: { version: 1 } },
    { returnDocument: 'after' },
  ).lean();
  if (doc || !attempt.key) return doc;
  const now = await loadDeliveryInScope(String(d._id), actor);
  if (now.status === 'pending' && now.attempts?.some((a) => a.key === attempt.key)) {
    await settleDeliveryAudit(now); // a parallel retry of the same request recorded it; it may have died
    return { retried: toDelivery(now, actor) };
  }
  return null;
}

/** Permanent: the delivery ends as failed; its receiver is free again; the household withdrawn. */
export async function endAsFailed(
  d: StoredDelivery,
  attempt: Attempt,
  marker: PendingAudit,
  actor: Actor,
): Promise<StoredDelivery | null> {
  const id = String(d._id);
  const doc = await DeliveryModel.findOneAndUpdate(
    { _id: d._id, status: 'pending' },
    {
      $set: {
        status: 'failed',
        slot: closedSlot(id),
        failureReason: attempt.reason,
        failedAt: attempt.at,
        notes: attempt.notes,
        completedBy: actor.id,
        pendingAudit: marker,
      },
      $push: { attempts: attempt },
      $inc: { version: 1 },
    },
    { returnDocument: 'after' },
  ).lean();
  if (!doc) return null;
  await releaseCapacity(doc.batchId, 1); // its receiver is free for another household
  await settleHouseholdAfterFailure(doc, actor);
  return doc;
}

/** The household's side of a failed delivery; also used by reconcile. */
export async function settleHouseholdAfterFailure(d: StoredDelivery, actor: Actor): Promise<void> {
  const reason = d.failureReason as FailureReason;
  const why = `Lắp đặt không thành: ${FAILURE_REASON_VI[reason]} (${reason})`;
  if (isPermanentFailure(reason)) await householdSteps.withdrawAfterFailure(d.householdId, why, actor);
  else await householdSteps.releaseFromBatch(d.householdId, why, actor);
}
