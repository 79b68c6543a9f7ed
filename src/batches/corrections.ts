import * as audit from '../audit/service';
import { ConflictError, RuleViolationError, text } from '../errors';
import * as householdSteps from '../households/delivery-steps';
import { withLock } from '../database/locks';
import { changeReceiverStatus } from '../receivers/inventory';
import * as receivers from '../receivers/service';
import type { Actor } from '../users/roles';
import { loadDeliveryInScope, toDelivery, type Delivery, type StoredDelivery } from './deliveries';
import { DeliveryModel } from './delivery-model';
import { assertMayCorrect, recipientOf } from './handover-rules';

// Correcting a delivered record (issue 12, item 5): the recipient, ID digits, relation and notes (by an
// official, or by its installer within 24 hours), and the serial bound to the household, which only
// an official changes, by an explicit swap that keeps invariant 1. Version-checked, audited.

export interface CorrectDeliveryInput {
  version: number;
  recipientName?: string;
  recipientIdLast4?: string;
  recipientRelation?: string | null;
  notes?: string | null;
}

export const OLD_RECEIVER_STATUSES = ['allocated', 'defective', 'lost'] as const;
export type OldReceiverStatus = (typeof OLD_RECEIVER_STATUSES)[number];

export interface SwapReceiverInput {
  version: number;
  serial: string;
  /** What becomes of the receiver taken back: allocated to the batch again, defective or lost. */
  oldReceiverStatus: OldReceiverStatus;
  reason: string;
}

const lockOf = (id: string) => `delivery:${id}`;

const stale = (version: number) =>
  new ConflictError(
    text('Biên bản vừa được người khác sửa; hãy tải lại', 'The delivery changed meanwhile; reload it'),
    { version },
  );

function assertDelivered(
  d: StoredDelivery,
): asserts d is StoredDelivery & { deliveredAt: Date; serial: string } {
  if (d.status === 'delivered' && d.deliveredAt && d.serial) return;
  throw new RuleViolationError(
    text('Chỉ sửa được lượt lắp đặt đã bàn giao', 'Only a delivered record can be corrected'),
    { status: d.status },
  );
}

const FIELDS = ['recipientName', 'recipientIdLast4', 'recipientRelation', 'notes'] as const;

export async function correctDelivery(
  id: string,
  input: CorrectDeliveryInput,
  actor: Actor,
  now = new Date(),
): Promise<Delivery> {
  return withLock(lockOf(id), async () => {
    const d = await loadDeliveryInScope(id, actor);
    assertDelivered(d);
    assertMayCorrect(actor.role, d.deliveredAt, now);
    if (input.version !== d.version) throw stale(d.version);
    const last4 = input.recipientIdLast4 ?? d.recipientIdLast4 ?? '';
    const relation = input.recipientRelation !== undefined ? input.recipientRelation : d.recipientRelation;
    const recipient = recipientOf(d.household.nationalId, last4, relation);
    const set: Record<string, unknown> = {
      recipientIsHead: recipient.isHead,
      recipientRelation: recipient.relation,
    };
    if (input.recipientName !== undefined) set.recipientName = input.recipientName;
    if (input.recipientIdLast4 !== undefined) set.recipientIdLast4 = input.recipientIdLast4;
    if (input.notes !== undefined) set.notes = input.notes || null;
    const doc = await DeliveryModel.findOneAndUpdate(
      { _id: d._id, status: 'delivered', version: d.version },
      { $set: set, $inc: { version: 1 } },
      { returnDocument: 'after' },
    ).lean();
    if (!doc) throw stale(d.version);
    const before = toDelivery(d, actor);
    const after = toDelivery(doc, actor);
    const changed = [...FIELDS, 'recipientIsHead' as const].filter((k) => before[k] !== after[k]);
    await audit.record(
      actor,
      'delivery.corrected',
      { type: 'delivery', id, area: d.area },
      {
        before: Object.fromEntries([...changed.map((k) => [k, before[k]]), ['version', before.version]]),
        after: Object.fromEntries([...changed.map((k) => [k, after[k]]), ['version', after.version]]),
      },
    );
    return after;
  });
}

/**
 * Binds another receiver of the same batch to a delivered household. Order keeps invariant 1: the old
 * receiver leaves the household first (its installedKey frees), then the new one is installed (its
 * conditional update refuses a receiver already installed elsewhere), then the delivery and the household
 * name the new serial. A refused step puts the old receiver back; a crash between steps is for reconcile.
 */
export async function swapReceiver(id: string, input: SwapReceiverInput, actor: Actor): Promise<Delivery> {
  return withLock(lockOf(id), async () => {
    const d = await loadDeliveryInScope(id, actor);
    assertDelivered(d);
    if (input.version !== d.version) throw stale(d.version);
    const from = d.serial;
    const to = receivers.normalizeSerial(input.serial);
    if (to === from) {
      throw new RuleViolationError(
        text(`Hộ này đang giữ đúng đầu thu ${to}`, `The household already holds ${to}`),
        { field: 'serial' },
      );
    }
    const target = { batchId: d.batchId, householdId: d.householdId, deliveryId: id };
    await receivers.uninstallReceiver(from, id, true, actor);
    try {
      await receivers.installReceiver(to, target, actor);
    } catch (err) {
      await receivers.installReceiver(from, target, actor);
      throw err;
    }
    const doc = await DeliveryModel.findOneAndUpdate(
      { _id: d._id, status: 'delivered', version: d.version, serial: from },
      { $set: { serial: to }, $inc: { version: 1 } },
      { returnDocument: 'after' },
    ).lean();
    if (!doc) {
      await receivers.uninstallReceiver(to, id, true, actor);
      await receivers.installReceiver(from, target, actor);
      throw stale(d.version);
    }
    await householdSteps.rebindReceiver(d.householdId, from, to, actor);
    if (input.oldReceiverStatus !== 'allocated') {
      const action = input.oldReceiverStatus === 'defective' ? 'mark_defective' : 'mark_lost';
      await changeReceiverStatus(from, { action, reason: input.reason }, actor);
    }
    const after = toDelivery(doc, actor);
    await audit.record(
      actor,
      'delivery.receiver_swapped',
      { type: 'delivery', id, area: d.area },
      {
        before: { serial: from, version: d.version },
        after: {
          serial: to,
          version: after.version,
          oldReceiverStatus: input.oldReceiverStatus,
          reason: input.reason,
        },
      },
    );
    return after;
  });
}
