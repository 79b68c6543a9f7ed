import { AuditModel } from '../audit/model';
import { DeliveryModel } from './delivery-model';
import { BatchModel } from './model';
import { recountHouseholds } from '../households/counters';
import { HouseholdModel } from '../households/model';
import { ReceiverModel } from '../receivers/model';

// `npm run check:invariants` (issue 10 item 6): every violation of DESIGN §7 in the database, read
// only. Used by operators after an incident and by the fault tests after reconcile. It streams each
// collection once with a projection and keeps only ids and statuses in memory (35,000 households:
// a few MB), so it costs a scan of each collection, which is fine for a command, not for a request.

export interface InvariantViolation {
  /** The DESIGN §7 item: '7.1' … '7.4'. */
  invariant: '7.1' | '7.2' | '7.3' | '7.4';
  entityType: 'household' | 'delivery' | 'receiver' | 'batch' | 'counter';
  entityId: string;
  message: string;
}

interface HouseholdRow {
  status: string;
  batchId: string | null;
  receiverSerial: string | null;
}

const v = (
  invariant: InvariantViolation['invariant'],
  entityType: InvariantViolation['entityType'],
  entityId: string,
  message: string,
): InvariantViolation => ({ invariant, entityType, entityId, message });

async function readHouseholds(out: InvariantViolation[]): Promise<Map<string, HouseholdRow>> {
  const households = new Map<string, HouseholdRow>();
  const cursor = HouseholdModel.find({}, { status: 1, batchId: 1, receiverSerial: 1, pendingAudit: 1 })
    .lean()
    .cursor({ batchSize: 1000 });
  for await (const h of cursor) {
    const id = String(h._id);
    households.set(id, {
      status: h.status,
      batchId: h.batchId ?? null,
      receiverSerial: h.receiverSerial ?? null,
    });
    if (h.pendingAudit?.open)
      out.push(v('7.4', 'household', id, `audit entry not written yet (${h.pendingAudit.action})`));
  }
  return households;
}

/** 7.2: assigned ⇔ one pending delivery (of its batch); delivered ⇔ one delivered delivery. */
async function checkDeliveries(households: Map<string, HouseholdRow>, out: InvariantViolation[]) {
  const pending = new Map<string, string[]>();
  const delivered = new Map<string, { id: string; serial: string | null }[]>();
  const deliveredIds = new Map<string, string | null>();
  const cursor = DeliveryModel.find({}, { householdId: 1, batchId: 1, status: 1, serial: 1, pendingAudit: 1 })
    .lean()
    .cursor({ batchSize: 1000 });
  for await (const d of cursor) {
    const id = String(d._id);
    if (d.pendingAudit?.open)
      out.push(v('7.4', 'delivery', id, `audit entry not written yet (${d.pendingAudit.action})`));
    if (d.status === 'pending') {
      pending.set(d.householdId, [...(pending.get(d.householdId) ?? []), id]);
      const h = households.get(d.householdId);
      if (h?.status === 'assigned' && h.batchId !== d.batchId)
        out.push(
          v('7.2', 'delivery', id, `pending in batch ${d.batchId}, household assigned to ${h.batchId}`),
        );
    }
    if (d.status === 'delivered') {
      delivered.set(d.householdId, [
        ...(delivered.get(d.householdId) ?? []),
        { id, serial: d.serial ?? null },
      ]);
      deliveredIds.set(id, d.serial ?? null);
    }
  }
  for (const [id, h] of households) {
    const p = pending.get(id)?.length ?? 0;
    const ds = delivered.get(id) ?? [];
    if ((h.status === 'assigned') !== (p === 1) || p > 1)
      out.push(v('7.2', 'household', id, `${h.status} with ${p} pending deliveries`));
    if ((h.status === 'delivered') !== (ds.length === 1) || ds.length > 1)
      out.push(v('7.2', 'household', id, `${h.status} with ${ds.length} delivered deliveries`));
    if (h.status === 'delivered' && ds.length === 1 && ds[0].serial !== h.receiverSerial)
      out.push(
        v(
          '7.1',
          'household',
          id,
          `receiver ${h.receiverSerial} but its delivery handed over ${ds[0].serial}`,
        ),
      );
  }
  for (const householdId of [...pending.keys(), ...delivered.keys()]) {
    if (!households.has(householdId))
      out.push(v('7.2', 'household', householdId, 'has deliveries but does not exist'));
  }
  return deliveredIds;
}

