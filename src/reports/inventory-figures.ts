import type { ReceiverCounter, ReceiverStatusCounts } from '../receivers/counters';
import type { ReceiverType } from '../receiver-types';
import { RECEIVER_STATUSES, type ReceiverStatus } from '../receivers/status';

// The inventory report's arithmetic (DESIGN §8 "receiver inventory and reconciliation"), pure:
// counters folded per type, lot and supplier (received = in stock + allocated + installed +
// defective + lost), and the mismatches a batch's receivers and deliveries show.

export interface StockFigures {
  received: number;
  inStock: number;
  allocated: number;
  installed: number;
  defective: number;
  lost: number;
}

export const zeroStock = (): StockFigures => ({
  received: 0,
  inStock: 0,
  allocated: 0,
  installed: 0,
  defective: 0,
  lost: 0,
});

const FIELD: Record<ReceiverStatus, keyof StockFigures> = {
  in_stock: 'inStock',
  allocated: 'allocated',
  installed: 'installed',
  defective: 'defective',
  lost: 'lost',
};

export function stockOf(counts: ReceiverStatusCounts): StockFigures {
  const f = zeroStock();
  for (const s of RECEIVER_STATUSES) {
    f[FIELD[s]] += counts[s];
    f.received += counts[s];
  }
  return f;
}

export function addStock(a: StockFigures, b: StockFigures): StockFigures {
  return {
    received: a.received + b.received,
    inStock: a.inStock + b.inStock,
    allocated: a.allocated + b.allocated,
    installed: a.installed + b.installed,
    defective: a.defective + b.defective,
    lost: a.lost + b.lost,
  };
}

export interface InventoryFigures {
  totals: StockFigures;
  byType: (StockFigures & { type: ReceiverType })[];
  byLot: (StockFigures & { type: ReceiverType; lot: string | null })[];
  bySupplier: (StockFigures & { type: ReceiverType; supplier: string | null })[];
}

function grouped<K extends { type: ReceiverType }>(
  counters: readonly ReceiverCounter[],
  keyOf: (c: ReceiverCounter) => K,
): (K & StockFigures)[] {
  const groups = new Map<string, { key: K; f: StockFigures }>();
  for (const c of counters) {
    const key = keyOf(c);
    const id = JSON.stringify(key);
    const g = groups.get(id) ?? { key, f: zeroStock() };
    g.f = addStock(g.f, stockOf(c.counts));
    groups.set(id, g);
  }
  return [...groups.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([, g]) => ({ ...g.key, ...g.f }));
}

/** Per type, per type and lot, per type and supplier, and in total (null lot or supplier: not given). */
export function foldInventory(counters: readonly ReceiverCounter[]): InventoryFigures {
  return {
    totals: counters.reduce((t, c) => addStock(t, stockOf(c.counts)), zeroStock()),
    byType: grouped(counters, (c) => ({ type: c.type })),
    byLot: grouped(counters, (c) => ({ type: c.type, lot: c.lot })),
    bySupplier: grouped(counters, (c) => ({ type: c.type, supplier: c.supplier })),
  };
}

export const MISMATCH_KINDS = [
  'installed_without_delivery',
  'delivered_not_installed',
  'allocated_to_closed_batch',
  'installed_without_batch',
  'counter_drift',
] as const;
export type MismatchKind = (typeof MISMATCH_KINDS)[number];

export const MISMATCH_VI: Record<MismatchKind, string> = {
  installed_without_delivery: 'Đầu thu đã lắp đặt nhưng không có lượt bàn giao thành công tương ứng',
  delivered_not_installed:
    'Hộ đã bàn giao nhưng đầu thu ghi trên biên bản không ở trạng thái đã lắp đặt cho hộ',
  allocated_to_closed_batch: 'Đầu thu còn phân cho đợt lắp đặt đã đóng (chưa trả về kho)',
  installed_without_batch: 'Đầu thu đã lắp đặt nhưng không thuộc đợt lắp đặt nào',
  counter_drift: 'Số liệu tổng hợp lệch so với đếm lại (chạy npm run receivers:recount)',
};

