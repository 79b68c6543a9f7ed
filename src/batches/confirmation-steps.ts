import type { PendingAudit } from '../audit/pending';
import { ConflictError, text } from '../errors';
import * as householdSteps from '../households/delivery-steps';
import { updateOneAndRead } from '../database/single-writes';
import * as receivers from '../receivers/service';
import type { Actor } from '../users/roles';
import { toDelivery, type Delivery, type StoredDelivery } from './deliveries';
import { DeliveryModel } from './delivery-model';
import { settleDeliveryAudit } from './delivery-settle';
import { ensureHandoverNumber } from './handover-numbers';
import { deliveredSlot } from './slots';

// The steps of a confirmation (completion.ts confirmDelivery): the delivery stored as delivered,
// and the steps after it, safe to redo when a retry finds a confirmation a crash left unfinished.

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

/** The steps after `delivered` is stored, safe to redo: the household delivered, the audit entry. */
export async function finishConfirmation(d: StoredDelivery, actor: Actor): Promise<void> {
  const h = await householdSteps.householdStatusOf(d.householdId);
  if (h?.status === 'assigned' && d.serial && d.deliveredAt)
    await householdSteps.markHouseholdDelivered(d.householdId, d.serial, d.deliveredAt, actor);
  d.handoverNumber = await ensureHandoverNumber(d);
  await settleDeliveryAudit(d);
}

/** The same serial for the same delivery is a retry: it gets the first answer; another is 409. */
export async function alreadyDelivered(
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

export async function markDelivered(
  d: StoredDelivery,
  {
    serial,
    deliveredAt,
    handoverNumber,
    isHead,
    relation,
  }: { serial: string; deliveredAt: Date; handoverNumber: string; isHead: boolean; relation: string | null },
  input: ConfirmDeliveryInput,
  marker: PendingAudit,
  actor: Actor,
): Promise<StoredDelivery | null> {
  return updateOneAndRead<StoredDelivery>(
    DeliveryModel,
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
        handoverNumber,
      },
      $inc: { version: 1 },
    },
  );
}
