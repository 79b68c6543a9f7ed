import { pendingAudit, type PendingAudit } from '../audit/pending';
import * as audit from '../audit/service';
import { ConflictError, RuleViolationError, text } from '../errors';
import * as householdSteps from '../households/delivery-steps';
import { withLock } from '../database/locks';
import * as receivers from '../receivers/service';
import type { Actor } from '../users/roles';
import { releaseCapacity } from './capacity';
import { loadDeliveryInScope, toDelivery, type Delivery, type StoredDelivery } from './deliveries';
import { DeliveryModel } from './delivery-model';
import { settleDeliveryMarker } from './delivery-settle';
import { onceForKey, requestHash } from './idempotency';
import { BatchModel } from './model';
import { withPaperNumber } from './handover-forms';
import { ensureHandoverNumber } from './handover-numbers';
import { handoverTime, recipientOf } from './handover-rules';
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
//   confirm: receiver allocated → installed (its guard against a second household getting the receiver),
//            delivery pending → delivered, household assigned → delivered, counters, audit;
//   fail:    temporary: one more attempt on the pending delivery (household stays assigned);
//            permanent: delivery pending → failed, household withdrawn; counters, audit.
// A failed step undoes the ones before it; a crash between steps is repaired by `npm run reconcile`.
// The delivery's audit entry is written in the delivery's own write (a pending-audit marker,
// audit/pending.ts) and settled last; a retry of an ending that was stored but not finished
// (the household step or the audit entry missing) finishes it before answering.

export interface ConfirmDeliveryInput {
  serial: string;
  recipientName: string;
  recipientIdLast4: string;
  /** Required when the last four digits are not the head's: how the recipient is related to the head. */
  recipientRelation?: string | null;
  /** When the receiver was handed over, typed by a person (a paper record entered later); checked. */
  deliveredAt?: Date;
  /** The installer's phone's clock at capture (the outbox sends later); used when plausible, else server time. */
  capturedAt?: Date;
  signalReceived: boolean;
  location?: { lat: number; lng: number; accuracyM?: number } | null;
  notes?: string | null;
  /** The number of a blank paper form reserved for the batch (POST /handover-forms), when one was used. */
  paperHandoverNumber?: string | null;
}

export interface FailDeliveryInput {
  reason: FailureReason;
  notes?: string | null;
  /** The installer's phone's clock when the failure was recorded (the outbox sends later). */
  capturedAt?: Date;
}

const lockOf = (id: string) => `delivery:${id}`;

async function batchOf(d: StoredDelivery) {
  const batch = await BatchModel.findById(d.batchId, { status: 1, startedAt: 1 }).lean();
  if (!batch)
    throw new RuleViolationError(text('Đợt lắp đặt không còn tồn tại', 'The batch no longer exists'));
  return batch;
}

/** Settles the delivery's pending marker, if it has one: counters, audit (the caller holds its lock). */
async function settleDeliveryAudit(d: StoredDelivery): Promise<void> {
  await settleDeliveryMarker(d._id, d.pendingAudit);
}