export interface Mismatch {
  kind: MismatchKind;
  serial: string | null;
  batchId: string | null;
  deliveryId: string | null;
  householdId: string | null;
  /** What was found, in words: the receiver's status, the delivery's serial, the two counts. */
  detail: string;
}

export interface BatchReceiver {
  serial: string;
  status: ReceiverStatus;
  deliveryId: string | null;
  householdId: string | null;
}

export interface DeliveredDelivery {
  id: string;
  householdId: string;
  serial: string | null;
}

const STATUS_VI: Record<ReceiverStatus, string> = {
  in_stock: 'trong kho',
  allocated: 'đã phân cho đợt',
  installed: 'đã lắp đặt',
  defective: 'hỏng',
  lost: 'thất lạc',
};

/**
 * A batch's receivers against its delivered deliveries. `elsewhere` holds receivers of delivered
 * serials not found among the batch's own (looked up by serial), so the detail can name their status.
 */
export function batchMismatches(
  batch: { id: string; closed: boolean },
  receivers: readonly BatchReceiver[],
  delivered: readonly DeliveredDelivery[],
  elsewhere: ReadonlyMap<string, BatchReceiver & { batchId: string | null }> = new Map(),
): Mismatch[] {
  const out: Mismatch[] = [];
  const deliveryById = new Map(delivered.map((d) => [d.id, d]));
  const receiverBySerial = new Map(receivers.map((r) => [r.serial, r]));
  const base = { batchId: batch.id };
  for (const r of receivers) {
    if (r.status === 'allocated' && batch.closed) {
      out.push({
        ...base,
        kind: 'allocated_to_closed_batch',
        serial: r.serial,
        deliveryId: null,
        householdId: null,
        detail: 'đã phân cho đợt, đợt đã đóng',
      });
    }
    if (r.status !== 'installed') continue;
    const d = r.deliveryId ? deliveryById.get(r.deliveryId) : undefined;
    if (!d || d.serial !== r.serial) {
      out.push({
        ...base,
        kind: 'installed_without_delivery',
        serial: r.serial,
        deliveryId: r.deliveryId,
        householdId: r.householdId,
        detail: d
          ? `lượt bàn giao ${d.id} ghi đầu thu ${d.serial ?? '(không có)'}`
          : `không có lượt bàn giao thành công ${r.deliveryId ?? ''} trong đợt`.trim(),
      });
    }
  }
  for (const d of delivered) {
    const r = d.serial ? (receiverBySerial.get(d.serial) ?? elsewhere.get(d.serial)) : undefined;
    if (r && r.status === 'installed' && r.deliveryId === d.id) continue;
    out.push({
      ...base,
      kind: 'delivered_not_installed',
      serial: d.serial,
      deliveryId: d.id,
      householdId: d.householdId,
      detail: !d.serial
        ? 'biên bản không ghi số serial'
        : !r
          ? `không có đầu thu ${d.serial} trong kho`
          : r.status === 'installed'
            ? `đầu thu ${d.serial} đã lắp đặt cho lượt bàn giao khác (${r.deliveryId ?? ''})`
            : `đầu thu ${d.serial} đang ở trạng thái "${STATUS_VI[r.status]}"`,
    });
  }
  return out;
}

/** The counters' allocated and installed against the batches' own receivers, recounted. */
export function counterDrift(
  counted: Pick<StockFigures, 'allocated' | 'installed'>,
  recounted: Pick<StockFigures, 'allocated' | 'installed'>,
): Mismatch[] {
  return (['allocated', 'installed'] as const)
    .filter((k) => counted[k] !== recounted[k])
    .map((k) => ({
      kind: 'counter_drift' as const,
      serial: null,
      batchId: null,
      deliveryId: null,
      householdId: null,
      detail: `${k === 'allocated' ? 'đã phân cho đợt' : 'đã lắp đặt'}: số liệu tổng hợp ${counted[k]}, đếm lại theo đợt ${recounted[k]}`,
    }));
}
