import * as areas from '../areas/service';
import { ValidationError, text } from '../errors';
import { allocatedSerialsOf } from '../receivers/batch-serials';
import type { Actor } from '../users/roles';
import { foldVietnamese } from '../vietnamese';
import { toDelivery, type StoredDelivery } from './deliveries';
import { DeliveryModel } from './delivery-model';
import { BatchModel } from './model';
import { loadBatch, type StoredBatch } from './service';
import type { Delivery, OfflinePack, Worklist } from './shapes';
import { DELIVERY_STATUSES, type DeliveryStatus } from './status';
import { findPage } from '../database/postgres-reads';
import { isoOrNull as iso } from '../vietnam-time';

// The installer's day (issue 12): the worklist of their batches by commune name and village with
// counts, and the offline pack a phone keeps for a working day. Every read is bounded by one batch
// and is a flat equality (DESIGN §11); filters by commune, village and name run on that batch's rows.

export interface WorklistInput {
  batchId?: string;
  /** A commune (or district, or province) code: its deliveries only. */
  areaCode?: string;
  village?: string;
  /** Part of the head's name (with or without diacritics) or of the address. */
  q?: string;
  status?: DeliveryStatus;
}

/** A batch holds at most 5,000 households (its receivers); this bounds one read. */
const BATCH_ROWS = 5_000;

/** The batches a worklist reads: the one asked for (if the actor sees it), else the installer's open ones. */
async function worklistBatches(batchId: string | undefined, actor: Actor): Promise<StoredBatch[]> {
  if (batchId) return [await loadBatch(batchId, actor)];
  if (actor.role !== 'installer') {
    throw new ValidationError(text('Hãy chọn một đợt lắp đặt (batchId)', 'Choose a batch (batchId)'), [
      {
        path: 'batchId',
        type: 'any.required',
        message: text('Đợt lắp đặt: bắt buộc với cán bộ', 'Batch: required for officials'),
      },
    ]);
  }
  const mine = await BatchModel.find({ installerIds: actor.id }).lean();
  return mine.filter((b) => b.status === 'in_progress');
}

async function deliveriesOf(batchId: string, status: DeliveryStatus | undefined): Promise<StoredDelivery[]> {
  const filter: Record<string, string> = { batchId };
  if (status) filter.status = status;
  // One sorted, limited query on the embedded PostgreSQL (postgres-reads.ts); find/sort/limit elsewhere.
  const { docs } = await findPage<StoredDelivery>(DeliveryModel, {
    filter,
    sort: { 'area.communeCode': 1, village: 1, createdAt: 1, _id: 1 },
    skip: 0,
    limit: BATCH_ROWS,
    total: false,
  });
  return docs;
}

/** Pure: does a delivery match the worklist's filters? `q` is already folded. */
export function matchesWorklist(
  d: {
    area: { provinceCode: string; districtCode?: string | null; communeCode: string };
    village: string;
    household: { fullName: string; address?: string | null };
  },
  f: { areaCode?: string; village?: string; foldedQ?: string },
): boolean {
  const { provinceCode, districtCode, communeCode } = d.area;
  if (f.areaCode && ![provinceCode, districtCode, communeCode].includes(f.areaCode)) return false;
  if (f.village && foldVietnamese(d.village) !== foldVietnamese(f.village)) return false;
  if (f.foldedQ) {
    const name = foldVietnamese(d.household.fullName);
    const address = foldVietnamese(d.household.address ?? '');
    if (!name.includes(f.foldedQ) && !address.includes(f.foldedQ)) return false;
  }
  return true;
}

const zeroCounts = (): Record<DeliveryStatus, number> =>
  Object.fromEntries(DELIVERY_STATUSES.map((s) => [s, 0])) as Record<DeliveryStatus, number>;

export async function worklist(input: WorklistInput, actor: Actor): Promise<Worklist> {
  const batches = await worklistBatches(input.batchId, actor);
  const foldedQ = input.q ? foldVietnamese(input.q) : undefined;
  const rows: Delivery[] = [];
  for (const b of batches) {
    for (const d of await deliveriesOf(String(b._id), input.status)) {
      if (matchesWorklist(d, { areaCode: input.areaCode, village: input.village, foldedQ }))
        rows.push(toDelivery(d, actor));
    }
  }
  const names = await areas.findAreas([...new Set(rows.map((d) => d.area.communeCode))]);
  const communes = new Map<string, Worklist['communes'][number]>();
  for (const d of rows) {
    const code = d.area.communeCode;
    let c = communes.get(code);
    if (!c) {
      c = {
        communeCode: code,
        communeName: names.get(code)?.name ?? code,
        pending: 0,
        total: 0,
        counts: zeroCounts(),
        villages: [],
      };
      communes.set(code, c);
    }
    let v = c.villages.find((x) => x.village === d.village);
    if (!v) c.villages.push((v = { village: d.village, total: 0, counts: zeroCounts(), deliveries: [] }));
    v.deliveries.push(d);
    v.counts[d.status]++;
    v.total++;
    c.counts[d.status]++;
    c.total++;
    c.pending = c.counts.pending;
  }
  const list = [...communes.values()].sort((a, b) => a.communeName.localeCompare(b.communeName, 'vi'));
  for (const c of list) c.villages.sort((a, b) => a.village.localeCompare(b.village, 'vi'));
  return { communes: list, total: rows.length };
}

/**
 * Everything a phone needs to work a batch offline for a day: the batch, its communes by name, its
 * deliveries with the household's details (ID masked for installers) and the serials still allocated.
 */
export async function offlinePack(batchId: string, actor: Actor): Promise<OfflinePack> {
  const b = await loadBatch(batchId, actor);
  const [docs, serials, names] = await Promise.all([
    deliveriesOf(batchId, undefined),
    allocatedSerialsOf(batchId),
    areas.findAreas(b.communeCodes),
  ]);
  return {
    batch: {
      id: String(b._id),
      code: b.code,
      name: b.name,
      status: b.status,
      receiverType: b.receiverType,
      plannedStart: iso(b.plannedStart),
      plannedEnd: iso(b.plannedEnd),
      startedAt: iso(b.startedAt),
      closedAt: iso(b.closedAt),
      version: b.version,
    },
    communes: b.communeCodes.map((code) => ({ code, name: names.get(code)?.name ?? code })),
    deliveries: docs.map((d) => toDelivery(d, actor)),
    serials,
    generatedAt: new Date().toISOString(),
  };
}
