import type { SheetColumn } from '../spreadsheets/xlsx';
import { percentCell } from './coverage';
import type { ReportLanguage } from './coverage-columns';
import type { CsvColumn } from '../spreadsheets/csv';
import type { ProgressFigures } from './projection';

// The progress table's columns (README "Reports"), for CSV and .xlsx: one row per area below the
// report's area, then the area itself as the totals line. Fixed, in this order.

export interface ProgressTableRow {
  figures: ProgressFigures & { code: string | null; name: string };
  isTotal: boolean;
}

type Value = string | number | null | undefined;

const WILL_MISS: Record<'vi' | 'en', Record<'true' | 'false', string>> = {
  vi: { true: 'Không kịp', false: 'Kịp' },
  en: { true: 'will miss', false: 'on time' },
};

export const PROGRESS_COLUMNS: readonly {
  key: string;
  vi: string;
  meaning: string;
  text?: boolean;
  value: (r: ProgressTableRow, lang: ReportLanguage) => Value;
}[] = [
  {
    key: 'area_code',
    vi: 'Mã đơn vị',
    meaning: 'GSO code (the report’s area on the totals line)',
    text: true,
    value: (r) => r.figures.code,
  },
  {
    key: 'area_name',
    vi: 'Tên đơn vị',
    meaning: 'area name; the totals line reads "Tổng cộng" / "Total"',
    value: (r, l) => (r.isTotal ? (l === 'vi' ? 'Tổng cộng' : 'Total') : r.figures.name),
  },
  {
    key: 'eligible',
    vi: 'Đủ điều kiện nhận',
    meaning: 'approved + assigned + delivered',
    value: (r) => r.figures.eligible,
  },
  { key: 'delivered', vi: 'Đã bàn giao', meaning: 'receiver handed over', value: (r) => r.figures.delivered },
  {
    key: 'coverage_pct',
    vi: 'Tỷ lệ phủ (%)',
    meaning: 'delivered / eligible × 100, one decimal; empty when nothing is eligible',
    value: (r) => percentCell(r.figures.coverage),
  },
  {
    key: 'awaiting_review',
    vi: 'Chờ duyệt',
    meaning: 'registered, awaiting an official’s review',
    value: (r) => r.figures.awaitingReview,
  },
  {
    key: 'not_yet_delivered',
    vi: 'Đã duyệt, chưa bàn giao',
    meaning: 'approved or assigned, no receiver yet',
    value: (r) => r.figures.notYetDelivered,
  },
  {
    key: 'remaining',
    vi: 'Còn lại (chờ duyệt + chưa bàn giao)',
    meaning: 'awaiting_review + not_yet_delivered',
    value: (r) => r.figures.remaining,
  },
  {
    key: 'rate_per_day',
    vi: 'Tốc độ gần đây (hộ/ngày)',
    meaning: 'deliveries per day over the recent window, two decimals',
    value: (r) => Math.round(r.figures.ratePerDay * 100) / 100,
  },
  {
    key: 'projected_date',
    vi: 'Ngày dự kiến hoàn thành',
    meaning: 'when everything left is delivered at the recent pace (YYYY-MM-DD); empty when never',
    text: true,
    value: (r) => r.figures.projectedDate,
  },
  {
    key: 'switch_off_date',
    vi: 'Ngày tắt sóng analog',
    meaning: 'the province’s analog switch-off date (YYYY-MM-DD)',
    text: true,
    value: (r) => r.figures.switchOffDate,
  },
  {
    key: 'will_miss_switch_off',
    vi: 'Kịp ngày tắt sóng',
    meaning: '"Không kịp" / "will miss", "Kịp" / "on time"; empty without a date or anything to do',
    value: (r, l) =>
      r.figures.willMissSwitchOff === null
        ? null
        : WILL_MISS[l][r.figures.willMissSwitchOff ? 'true' : 'false'],
  },
];

export function progressCsvColumns(lang: ReportLanguage): CsvColumn<ProgressTableRow>[] {
  return PROGRESS_COLUMNS.map((c) => ({
    label: lang === 'vi' ? c.vi : c.key,
    value: (r: ProgressTableRow) => c.value(r, lang),
  }));
}

export function progressSheetColumns(lang: ReportLanguage): SheetColumn<ProgressTableRow>[] {
  return PROGRESS_COLUMNS.map((c) => ({
    header: lang === 'vi' ? c.vi : c.key,
    kind: c.text ? 'text' : 'plain',
    width: c.key === 'area_name' ? 28 : 14,
    value: (r: ProgressTableRow) => c.value(r, lang),
  }));
}
