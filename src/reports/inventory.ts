import * as areas from '../areas/service';
import { BatchModel } from '../batches/model';
import { DeliveryModel } from '../batches/delivery-model';
import { findEach } from '../database/bulk-reads';
import { findAll } from '../database/postgres-reads';
import { NotFoundError, text, ValidationError } from '../errors';
import { receiverCountersOf } from '../receivers/counters';
import { ReceiverModel } from '../receivers/model';
import type { ReceiverType } from '../receiver-types';
import type { Actor } from '../users/roles';
import {
  batchMismatches,
  counterDrift,
  foldInventory,
  MISMATCH_VI,
  type BatchReceiver,
  type Mismatch,
} from './inventory-figures';
import type { InventoryReport } from './inventory-shapes';

// The receiver inventory of a province (DESIGN §8, issue 13 item 3). The figures come from the
// receiver counters (a few documents per province); the mismatches from one bounded scan per batch
// of the province (its receivers and its delivered deliveries), plus one pushed-down equality for
// installed receivers without a batch. Read-only (STYLE §3).

export interface InventoryReportInput {
  provinceCode?: string;
  /** Check only this batch's receivers and deliveries (the figures stay province-wide). */
  batchId?: string;
}

export const RECEIVER_TYPE_VI: Record<ReceiverType, string> = {
  'dvb-t2': 'DVB-T2 (mặt đất)',
  satellite: 'Vệ tinh',
};

const provinceNotFound = (code: string) =>
  new NotFoundError(text(`Không có tỉnh mã ${code}`, `No province with code ${code}`));

/** The province whose stock the actor keeps: their own (officials), any (admins, who must name one). */
export async function stockProvinceOf(provinceCode: string | undefined, actor: Actor) {
  const code = provinceCode ?? (actor.role === 'admin' ? undefined : actor.scope?.provinceCode);
  if (!code) {
    throw new ValidationError(text('Hãy chọn tỉnh (provinceCode)', 'Give the province (provinceCode)'), [
      {
        path: 'provinceCode',
        type: 'any.required',
        message: text('Mã tỉnh: hãy chọn tỉnh cần báo cáo', 'Province code: choose a province'),
      },
    ]);
  }
  if (actor.role !== 'admin' && actor.scope?.provinceCode !== code) throw provinceNotFound(code);
  const area = await areas.findArea(code);
  if (!area || area.level !== 'province') throw provinceNotFound(code);
  return area;
}

interface BatchReceiverDoc {
  serial: string;
  status: BatchReceiver['status'];
  deliveryId?: string | null;
  householdId?: string | null;
}

interface DeliveredDoc {
  _id: unknown;
  householdId: string;
  serial?: string | null;
}

interface BatchRef {
  id: string;
  code: string;
  closed: boolean;
}

async function mismatchesOfBatch(
  b: BatchRef,
): Promise<{ found: Mismatch[]; allocated: number; installed: number }> {
  // As SQL of the few fields checked on the embedded default (findAll): through FerretDB these two
  // reads took 250 ms a batch (42 batches of a 40,250-receiver province: 10.7 s), each matching
  // document decoded whole.
  const [receivers, delivered] = await Promise.all([
    findAll<BatchReceiverDoc>(
      ReceiverModel,
      { batchId: b.id },
      { fields: ['serial', 'status', 'deliveryId', 'householdId'] },
    ),
    findAll<DeliveredDoc>(
      DeliveryModel,
      { batchId: b.id, status: 'delivered' },
      { fields: ['householdId', 'serial'] },
    ),
  ]);
  const own: BatchReceiver[] = receivers.map((r) => ({
    serial: r.serial,
    status: r.status,
    deliveryId: r.deliveryId ?? null,
    householdId: r.householdId ?? null,
  }));
  const ownSerials = new Set(own.map((r) => r.serial));
  const missing = delivered.flatMap((d) => (d.serial && !ownSerials.has(d.serial) ? [d.serial] : []));
  const others = await findEach(missing, (serial) =>
    ReceiverModel.find(
      { serial },
      { serial: 1, status: 1, deliveryId: 1, householdId: 1, batchId: 1 },
    ).lean(),
  );
  const elsewhere = new Map(
    others.map((r) => [
      r.serial,
      {
        serial: r.serial,
        status: r.status,
        deliveryId: r.deliveryId ?? null,
        householdId: r.householdId ?? null,
        batchId: r.batchId ?? null,
      },
    ]),
  );
  const found = batchMismatches(
    b,
    own,
    delivered.map((d) => ({ id: String(d._id), householdId: d.householdId, serial: d.serial ?? null })),
    elsewhere,
  );
  return {
    found,
    allocated: own.filter((r) => r.status === 'allocated').length,
    installed: own.filter((r) => r.status === 'installed').length,
  };
}

