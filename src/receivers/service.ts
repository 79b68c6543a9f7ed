import { isDuplicateKeyError } from '../database/duplicate-key';
import * as audit from '../audit/service';
import {
  pendingAudit,
  settleLeftovers,
  settlePendingAudit,
  storedPendingAudit,
  type LeftoverAudits,
} from '../audit/pending';
import { ConflictError, text } from '../errors';
import { withLock } from '../database/locks';
import type { Actor } from '../users/roles';
import {
  allocateByCount,
  allocateBySerials,
  eachLimited,
  PARALLEL,
  receiverLockKey,
  type AllocationResult,
  type BatchRef,
} from './allocation';
import { countReceiverMoves, kindOf } from './counters';
import { ReceiverModel } from './model';
import { receiverEntity, toReceiver, type Receiver, type StoredReceiver } from './receiver';
import { normalizeSerial } from './receiver-fields';
import { nextReceiverStatus, RECEIVER_STATUS_VI } from './status';

// The receiver inventory as other features use it (DESIGN §5, §6). The batches feature allocates
// receivers to a batch, binds one to a household at handover and returns the rest when the batch
// closes. Callers are trusted services: no role checks here, but every status, province and type is.
//
// Every read-check-write of one receiver runs under its lock and ends in a write conditional on the
// status read: FerretDB 1.x applies conditional updates non-atomically (see locks.ts), and on
// MongoDB, where the lock is skipped, the condition alone keeps two batches from one receiver.

export { normalizeSerial, receiverLockKey };
export { registerReceivers } from './registration';
export type { ExistingReceiver, RegisterReceiversInput, RegistrationReport } from './registration';

export type { Receiver } from './receiver';
export type { AllocationResult, BatchRef } from './allocation';

/**
 * By serials (each must be in_stock, of the batch's province and type, else listed in refused) or,
 * when no serials are given, by count (oldest in_stock first; shortBy = how many were missing).
 * Two batches allocating the same receivers in parallel never both get one.
 */
export async function allocateReceivers(
  batch: BatchRef,
  input: { serials?: string[]; count?: number },
  actor: Actor,
): Promise<AllocationResult> {
  const result: AllocationResult = { allocated: [], refused: [], shortBy: 0 };
  const work = input.serials
    ? allocateBySerials(batch, input.serials, result)
    : allocateByCount(batch, input.count ?? 0, result);
  // What was allocated is audited even when a later step failed (the database went away, say).
  await work.finally(() =>
    audit.recordMany(
      actor,
      'receiver.allocated',
      result.allocated.map((serial) => ({
        entity: receiverEntity(serial, batch.provinceCode),
        before: { status: 'in_stock', batchId: null },
        after: { status: 'allocated', batchId: batch.id },
      })),
    ),
  );
  return result;
}

/** Allocated receivers of a closed batch go back to in_stock; returns their serials. */
export async function returnReceivers(batchId: string, actor: Actor): Promise<string[]> {
  const held = await ReceiverModel.find(
    { batchId, status: 'allocated' },
    { serial: 1, provinceCode: 1, type: 1, lot: 1, supplier: 1 },
  )
    .sort({ serial: 1 })
    .lean();
  const returned: typeof held = [];
  await eachLimited(held, PARALLEL, async (r) => {
    const { modifiedCount } = await withLock(receiverLockKey(r.serial), () =>
      ReceiverModel.updateOne(
        { serial: r.serial, status: 'allocated', batchId },
        { $set: { status: nextReceiverStatus('allocated', 'return'), batchId: null }, $inc: { version: 1 } },
      ),
    );
    if (modifiedCount === 1) returned.push(r);
  }).finally(async () => {
    await countReceiverMoves(
      returned.map((r) => ({ ...kindOf(r), from: 'allocated' as const, to: 'in_stock' as const })),
    );
    await audit.recordMany(
      actor,
      'receiver.returned',
      returned.map((r) => ({
        entity: receiverEntity(r.serial, r.provinceCode),
        before: { status: 'allocated', batchId },
        after: { status: 'in_stock', batchId: null },
      })),
    );
  });
  return returned.map((r) => r.serial).sort();
}

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
/** Settles a receiver's pending audit entry, if it has one (the caller holds its lock). */
export async function settleReceiverAudit(r: { _id: unknown; pendingAudit?: unknown }): Promise<boolean> {
  const p = storedPendingAudit(r.pendingAudit);
  if (!p) return false;
  await settlePendingAudit(p, (filter, update) =>
    ReceiverModel.updateOne({ _id: r._id, ...filter }, update, { timestamps: false }),
  );
  return true;
}

/** Reconcile: settles the markers older than `olderThan` that requests left on receivers. */
export function settleLeftoverReceiverAudits(olderThan: Date, dryRun: boolean): Promise<LeftoverAudits> {
  const docs = ReceiverModel.find({ 'pendingAudit.open': true }, { serial: 1, pendingAudit: 1 })
    .lean()
    .cursor();
  return settleLeftovers(docs, olderThan, dryRun, (d) =>
    withLock(receiverLockKey(d.serial), async () => {
      const now = await ReceiverModel.findById(d._id, { pendingAudit: 1 }).lean();
      if (now) await settleReceiverAudit(now);
    }),
  );
}

export async function installReceiver(
  rawSerial: string,
  target: { batchId: string; householdId: string; deliveryId: string },
  actor: Actor,
): Promise<Receiver> {
  const serial = normalizeSerial(rawSerial);
  return withLock(receiverLockKey(serial), async () => {
    const r = await ReceiverModel.findOne({ serial }).lean();
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
      doc = await ReceiverModel.findOneAndUpdate(
        { serial, status: 'allocated', batchId: target.batchId },
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
        { returnDocument: 'after' },
      ).lean();
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

/** Counts for a batch's progress: receivers allocated (not yet installed) and installed. */
export async function receiverCountsOfBatch(
  batchId: string,
): Promise<{ allocated: number; installed: number }> {
  const [allocated, installed] = await Promise.all([
    ReceiverModel.countDocuments({ batchId, status: 'allocated' }),
    ReceiverModel.countDocuments({ batchId, status: 'installed' }),
  ]);
  return { allocated, installed };
}