/** 7.1: an installed receiver belongs to one delivered delivery, and a household has one receiver. */
async function checkReceivers(
  households: Map<string, HouseholdRow>,
  deliveredIds: Map<string, string | null>,
  out: InvariantViolation[],
): Promise<void> {
  const byHousehold = new Map<string, string[]>();
  const installed = new Set<string>();
  const cursor = ReceiverModel.find({ status: 'installed' }, { serial: 1, householdId: 1, deliveryId: 1 })
    .lean()
    .cursor({ batchSize: 1000 });
  for await (const r of cursor) {
    installed.add(r.serial);
    const hid = r.householdId ?? '';
    byHousehold.set(hid, [...(byHousehold.get(hid) ?? []), r.serial]);
    const servedBy = r.deliveryId ? deliveredIds.get(r.deliveryId) : undefined;
    if (servedBy !== r.serial)
      out.push(
        v('7.1', 'receiver', r.serial, `installed, but delivery ${r.deliveryId} did not hand it over`),
      );
    if (households.get(hid)?.status !== 'delivered')
      out.push(
        v(
          '7.1',
          'receiver',
          r.serial,
          `installed at household ${hid}, which is ${households.get(hid)?.status ?? 'missing'}`,
        ),
      );
  }
  for (const [hid, serials] of byHousehold) {
    if (serials.length > 1)
      out.push(v('7.1', 'household', hid, `${serials.length} receivers installed: ${serials.join(', ')}`));
  }
  for (const [id, h] of households) {
    if (h.status === 'delivered' && (!h.receiverSerial || !installed.has(h.receiverSerial)))
      out.push(v('7.1', 'household', id, `delivered, but receiver ${h.receiverSerial} is not installed`));
  }
  const markers = ReceiverModel.find({ 'pendingAudit.open': true }, { serial: 1, pendingAudit: 1 })
    .lean()
    .cursor();
  for await (const r of markers)
    out.push(v('7.4', 'receiver', r.serial, `audit entry not written yet (${r.pendingAudit?.action})`));
}

/** 7.4: every household's current status, and every ended delivery, has its audit entry. */
async function checkAudit(households: Map<string, HouseholdRow>, out: InvariantViolation[]): Promise<void> {
  const seen = new Set<string>();
  const cursor = AuditModel.find({}, { entityType: 1, entityId: 1, action: 1, after: 1 })
    .lean()
    .cursor({ batchSize: 2000 });
  for await (const a of cursor) {
    const status = (a.after as { status?: string } | null)?.status;
    if (status) seen.add(`${a.entityType}:${a.entityId}:${status}`);
    seen.add(`${a.entityType}:${a.entityId}:${a.action}`);
  }
  for (const [id, h] of households) {
    if (!seen.has(`household:${id}:${h.status}`))
      out.push(v('7.4', 'household', id, `no audit entry records it becoming ${h.status}`));
  }
  const ended = DeliveryModel.find({ status: 'delivered' }, { _id: 1 }).lean().cursor();
  for await (const d of ended) {
    if (!seen.has(`delivery:${String(d._id)}:delivery.confirmed`))
      out.push(v('7.4', 'delivery', String(d._id), 'delivered without a delivery.confirmed entry'));
  }
}

/** 7.3 (batches): promised counters equal their deliveries and never exceed the receivers held. */
async function checkBatches(out: InvariantViolation[]): Promise<void> {
  for (const status of ['planned', 'in_progress'] as const) {
    for await (const b of BatchModel.find({ status }, { promisedCount: 1 }).lean().cursor()) {
      const batchId = String(b._id);
      const [pending, delivered, allocated, installed] = await Promise.all([
        DeliveryModel.countDocuments({ batchId, status: 'pending' }),
        DeliveryModel.countDocuments({ batchId, status: 'delivered' }),
        ReceiverModel.countDocuments({ batchId, status: 'allocated' }),
        ReceiverModel.countDocuments({ batchId, status: 'installed' }),
      ]);
      if (pending + delivered > allocated + installed)
        out.push(
          v(
            '7.3',
            'batch',
            batchId,
            `${pending + delivered} deliveries for ${allocated + installed} receivers`,
          ),
        );
      if (
        b.promisedCount !== null &&
        b.promisedCount !== undefined &&
        b.promisedCount !== pending + delivered
      )
        out.push(
          v('7.3', 'batch', batchId, `promised ${b.promisedCount}, deliveries ${pending + delivered}`),
        );
    }
  }
}

/** Every violation of DESIGN §7 found in the database; an empty list when all hold. Changes nothing. */
export async function checkInvariants(): Promise<InvariantViolation[]> {
  const out: InvariantViolation[] = [];
  const households = await readHouseholds(out);
  const deliveredIds = await checkDeliveries(households, out);
  await checkReceivers(households, deliveredIds, out);
  await checkAudit(households, out);
  await checkBatches(out);
  for (const d of await recountHouseholds({ dryRun: true })) {
    out.push(v('7.3', 'counter', d.communeCode, `${d.status}: counted ${d.counted}, recount ${d.actual}`));
  }
  return out;
}