/** The steps after `delivered` is stored, safe to redo: the household delivered, the audit entry. */
async function finishConfirmation(d: StoredDelivery, actor: Actor): Promise<void> {
  const h = await householdSteps.householdStatusOf(d.householdId);
  if (h?.status === 'assigned' && d.serial && d.deliveredAt)
    await householdSteps.markHouseholdDelivered(d.householdId, d.serial, d.deliveredAt, actor);
  d.handoverNumber = await ensureHandoverNumber(d);
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

export async function confirmDelivery(
  id: string,
  input: ConfirmDeliveryInput,
  actor: Actor,
  idempotencyKey?: string,
): Promise<Delivery> {
  return withLock(lockOf(id), async () => {
    const d = await loadDeliveryInScope(id, actor);
    return withPaperNumber(input.paperHandoverNumber, d, () =>
      onceForKey(actor, idempotencyKey, requestHash('confirm', id, input), async () => {
        if (d.status === 'delivered') return alreadyDelivered(d, input, actor);
        assertDeliveryPending(d.status);
        const batch = await batchOf(d);
        assertBatchAllows(batch.status, 'deliver');
        const deliveredAt = handoverTime(input, batch.startedAt ?? null, new Date());
        const recipient = recipientOf(
          d.household.nationalId,
          input.recipientIdLast4,
          input.recipientRelation,
        );
        const serial = receivers.normalizeSerial(input.serial);
        await receivers.installReceiver(
          serial,
          { batchId: d.batchId, householdId: d.householdId, deliveryId: id },
          actor,
        );
        await settleDeliveryAudit(d); // an earlier change's entry a crash left pending
        const marker = pendingAudit(
          actor,
          'delivery.confirmed',
          { type: 'delivery', id, area: d.area },
          {
            before: { status: d.status },
            after: {
              status: 'delivered',
              serial,
              recipientName: input.recipientName,
              recipientRelation: recipient.relation,
              deliveredAt,
            },
          },
          d.version + 1,
        );
        const done = await markDelivered(d, { serial, deliveredAt, ...recipient }, input, marker, actor);
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
        // The handover record's number (its own counter); the audit entry and the day's counter
        // move are the marker's (settled once, keyed by it).
        const handoverNumber = await ensureHandoverNumber(done);
        await settleDeliveryAudit(done);
        return toDelivery({ ...done, handoverNumber }, actor);
      }),
    );
  });
}

async function markDelivered(
  d: StoredDelivery,
  {
    serial,
    deliveredAt,
    isHead,
    relation,
  }: { serial: string; deliveredAt: Date; isHead: boolean; relation: string | null },
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
        recipientIsHead: isHead,
        recipientRelation: relation,
        deliveredAt,
        capturedAt: input.capturedAt ?? null,
        signalReceived: input.signalReceived,
        location: input.location ?? null,
        notes: input.notes ?? null,
        completedBy: actor.id,
        pendingAudit: marker,
        ...(input.paperHandoverNumber ? { handoverNumber: input.paperHandoverNumber } : {}),
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

type Attempt = { at: Date; reason: FailureReason; notes: string | null; by: string; key: string | null };

/**
 * A failed visit (DESIGN §6, issue 12). A temporary reason (absent, no signal…) is recorded as an
 * attempt and the delivery stays pending, the household assigned, for a revisit by the same team
 * until the batch closes. A permanent reason ends the delivery as failed and withdraws the household.
 * Each attempt counts once in the commune's failedAttempts, retries with the same key included.
 */
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
      const attempt: Attempt = {
        at: handoverTime({ capturedAt: input.capturedAt }, batch.startedAt ?? null, new Date()),
        reason: input.reason,
        notes: input.notes ?? null,
        by: actor.id,
        key: idempotencyKey ?? null,
      };
      const permanent = isPermanentFailure(input.reason);
      await settleDeliveryAudit(d); // an earlier change's entry a crash left pending
      const attemptsBefore = d.attempts?.length ?? 0;
      const marker = pendingAudit(
        actor,
        'delivery.failed',
        { type: 'delivery', id, area: d.area },
        {
          before: { status: d.status, attemptCount: attemptsBefore },
          after: {
            status: permanent ? 'failed' : 'pending',
            attemptCount: attemptsBefore + 1,
            failureReason: input.reason,
            failureKind: permanent ? 'permanent' : 'temporary',
          },
        },
        d.version + 1,
      );
      const doc = permanent
        ? await endAsFailed(d, attempt, marker, actor)
        : await recordAttempt(d, attempt, marker, actor);
      if (!doc) return alreadyFailed(await loadDeliveryInScope(id, actor), input, actor);
      if ('retried' in doc) return doc.retried;
      await settleDeliveryAudit(doc); // the attempt's counter move (keyed by the marker), the entry
      return toDelivery(doc, actor);
    });
  });
}

/** Temporary: one more attempt on the pending delivery (never twice for one Idempotency-Key). */
async function recordAttempt(
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
async function endAsFailed(
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

/**
 * A pending delivery cancelled and its batch's capacity released; null when it had ended otherwise
 * meanwhile. The caller holds the delivery's lock (or repairs), releases the household and audits.
 */
export async function markCancelled(id: string) {
  const doc = await DeliveryModel.findOneAndUpdate(
    { _id: id, status: 'pending' },
    { $set: { status: 'cancelled', slot: closedSlot(id), cancelledAt: new Date() }, $inc: { version: 1 } },
    { returnDocument: 'after' },
  ).lean();
  if (doc) await releaseCapacity(doc.batchId, 1);
  return doc;
}

/** A pending delivery of a closing batch: cancelled, its household back to approved. */
export async function cancelDelivery(id: string, actor: Actor): Promise<boolean> {
  return withLock(lockOf(id), async () => {
    const doc = await markCancelled(id);
    if (!doc) return false; // confirmed or failed meanwhile: that ending stands
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
