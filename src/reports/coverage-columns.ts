import type { CsvColumn } from '../spreadsheets/csv';
import type { SheetColumn } from '../spreadsheets/xlsx';
import { percentCell, type CoverageFigures } from './coverage';

// The coverage CSV's columns (README "Reports"): fixed, in this order, English keys or Vietnamese
// headers. Rates are percentages with one decimal, empty when there is nothing to divide by.

export type ReportLanguage = 'vi' | 'en';

export interface CoverageCsvRow {
  figures: CoverageFigures & { code: string | null; name: string; switchOffDate: string | null };
  /** The last line: the whole area. */
  isTotal: boolean;
}

type Value = string | number | null | undefined;

export const COVERAGE_COLUMNS: readonly {
  key: string;
  vi: string;
  meaning: string;
  value: (r: CoverageCsvRow, lang: ReportLanguage) => Value;
}[] = [
  {
    key: 'area_code',
    vi: 'Mã đơn vị',
    meaning: 'GSO code of the row’s area (the report’s own area on the totals line; empty for the nation)',
    value: (r) => r.figures.code,
  },
  {
    key: 'area_name',
    vi: 'Tên đơn vị',
    meaning: 'area name; the totals line reads "Tổng cộng" / "Total"',
    value: (r, l) => (r.isTotal ? (l === 'vi' ? 'Tổng cộng' : 'Total') : r.figures.name),
  },
  {
    key: 'target',
    vi: 'Chỉ tiêu (hộ nghèo + cận nghèo)',
    meaning: 'poor + near-poor of the official list, communes with targets only; empty when none has',
    value: (r) => r.figures.target,
  },
  {
    key: 'registered_total',
    vi: 'Tổng số hộ đã đăng ký (mọi trạng thái)',
    meaning: 'every household on record, whatever its status',
    value: (r) => r.figures.registeredTotal,
  },
  {
    key: 'pending_review',
    vi: 'Chờ duyệt',
    meaning: 'registered, awaiting an official’s review (status `registered`)',
    value: (r) => r.figures.pendingReview,
  },
  {
    key: 'approved',
    vi: 'Đã duyệt',
    meaning: 'approved, not yet in a batch',
    value: (r) => r.figures.approved,
  },
  {
    key: 'assigned',
    vi: 'Đã xếp đợt',
    meaning: 'in a batch, delivery pending',
    value: (r) => r.figures.assigned,
  },
  { key: 'delivered', vi: 'Đã bàn giao', meaning: 'receiver handed over', value: (r) => r.figures.delivered },
  {
    key: 'not_yet_delivered',
    vi: 'Đã duyệt, chưa bàn giao',
    meaning: 'approved or assigned, no receiver yet (approved + assigned)',
    value: (r) => r.figures.notYetDelivered,
  },
  {
    key: 'remaining',
    vi: 'Còn lại (chờ duyệt + chưa bàn giao)',
    meaning: 'the work left: pending_review + not_yet_delivered',
    value: (r) => r.figures.remaining,
  },
  { key: 'rejected', vi: 'Bị từ chối', meaning: 'rejected at review', value: (r) => r.figures.rejected },
  {
    key: 'withdrawn',
    vi: 'Đã rút',
    meaning: 'withdrawn (moved, deceased, refused…)',
    value: (r) => r.figures.withdrawn,
  },
  {
    key: 'failed_attempts',
    vi: 'Lượt lắp đặt không thành',
    meaning: 'failed delivery attempts (a household may fail more than once)',
    value: (r) => r.figures.failedAttempts,
  },
  {
    key: 'eligible',
    vi: 'Đủ điều kiện nhận',
    meaning: 'approved + assigned + delivered',
    value: (r) => r.figures.eligible,
  },
  {
    key: 'coverage_pct',
    vi: 'Tỷ lệ phủ (%)',
    meaning: 'delivered / eligible × 100, one decimal; empty when nothing is eligible',
    value: (r) => percentCell(r.figures.coverage),
  },
  {
    key: 'completeness_pct',
    vi: 'Tỷ lệ hoàn thành danh sách (%)',
    meaning:
      '(registered + approved + assigned + delivered) / target × 100, one decimal; empty without a target',
    value: (r) => percentCell(r.figures.completeness),
  },
  {
    key: 'switch_off_date',
    vi: 'Ngày tắt sóng analog',
    meaning: 'the province’s analog switch-off date (YYYY-MM-DD)',
    value: (r) => r.figures.switchOffDate,
  },
];

export function coverageCsvColumns(lang: ReportLanguage): CsvColumn<CoverageCsvRow>[] {
  return COVERAGE_COLUMNS.map((c) => ({
    label: lang === 'vi' ? c.vi : c.key,
    value: (r: CoverageCsvRow) => c.value(r, lang),
  }));
}

const TEXT_KEYS: ReadonlySet<string> = new Set(['area_code', 'switch_off_date']);

/** The same columns for the .xlsx table: codes and dates as text (leading zeros stay), figures as numbers. */
export function coverageSheetColumns(lang: ReportLanguage): SheetColumn<CoverageCsvRow>[] {
  return COVERAGE_COLUMNS.map((c) => ({
    header: lang === 'vi' ? c.vi : c.key,
    kind: TEXT_KEYS.has(c.key) ? 'text' : 'plain',
    width: c.key === 'area_name' ? 28 : 14,
    value: (r: CoverageCsvRow) => c.value(r, lang),
  }));
}
