import {
  settleLeftovers,
  settlePendingAudit,
  storedPendingAudit,
  type LeftoverAudits,
} from '../audit/pending';
import { withLock } from '../database/locks';
import { receiverLockKey } from './allocation';
import { ReceiverModel } from './model';

// A receiver's audit entry, stored with the change as a pending marker (audit/pending.ts) and
// settled after it; reconcile settles the ones a crash left.

/** Settles a receiver's pending audit entry, if it has one (the caller holds its lock). */
export async function settleReceiverAudit(r: { _id: unknown; pendingAudit?: unknown }): Promise<boolean> {
  const p = storedPendingAudit(r.pendingAudit);
  if (!p) return false;
  await settlePendingAudit(p, { model: ReceiverModel, id: r._id });
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
