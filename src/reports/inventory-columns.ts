import { bookSheet, xlsxBook, type SheetColumn } from '../spreadsheets/xlsx';
import type { CsvColumn } from '../spreadsheets/csv';
import type { ReportLanguage } from './coverage-columns';
import type { StockFigures } from './inventory-figures';
import type { InventoryReport } from './inventory-shapes';

// The inventory report as a table (CSV and the .xlsx's first sheet): a totals line, then one line
// per type, per type and lot, per type and supplier. Fixed, documented columns (README).

export interface InventoryRow extends StockFigures {
  group: 'total' | 'type' | 'lot' | 'supplier';
  typeName: string | null;
  lot: string | null;
  supplier: string | null;
}

const GROUP_VI: Record<InventoryRow['group'], string> = {
  total: 'Tổng cộng',
  type: 'Theo loại',
  lot: 'Theo lô',
  supplier: 'Theo nhà cung cấp',
};

export const INVENTORY_COLUMNS: readonly {
  key: string;
  vi: string;
  meaning: string;
  value: (r: InventoryRow, lang: ReportLanguage) => string | number | null;
}[] = [
  {
    key: 'group',
    vi: 'Nhóm',
    meaning: 'total, type, lot or supplier',
    value: (r, l) => (l === 'vi' ? GROUP_VI[r.group] : r.group),
  },
  { key: 'type', vi: 'Loại đầu thu', meaning: 'the receiver type in words', value: (r) => r.typeName },
  { key: 'lot', vi: 'Lô', meaning: 'the delivery lot (lot lines)', value: (r) => r.lot },
  { key: 'supplier', vi: 'Nhà cung cấp', meaning: 'the supplier (supplier lines)', value: (r) => r.supplier },
  {
    key: 'received',
    vi: 'Đã nhận',
    meaning: 'in_stock + allocated + installed + defective + lost',
    value: (r) => r.received,
  },
  { key: 'in_stock', vi: 'Trong kho', meaning: 'in the province’s stock', value: (r) => r.inStock },
  {
    key: 'allocated',
    vi: 'Đã phân cho đợt',
    meaning: 'held by a batch, not yet installed',
    value: (r) => r.allocated,
  },
  { key: 'installed', vi: 'Đã lắp đặt', meaning: 'handed over to a household', value: (r) => r.installed },
  { key: 'defective', vi: 'Hỏng', meaning: 'marked defective', value: (r) => r.defective },
  { key: 'lost', vi: 'Thất lạc', meaning: 'marked lost', value: (r) => r.lost },
];

const NO_LOT = 'Không ghi lô';
const NO_SUPPLIER = 'Không ghi nhà cung cấp';

export function inventoryRows(report: InventoryReport): InventoryRow[] {
  const none = { typeName: null, lot: null, supplier: null };
  return [
    { group: 'total', ...none, ...report.totals },
    ...report.byType.map((r) => ({ ...r, ...none, group: 'type' as const, typeName: r.typeName })),
    ...report.byLot.map((r) => ({ ...r, group: 'lot' as const, supplier: null, lot: r.lot ?? NO_LOT })),
    ...report.bySupplier.map((r) => ({
      ...r,
      group: 'supplier' as const,
      lot: null,
      supplier: r.supplier ?? NO_SUPPLIER,
    })),
  ];
}

export function inventoryCsvColumns(lang: ReportLanguage): CsvColumn<InventoryRow>[] {
  return INVENTORY_COLUMNS.map((c) => ({
    label: lang === 'vi' ? c.vi : c.key,
    value: (r) => c.value(r, lang),
  }));
}

type Mismatch = InventoryReport['mismatches'][number];

const MISMATCH_COLUMNS: SheetColumn<Mismatch>[] = [
  { header: 'Loại sai lệch', kind: 'plain', width: 50, value: (m) => m.kindText },
  { header: 'Số serial', kind: 'text', width: 22, value: (m) => m.serial },
  { header: 'Mã đợt lắp đặt', kind: 'text', width: 14, value: (m) => m.batchCode },
  { header: 'Mã lượt bàn giao', kind: 'text', width: 26, value: (m) => m.deliveryId },
  { header: 'Mã hộ', kind: 'text', width: 26, value: (m) => m.householdId },
  { header: 'Chi tiết', kind: 'plain', width: 60, value: (m) => m.detail },
];

/** Two sheets: the figures ("Tồn kho") and the mismatches ("Sai lệch"), Vietnamese headers. */
export function inventoryXlsx(report: InventoryReport): Promise<Buffer> {
  const figureColumns: SheetColumn<InventoryRow>[] = INVENTORY_COLUMNS.map((c) => ({
    header: c.vi,
    kind: c.key === 'lot' || c.key === 'supplier' ? 'text' : 'plain',
    width: c.key === 'type' || c.key === 'supplier' || c.key === 'group' ? 22 : 14,
    value: (r) => c.value(r, 'vi'),
  }));
  return xlsxBook([
    bookSheet('Tồn kho', figureColumns, inventoryRows(report)),
    bookSheet('Sai lệch', MISMATCH_COLUMNS, report.mismatches),
  ]);
}