/** Batches checked two at a time (the server's cores), answered in the batches' order. */
async function checkedInTurns(batches: BatchRef[]) {
  const checked: Awaited<ReturnType<typeof mismatchesOfBatch>>[] = [];
  let next = 0;
  const turn = async () => {
    for (let i = next++; i < batches.length; i = next++)
      checked[i] = await mismatchesOfBatch(batches[i] as BatchRef);
  };
  await Promise.all([turn(), turn()]);
  return checked;
}

async function installedWithoutBatch(provinceCode: string): Promise<Mismatch[]> {
  const docs = await findAll<BatchReceiverDoc>(
    ReceiverModel,
    { provinceCode, status: 'installed', batchId: null },
    { fields: ['serial', 'deliveryId', 'householdId'] },
  );
  return docs.map((r) => ({
    kind: 'installed_without_batch',
    serial: r.serial,
    batchId: null,
    deliveryId: r.deliveryId ?? null,
    householdId: r.householdId ?? null,
    detail: 'đầu thu đã lắp đặt, không ghi đợt lắp đặt',
  }));
}

/**
 * Received, in stock, allocated, installed, defective and lost per type, lot and supplier of a
 * province, with every mismatch between receivers and deliveries listed. NotFoundError for a
 * province outside the actor's (or an unknown one); a batchId of another province checks nothing.
 */
export async function inventoryReport(input: InventoryReportInput, actor: Actor): Promise<InventoryReport> {
  const province = await stockProvinceOf(input.provinceCode, actor);
  const [counters, batchDocs] = await Promise.all([
    receiverCountersOf(province.code),
    BatchModel.find({ provinceCode: province.code }, { code: 1, status: 1 })
      .sort({ createdAt: -1, _id: -1 })
      .lean(),
  ]);
  const batches = batchDocs
    .map((b) => ({ id: String(b._id), code: b.code, closed: b.status === 'closed' }))
    .filter((b) => !input.batchId || b.id === input.batchId);
  const figures = foldInventory(counters);
  const mismatches: Mismatch[] = [];
  const recounted = { allocated: 0, installed: 0 };
  for (const { found, allocated, installed } of await checkedInTurns(batches)) {
    mismatches.push(...found);
    recounted.allocated += allocated;
    recounted.installed += installed;
  }
  const loose = await installedWithoutBatch(province.code);
  recounted.installed += loose.length;
  mismatches.push(...loose);
  // Only a whole-province check recounts every allocated and installed receiver.
  if (!input.batchId) mismatches.push(...counterDrift(figures.totals, recounted));
  const codeOf = new Map(batches.map((b) => [b.id, b.code]));
  return {
    province: { code: province.code, name: province.name },
    generatedAt: new Date().toISOString(),
    totals: figures.totals,
    byType: figures.byType.map((r) => ({ ...r, typeName: RECEIVER_TYPE_VI[r.type] })),
    byLot: figures.byLot.map((r) => ({ ...r, typeName: RECEIVER_TYPE_VI[r.type] })),
    bySupplier: figures.bySupplier.map((r) => ({ ...r, typeName: RECEIVER_TYPE_VI[r.type] })),
    batchesChecked: batches.length,
    mismatchCount: mismatches.length,
    mismatches: mismatches.map((m) => ({
      ...m,
      kindText: MISMATCH_VI[m.kind],
      batchCode: m.batchId ? (codeOf.get(m.batchId) ?? null) : null,
    })),
  };
}
