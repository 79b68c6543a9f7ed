import { pendingAudit } from '../audit/pending';
import { ConflictError, RuleViolationError, text } from '../errors';
import * as householdSteps from '../households/delivery-steps';
import { findOneByKey } from '../database/bulk-reads';
import { withLock } from '../database/locks';
import { updateOneAndRead } from '../database/single-writes';
import * as receivers from '../receivers/service';
import type { Actor } from '../users/roles';
import { releaseCapacity } from './capacity';
import { alreadyDelivered, markDelivered, type ConfirmDeliveryInput } from './confirmation-steps';
import {
  loadDeliveryInScope,
  loadDeliveryWithBatch,
  toDelivery,
  type BatchOfDelivery,
  type Delivery,
  type StoredDelivery,
} from './deliveries';
import { DeliveryModel } from './delivery-model';
import { settleDeliveryAudit } from './delivery-settle';
import {
  alreadyFailed,
  endAsFailed,
  recordAttempt,
  type Attempt,
  type FailDeliveryInput,
} from './failure-steps';
import { onceForKey, requestHash } from './idempotency';
import { withPaperNumber } from './handover-forms';
import { nextHandoverNumber } from './handover-numbers';
import { handoverTime, recipientOf } from './handover-rules';
import { closedSlot } from './slots';
import { assertBatchAllows, assertDeliveryPending, isPermanentFailure } from './status';

export type { ConfirmDeliveryInput } from './confirmation-steps';
export type { FailDeliveryInput } from './failure-steps';

// Ending a delivery: confirm (handover), fail, cancel. Each runs under the delivery's lock, as
// ordered conditional single-document updates (DESIGN §11, STYLE §9):
//   confirm: receiver allocated → installed (its guard against a second household getting the receiver),
//            delivery pending → delivered, household assigned → delivered, counters, audit;
//   fail:    temporary: one more attempt on the pending delivery (household stays assigned);
//            permanent: delivery pending → failed, household withdrawn; counters, audit.
// A failed step undoes the ones before it; a crash between steps is repaired by `npm run reconcile`.
// The delivery's audit entry is written in the delivery's own write (a pending-audit marker,
// audit/pending.ts) and settled last; a retry of an ending that was stored but not finished
// (the household step or the audit entry missing) finishes it before answering. The steps of each
// ending are in confirmation-steps.ts and failure-steps.ts.

const lockOf = (id: string) => `delivery:${id}`;

function existing(batch: BatchOfDelivery | null): BatchOfDelivery {
  if (!batch)
    throw new RuleViolationError(text('Đợt lắp đặt không còn tồn tại', 'The batch no longer exists'));
  return batch;
}

export async function confirmDelivery(
  id: string,
  input: ConfirmDeliveryInput,
  actor: Actor,
  idempotencyKey?: string,
): Promise<Delivery> {
  return withLock(lockOf(id), async () => {
    const { delivery: d, batch: batchRead } = await loadDeliveryWithBatch(id, actor);
    return withPaperNumber(input.paperHandoverNumber, d, () =>
      onceForKey(actor, idempotencyKey, requestHash('confirm', id, input), async () => {
        if (d.status === 'delivered') return alreadyDelivered(d, input, actor);
        assertDeliveryPending(d.status);
        const batch = existing(batchRead);
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
        // The record's number is taken first and stored with the delivery itself (one write less);
        // a number a refused write leaves unused is a harmless gap (handover-numbers.ts).
        const handoverNumber =
          input.paperHandoverNumber ??
          d.handoverNumber ??
          (await nextHandoverNumber(d.area.provinceCode, deliveredAt));
        const done = await markDelivered(
          d,
          { serial, deliveredAt, handoverNumber, ...recipient },
          input,
          marker,
          actor,
        );
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
        // The audit entry and the day's counter move are the marker's (settled once, keyed by it).
        await settleDeliveryAudit(done);
        return toDelivery(done, actor);
      }),
    );
  });
}

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
    const { delivery: d, batch: batchRead } = await loadDeliveryWithBatch(id, actor);
    return onceForKey(actor, idempotencyKey, requestHash('fail', id, input), async () => {
      if (d.status !== 'pending') return alreadyFailed(d, input, actor);
      const batch = existing(batchRead);
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

/**
 * A pending delivery cancelled, with its `delivery.cancelled` entry as a pending-audit marker in the
 * same write, and its batch's capacity released; null when it had ended otherwise meanwhile. The
 * caller holds the delivery's lock (or repairs), releases the household and settles the marker.
 * The write is conditional on the version read (MongoDB takes no lock), so the marker it replaces
 * is the one settled just before; a lost race reads again.
 */
export async function markCancelled(id: string, actor: Actor, why: Record<string, unknown> = {}) {
  for (let tries = 0; tries < 3; tries++) {
    const d = await findOneByKey<StoredDelivery>(DeliveryModel, '_id', id);
    if (d?.status !== 'pending') return null;
    await settleDeliveryAudit(d); // an earlier change's entry a crash left pending
    const marker = pendingAudit(
      actor,
      'delivery.cancelled',
      { type: 'delivery', id, area: d.area },
      { before: { status: 'pending' }, after: { status: 'cancelled', ...why } },
      d.version + 1,
    );
    const doc = await updateOneAndRead<StoredDelivery>(
      DeliveryModel,
      { _id: id, status: 'pending', version: d.version },
      {
        $set: { status: 'cancelled', slot: closedSlot(id), cancelledAt: new Date(), pendingAudit: marker },
        $inc: { version: 1 },
      },
    );
    if (doc) {
      await releaseCapacity(doc.batchId, 1);
      return doc;
    }
  }
  return null;
}

/** A pending delivery of a closing batch: cancelled, its household back to approved, then its entry. */
export async function cancelDelivery(id: string, actor: Actor): Promise<boolean> {
  return withLock(lockOf(id), async () => {
    const doc = await markCancelled(id, actor);
    if (!doc) return false; // confirmed or failed meanwhile: that ending stands
    await householdSteps.releaseFromBatch(doc.householdId, 'Đợt lắp đặt đã đóng (batch closed)', actor);
    await settleDeliveryAudit(doc);
    return true;
  });
}
