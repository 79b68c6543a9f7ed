import { pendingAudit, settlePendingAudit, storedPendingAudit, type PendingAudit } from '../audit/pending';
import * as audit from '../audit/service';
import { ConflictError, RuleViolationError, text, ValidationError } from '../errors';
import { countFailedAttempt } from '../households/counters';
import * as householdSteps from '../households/delivery-steps';
import { withLock } from '../locks';
import * as receivers from '../receivers/service';
import { countDeliveryDay } from '../reports/progress-counters';
import type { Actor } from '../users/roles';
import { releaseCapacity } from './capacity';
import { loadDeliveryInScope, toDelivery, type Delivery, type StoredDelivery } from './deliveries';
import { DeliveryModel } from './delivery-model';
import { onceForKey, requestHash } from './idempotency';
import { BatchModel } from './model';
import { closedSlot, deliveredSlot } from './slots';
import {
  assertBatchAllows,
  assertDeliveryPending,
  FAILURE_REASON_VI,
  isPermanentFailure,
  type FailureReason,
} from './status';

// Ending a delivery: confirm (handover), fail, cancel. Each runs under the delivery's lock, as
// ordered conditional single-document updates (DESIGN §11, STYLE §9):
//   confirm: receiver allocated → installed (its guard against a second household getting the box),
//            delivery pending → delivered, household assigned → delivered, counters, audit;
//   fail:    delivery pending → failed, household back to approved or withdrawn, counters, audit.
// A failed step undoes the ones before it; a crash between steps is repaired by `npm run reconcile`.
// The delivery's audit entry is written in the delivery's own write (a pending-audit marker,
// audit/pending.ts) and settled last; a retry of an ending that was stored but not finished
// (the household step or the audit entry missing) finishes it before answering.

export interface ConfirmDeliveryInput {
  serial: string;
  recipientName: string;
  recipientIdLast4: string;
  /** When the box was handed over; defaults to now (an installer offline may confirm later). */
  deliveredAt?: Date;
  signalReceived: boolean;
  location?: { lat: number; lng: number; accuracyM?: number } | null;
  notes?: string | null;
}

export interface FailDeliveryInput {
  reason: FailureReason;
  notes?: string | null;
}

const lockOf = (id: string) => `delivery:${id}`;

async function batchOf(d: StoredDelivery) {
  const batch = await BatchModel.findById(d.batchId, { status: 1, plannedStart: 1 }).lean();
  if (!batch)
    throw new RuleViolationError(text('Đợt lắp đặt không còn tồn tại', 'The batch no longer exists'));
  return batch;
}

/** Settles the delivery's pending audit entry, if it has one (the caller holds its lock). */
async function settleDeliveryAudit(d: StoredDelivery): Promise<void> {
  const p = storedPendingAudit(d.pendingAudit);
  if (p)
    await settlePendingAudit(p, (filter, update) =>
      DeliveryModel.updateOne({ _id: d._id, ...filter }, update),
    );
}

/** The steps after `delivered` is stored, safe to redo: the household delivered, the audit entry. */
async function finishConfirmation(d: StoredDelivery, actor: Actor): Promise<void> {
  const h = await householdSteps.householdStatusOf(d.householdId);
  if (h?.status === 'assigned' && d.serial && d.deliveredAt)
    await householdSteps.markHouseholdDelivered(d.householdId, d.serial, d.deliveredAt, actor);
  await settleDeliveryAudit(d);
}

/** The same serial for the same delivery is a retry: it gets the first answer; another is 409. */
async function alreadyDelivered(
  d: StoredDelivery,
  input: ConfirmDeliveryInput,
  actor: Actor,
): Promise<Delivery> {
  if (d.serial === receivers.normalizeSerial(input.serial)) {
    await finishConfirmation(d, actor); // the first try may have died after storing `delivered`
    return toDelivery(d, actor);
  }
  throw new ConflictError(
    text(
      `Hộ này đã được bàn giao đầu thu ${d.serial}; không thể xác nhận đầu thu ${input.serial}`,
      `This delivery was already confirmed with receiver ${d.serial}, not ${input.serial}`,
    ),
    { status: d.status, serial: d.serial },
  );
}

