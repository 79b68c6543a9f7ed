import { findOneByKey } from '../database/bulk-reads';
import { isDuplicateKeyError } from '../database/duplicate-key';
import * as audit from '../audit/service';
import { pendingAudit } from '../audit/pending';
import { ConflictError, text } from '../errors';
import { withLock } from '../database/locks';
import { updateOneAndRead } from '../database/single-writes';
import type { Actor } from '../users/roles';
import { receiverLockKey } from './allocation';
import { countReceiverMoves, kindOf } from './counters';
import { ReceiverModel } from './model';
import { settleReceiverAudit } from './pending-audit';
import { receiverEntity, toReceiver, type Receiver, type StoredReceiver } from './receiver';
import { normalizeSerial } from './receiver-fields';
import { nextReceiverStatus, RECEIVER_STATUS_VI } from './status';

// A receiver bound to a household at handover (installReceiver) and the compensation that undoes it
// (uninstallReceiver), each under the receiver's lock with a write conditional on the status read.

type Installable = Pick<StoredReceiver, 'status' | 'batchId' | 'householdId'>;

const unknownSerial = (serial: string) =>
  new ConflictError(
    text(`Không có đầu thu số serial ${serial} trong kho`, `No receiver with serial ${serial}`),
    { problem: 'unknown_serial', serial },
  );

/** Why `r` cannot be installed for this batch's delivery: a ConflictError naming the problem, or null. */
function whyNotInstallable(serial: string, r: Installable, batchId: string): ConflictError | null {
  const conflict = (problem: string, vi: string, en: string, more: Record<string, unknown> = {}) =>
    new ConflictError(text(vi, en), { problem, serial, ...more });
  const status = r.status;
  if (status === 'allocated' && r.batchId !== batchId) {
    return conflict(
      'other_batch',
      `Đầu thu ${serial} được phân cho một đợt lắp đặt khác, không phải đợt này`,
      `Receiver ${serial} is allocated to another batch, not this one`,
      { status, batchId: r.batchId },
    );
  }
  if (status === 'installed') {
    return conflict(
      'installed_elsewhere',
      `Đầu thu ${serial} đã được lắp đặt cho một hộ khác`,
      `Receiver ${serial} is already installed at another household`,
      { status, householdId: r.householdId },
    );
  }
  if (status === 'in_stock') {
    return conflict(
      'in_stock',
      `Đầu thu ${serial} còn trong kho, chưa được phân cho đợt này`,
      `Receiver ${serial} is in stock, not allocated to this batch`,
      { status },
    );
  }
  if (status !== 'allocated') {
    return conflict(
      status,
      `Đầu thu ${serial} đã bị báo ${RECEIVER_STATUS_VI[status]}, không thể bàn giao`,
      `Receiver ${serial} is marked ${status} and cannot be handed over`,
      { status },
    );
  }
  return null;
}

async function householdAlreadyServed(householdId: string): Promise<ConflictError> {
  const other = await ReceiverModel.findOne(
    { installedKey: `household:${householdId}` },
    { serial: 1 },
  ).lean();
  return new ConflictError(
    text(
      `Hộ ${householdId} đã nhận đầu thu ${other?.serial ?? ''}; mỗi hộ chỉ được nhận một đầu thu`,
      `Household ${householdId} already has receiver ${other?.serial ?? ''}; a household gets one receiver`,
    ),
    { problem: 'household_has_receiver', householdId, serial: other?.serial ?? null },
  );
}

/**
 * Binds an allocated receiver of `batchId` to a household at handover. Idempotent for the same
 * deliveryId (returns it). ConflictError naming the problem (details.problem) when the serial is
 * unknown, allocated to another batch, in stock, defective, lost or installed elsewhere, or when
 * the household already has a receiver (the unique installedKey: invariant 1).
 */
export async function installReceiver(
  rawSerial: string,
  target: { batchId: string; householdId: string; deliveryId: string },
  actor: Actor,
): Promise<Receiver> {
  const serial = normalizeSerial(rawSerial);
  return withLock(receiverLockKey(serial), async () => {
    const r = await findOneByKey<StoredReceiver>(ReceiverModel, 'serial', serial);
    if (r?.status === 'installed' && r.deliveryId === target.deliveryId) {
      await settleReceiverAudit(r); // a first try that died before writing its audit entry
      return toReceiver(r);
    }
    if (!r) throw unknownSerial(serial);
    const refused = whyNotInstallable(serial, r, target.batchId);
    if (refused) throw refused;
    // The audit entry is stored with the install itself, then settled (audit/pending.ts).
    const marker = pendingAudit(
      actor,
      'receiver.installed',
      receiverEntity(serial, r.provinceCode),
      {
        before: { status: r.status, batchId: r.batchId ?? null },
        after: {
          status: nextReceiverStatus(r.status, 'install'),
          batchId: r.batchId ?? null,
          householdId: target.householdId,
          deliveryId: target.deliveryId,
        },
      },
      r.version + 1,
    );
    let doc: StoredReceiver | null;
    try {
      doc = await updateOneAndRead<StoredReceiver>(
        ReceiverModel,
        // By the _id just read (a direct lookup on FerretDB), still holding what was checked.
        { _id: r._id, serial, status: 'allocated', batchId: target.batchId },
        {
          $set: {
            status: nextReceiverStatus(r.status, 'install'),
            householdId: target.householdId,
            deliveryId: target.deliveryId,
            installedAt: new Date(),
            installedKey: `household:${target.householdId}`,
            pendingAudit: marker,
          },
          $inc: { version: 1 },
        },
      );
    } catch (err) {
      if (isDuplicateKeyError(err)) throw await householdAlreadyServed(target.householdId);
      throw err;
    }
    if (!doc) {
      throw new ConflictError(text('Đầu thu vừa thay đổi; hãy thử lại', 'The receiver changed meanwhile'), {
        problem: 'changed_meanwhile',
        serial,
      });
    }
    await countReceiverMoves([{ ...kindOf(doc), from: r.status, to: doc.status }]);
    await settleReceiverAudit(doc);
    return toReceiver(doc);
  });
}

/**
 * Compensation: undoes installReceiver for that deliveryId (back to allocated, or in_stock when
 * batchOpen is false). No-op if not installed for that delivery.
 */
export async function uninstallReceiver(
  rawSerial: string,
  deliveryId: string,
  batchOpen: boolean,
  actor: Actor,
): Promise<void> {
  const serial = normalizeSerial(rawSerial);
  await withLock(receiverLockKey(serial), async () => {
    const r = await ReceiverModel.findOne({ serial }).lean();
    if (!r || r.status !== 'installed' || r.deliveryId !== deliveryId) return;
    const allocated = nextReceiverStatus(r.status, 'uninstall');
    const to = batchOpen ? allocated : nextReceiverStatus(allocated, 'return');
    const batchId = batchOpen ? (r.batchId ?? null) : null;
    const { modifiedCount } = await ReceiverModel.updateOne(
      { serial, status: 'installed', deliveryId },
      {
        $set: {
          status: to,
          batchId,
          householdId: null,
          deliveryId: null,
          installedAt: null,
          installedKey: serial,
        },
        $inc: { version: 1 },
      },
    );
    if (modifiedCount === 0) return;
    await countReceiverMoves([{ ...kindOf(r), from: r.status, to }]);
    await audit.record(actor, 'receiver.uninstalled', receiverEntity(serial, r.provinceCode), {
      before: { status: r.status, batchId: r.batchId ?? null, householdId: r.householdId, deliveryId },
      after: { status: to, batchId },
    });
  });
}
