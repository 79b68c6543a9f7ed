import * as audit from '../audit/service';
import { withLock } from '../database/locks';
import type { Actor } from '../users/roles';
import {
  allocateByCount,
  allocateBySerials,
  PARALLEL,
  receiverLockKey,
  type AllocationResult,
  type BatchRef,
} from './allocation';
import { countReceiverMoves, kindOf } from './counters';
import { ReceiverModel } from './model';
import { receiverEntity } from './receiver';
import { normalizeSerial } from './receiver-fields';
import { nextReceiverStatus } from './status';
import { eachLimited } from '../each-limited';

// The receiver inventory as other features use it (DESIGN §5, §6). The batches feature allocates
// receivers to a batch, binds one to a household at handover and returns the rest when the batch
// closes. Callers are trusted services: no role checks here, but every status, province and type is.
//
// Every read-check-write of one receiver runs under its lock and ends in a write conditional on the
// status read: FerretDB 1.x applies conditional updates non-atomically (see locks.ts), and on
// MongoDB, where the lock is skipped, the condition alone keeps two batches from one receiver.
// Installation at handover is in installation.ts, the pending audit entries in pending-audit.ts.

export { normalizeSerial, receiverLockKey };
export { registerReceivers } from './registration';
export type { ExistingReceiver, RegisterReceiversInput, RegistrationReport } from './registration';

export type { Receiver } from './receiver';
export type { AllocationResult, BatchRef } from './allocation';
export { installReceiver, uninstallReceiver } from './installation';
export { settleLeftoverReceiverAudits, settleReceiverAudit } from './pending-audit';

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

/** Counts for a batch's progress: receivers allocated (not yet installed) and installed. */
/** The receivers a batch holds (allocated or installed), counted in one query (one snapshot). */
export function receiversHeldByBatch(batchId: string): Promise<number> {
  return ReceiverModel.countDocuments({ batchId, status: { $in: ['allocated', 'installed'] } });
}

export async function receiverCountsOfBatch(
  batchId: string,
): Promise<{ allocated: number; installed: number }> {
  const [allocated, installed] = await Promise.all([
    ReceiverModel.countDocuments({ batchId, status: 'allocated' }),
    ReceiverModel.countDocuments({ batchId, status: 'installed' }),
  ]);
  return { allocated, installed };
}