/**
 * Not in the future (5 minutes of clock skew allowed), and not before the batch's planned start
 * when it has one: paper records of earlier handovers may be entered later, but not predate the plan.
 */
function checkHandoverTime(at: Date, plannedStart: Date | null): void {
  const tooLate = at.getTime() > Date.now() + 5 * 60_000;
  const tooEarly = plannedStart !== null && at < plannedStart;
  if (!tooLate && !tooEarly) return;
  throw new ValidationError(
    text(
      tooLate ? 'Thời điểm bàn giao ở tương lai' : 'Thời điểm bàn giao trước ngày bắt đầu dự kiến của đợt',
      tooLate ? 'deliveredAt is in the future' : 'deliveredAt is before the batch’s planned start',
    ),
    [
      {
        path: 'deliveredAt',
        type: 'date.range',
        message: text('deliveredAt: ngoài khoảng cho phép', 'deliveredAt: out of range'),
      },
    ],
  );
}

export async function confirmDelivery(
  id: string,
  input: ConfirmDeliveryInput,
  actor: Actor,
  idempotencyKey?: string,
): Promise<Delivery> {
  return withLock(lockOf(id), async () => {
    const d = await loadDeliveryInScope(id, actor);
    return onceForKey(actor, idempotencyKey, requestHash('confirm', id, input), async () => {
      if (d.status === 'delivered') return alreadyDelivered(d, input, actor);
      assertDeliveryPending(d.status);
      const batch = await batchOf(d);
      assertBatchAllows(batch.status, 'deliver');
      const deliveredAt = input.deliveredAt ?? new Date();
      checkHandoverTime(deliveredAt, batch.plannedStart ?? null);
      const serial = receivers.normalizeSerial(input.serial);
      await receivers.installReceiver(
        serial,
        { batchId: d.batchId, householdId: d.householdId, deliveryId: id },
        actor,
      );
      const marker = pendingAudit(
        actor,
        'delivery.confirmed',
        { type: 'delivery', id, area: d.area },
        {
          before: { status: d.status },
          after: { status: 'delivered', serial, recipientName: input.recipientName, deliveredAt },
        },
        d.version + 1,
      );
      const done = await markDelivered(d, serial, deliveredAt, input, marker, actor);
      if (!done) {
        // Someone else ended it meanwhile (no lock on MongoDB): a retry of ours, or a conflict.
        const now = await loadDeliveryInScope(id, actor);
        if (now.status === 'delivered' && now.serial === serial) return toDelivery(now, actor);
        await receivers.uninstallReceiver(serial, id, true, actor);
        if (now.status === 'delivered') return alreadyDelivered(now, input, actor);
        assertDeliveryPending(now.status);
        throw new ConflictError(
          text('Lượt lắp đặt vừa thay đổi; hãy tải lại', 'The delivery changed meanwhile'),
        );
      }
      await householdSteps.markHouseholdDelivered(d.householdId, serial, deliveredAt, actor);
      await countDeliveryDay(d.area, deliveredAt);
      await settleDeliveryAudit(done);
      return toDelivery(done, actor);
    });
  });
}

async function markDelivered(
  d: StoredDelivery,
  serial: string,
  deliveredAt: Date,
  input: ConfirmDeliveryInput,
  marker: PendingAudit,
  actor: Actor,
): Promise<StoredDelivery | null> {
  return DeliveryModel.findOneAndUpdate(
    { _id: d._id, status: 'pending' },
    {
      $set: {
        status: 'delivered',
        slot: deliveredSlot(d.householdId),
        serial,
        recipientName: input.recipientName,
        recipientIdLast4: input.recipientIdLast4,
        recipientIsHead: d.household.nationalId.endsWith(input.recipientIdLast4),
        deliveredAt,
        signalReceived: input.signalReceived,
        location: input.location ?? null,
        notes: input.notes ?? null,
        completedBy: actor.id,
        pendingAudit: marker,
      },
      $inc: { version: 1 },
    },
    { returnDocument: 'after' },
  ).lean();
}

