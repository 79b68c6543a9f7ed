import * as householdSteps from '../households/delivery-steps';
import { serialInstalledFor } from '../receivers/installed';
import * as receivers from '../receivers/service';
import { withLock } from '../database/locks';
import { markCancelled } from './completion';
import type { StoredDelivery } from './deliveries';
import { DeliveryModel } from './delivery-model';
import { settleDeliveryAudit } from './delivery-settle';
import { settleHouseholdAfterFailure } from './failure-steps';
import { batchStatus, deliveryLock, isRecent, leaveRecent, OPEN, repair, type Run } from './reconcile-run';

// Reconcile's steps 1–3 (reconcile.ts): receivers, deliveries and households a crash left out of
// step with each other, each re-read and repaired under the delivery's lock.

export async function receiversOfUndelivered(run: Run): Promise<void> {
  const cursor = DeliveryModel.find({ status: { $ne: 'delivered' } }, { batchId: 1 })
    .lean()
    .cursor();
  for await (const d of cursor) {
    const id = String(d._id);
    if (!(await serialInstalledFor(id))) continue;
    await withLock(deliveryLock(id), async () => {
      const now = await DeliveryModel.findById(id, { status: 1, batchId: 1, updatedAt: 1 }).lean();
      const serial = await serialInstalledFor(id);
      if (!now || now.status === 'delivered' || !serial) return; // confirmed meanwhile: it stands
      if (isRecent(run, now.updatedAt)) return leaveRecent(run, id, serial);
      const open = OPEN.has((await batchStatus(now.batchId)) ?? '');
      await repair(
        run,
        { kind: 'receiver.uninstalled', id: serial, detail: `delivery ${id} was not delivered` },
        () => receivers.uninstallReceiver(serial, id, open, run.actor),
      );
    });
  }
}

async function cancelOrphan(run: Run, d: StoredDelivery, why: string): Promise<void> {
  const id = String(d._id);
  await repair(
    run,
    { kind: 'delivery.cancelled', id, detail: `household ${d.householdId} is ${why}` },
    async () => {
      const doc = await markCancelled(id, run.actor, { reason: `household is ${why}` });
      if (doc) await settleDeliveryAudit(doc);
    },
  );
}

export async function pendingDeliveries(run: Run): Promise<void> {
  const cursor = DeliveryModel.find({ status: 'pending' }, { householdId: 1, batchId: 1 }).lean().cursor();
  for await (const seen of cursor) {
    const first = await householdSteps.householdStatusOf(seen.householdId);
    if (first?.status === 'assigned' && first.batchId === seen.batchId) continue;
    const id = String(seen._id);
    await withLock(deliveryLock(id), async () => {
      const d = await DeliveryModel.findById(id).lean();
      if (!d || d.status !== 'pending') return;
      const h = await householdSteps.householdStatusOf(d.householdId);
      if (h?.status === 'assigned' && h.batchId === d.batchId) return;
      if (isRecent(run, d.updatedAt) || isRecent(run, h?.updatedAt))
        return leaveRecent(run, id, d.householdId);
      if (h?.status === 'approved' && OPEN.has((await batchStatus(d.batchId)) ?? '')) {
        await repair(
          run,
          { kind: 'household.assigned', id: d.householdId, detail: `its pending delivery ${id} existed` },
          () => householdSteps.assignToBatch(d.householdId, d.batchId, run.actor),
        );
        return;
      }
      await cancelOrphan(run, d, h?.status ?? 'missing');
    });
  }
}

async function settleAssigned(run: Run, h: { id: string; batchId: string | null }): Promise<void> {
  const ds = await DeliveryModel.find({ householdId: h.id }).sort({ updatedAt: -1 }).lean();
  if (ds.some((d) => d.status === 'pending')) return;
  if (ds.some((d) => isRecent(run, d.updatedAt)))
    return leaveRecent(run, h.id, ...ds.map((d) => String(d._id)));
  const delivered = ds.find((d) => d.status === 'delivered');
  const failed = ds.find((d) => d.status === 'failed' && d.batchId === h.batchId);
  const actor = run.actor;
  if (delivered?.serial && delivered.deliveredAt) {
    const { serial, deliveredAt } = delivered;
    const detail = `delivery ${String(delivered._id)} was delivered`;
    await repair(run, { kind: 'household.delivered', id: h.id, detail }, () =>
      householdSteps.markHouseholdDelivered(h.id, serial, deliveredAt, actor),
    );
  } else if (failed) {
    const detail = `delivery ${String(failed._id)} failed (${failed.failureReason})`;
    await repair(run, { kind: 'household.settled', id: h.id, detail }, () =>
      settleHouseholdAfterFailure(failed, actor),
    );
  } else {
    await repair(run, { kind: 'household.released', id: h.id, detail: 'no pending delivery' }, () =>
      householdSteps.releaseFromBatch(h.id, 'Đối soát: không còn lượt lắp đặt (reconcile)', actor),
    );
  }
}

export async function assignedHouseholds(run: Run): Promise<void> {
  for await (const h of householdSteps.assignedHouseholds()) {
    if (isRecent(run, h.updatedAt)) {
      leaveRecent(run, h.id);
      continue;
    }
    const ds = await DeliveryModel.find({ householdId: h.id }, { status: 1 }).lean();
    if (ds.some((d) => d.status === 'pending')) continue;
    // Under the lock of the delivery a confirmation or failure would hold (the latest one's).
    const latest = await DeliveryModel.findOne({ householdId: h.id }, { _id: 1 })
      .sort({ updatedAt: -1 })
      .lean();
    const settle = async () => {
      const now = await householdSteps.householdStatusOf(h.id);
      if (now?.status === 'assigned') await settleAssigned(run, { id: h.id, batchId: now.batchId });
    };
    await (latest ? withLock(deliveryLock(String(latest._id)), settle) : settle());
  }
}