/** The same reason for the same delivery is a retry; a different ending is 409. */
async function alreadyFailed(d: StoredDelivery, input: FailDeliveryInput, actor: Actor): Promise<Delivery> {
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

/** Temporary reasons put the household back to approved; permanent ones withdraw it (DESIGN §6). */
export async function failDelivery(
  id: string,
  input: FailDeliveryInput,
  actor: Actor,
  idempotencyKey?: string,
): Promise<Delivery> {
  return withLock(lockOf(id), async () => {
    const d = await loadDeliveryInScope(id, actor);
    return onceForKey(actor, idempotencyKey, requestHash('fail', id, input), async () => {
      if (d.status !== 'pending') return alreadyFailed(d, input, actor);
      const batch = await batchOf(d);
      assertBatchAllows(batch.status, 'deliver');
      const marker = pendingAudit(
        actor,
        'delivery.failed',
        { type: 'delivery', id, area: d.area },
        {
          before: { status: d.status },
          after: {
            status: 'failed',
            failureReason: input.reason,
            failureKind: isPermanentFailure(input.reason) ? 'permanent' : 'temporary',
          },
        },
        d.version + 1,
      );
      const doc = await DeliveryModel.findOneAndUpdate(
        { _id: d._id, status: 'pending' },
        {
          $set: {
            status: 'failed',
            slot: closedSlot(id),
            failureReason: input.reason,
            failedAt: new Date(),
            notes: input.notes ?? null,
            completedBy: actor.id,
            pendingAudit: marker,
          },
          $inc: { version: 1 },
        },
        { returnDocument: 'after' },
      ).lean();
      if (!doc) return alreadyFailed(await loadDeliveryInScope(id, actor), input, actor);
      await releaseCapacity(doc.batchId, 1); // its receiver is free for another household
      await settleHouseholdAfterFailure(doc, actor);
      await countFailedAttempt(d.area);
      await settleDeliveryAudit(doc);
      return toDelivery(doc, actor);
    });
  });
}

/** The household's side of a failed delivery; also used by reconcile. */
export async function settleHouseholdAfterFailure(d: StoredDelivery, actor: Actor): Promise<void> {
  const reason = d.failureReason as FailureReason;
  const why = `Lắp đặt không thành: ${FAILURE_REASON_VI[reason]} (${reason})`;
  if (isPermanentFailure(reason)) await householdSteps.withdrawAfterFailure(d.householdId, why, actor);
  else await householdSteps.releaseFromBatch(d.householdId, why, actor);
}

/** A pending delivery of a closing batch: cancelled, its household back to approved. */
export async function cancelDelivery(id: string, actor: Actor): Promise<boolean> {
  return withLock(lockOf(id), async () => {
    const doc = await DeliveryModel.findOneAndUpdate(
      { _id: id, status: 'pending' },
      { $set: { status: 'cancelled', slot: closedSlot(id), cancelledAt: new Date() }, $inc: { version: 1 } },
      { returnDocument: 'after' },
    ).lean();
    if (!doc) return false; // confirmed or failed meanwhile: that ending stands
    await releaseCapacity(doc.batchId, 1);
    await householdSteps.releaseFromBatch(doc.householdId, 'Đợt lắp đặt đã đóng (batch closed)', actor);
    await audit.record(
      actor,
      'delivery.cancelled',
      { type: 'delivery', id, area: doc.area },
      {
        before: { status: 'pending' },
        after: { status: 'cancelled' },
      },
    );
    return true;
  });
}
