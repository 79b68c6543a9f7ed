import { Readable } from 'node:stream';
import { text, ValidationError } from '../errors';
import { xlsxStream } from '../spreadsheets/xlsx';
import type { Actor, AreaLevel } from '../users/roles';
import { addCounts, coverageRate, zeroCounts } from './coverage';
import {
  daysBetween,
  deliverySeries,
  projectCoverage,
  recentRate,
  type DayCount,
  type ProgressFigures,
  type SeriesPoint,
} from './projection';
import { vietnamDay } from '../vietnam-time';
import type { ReportLanguage } from './coverage-columns';
import { toCsvStream } from '../spreadsheets/csv';
import { progressCsvColumns, progressSheetColumns, type ProgressTableRow } from './progress-columns';
import { DeliveryDayCounterModel } from '../batches/day-counter-model';
import {
  countsByRow,
  loadReportAreas,
  resolveReportArea,
  rowKeyOf,
  underArea,
  type ReportLevel,
} from './report-areas';

// Deliveries over time and the projected date of full coverage (DESIGN §8), for an area and for each
// area below it. Reads the delivery-day counters (areas × days) and the household counters only.

export const DEFAULT_WINDOW_DAYS = 14;
const MAX_SERIES_DAYS = 3_660;

export interface ProgressReportInput {
  areaCode?: string;
  level?: AreaLevel;
  granularity: 'day' | 'week';
  /** First and last day of the series ('YYYY-MM-DD', Vietnam days); default: first delivery … today. */
  from?: string;
  to?: string;
  windowDays: number;
  /** Keep only the rows that will miss the switch-off date (willMissSwitchOff true). */
  willMiss?: boolean;
}

export interface ProgressRow extends ProgressFigures {
  code: string;
  name: string;
  level: AreaLevel;
}

export interface ProgressReport extends ProgressFigures {
  area: { code: string | null; name: string; level: ReportLevel };
  level: AreaLevel;
  /** The Vietnam day the projection starts from. */
  today: string;
  windowDays: number;
  granularity: 'day' | 'week';
  from: string;
  to: string;
  series: SeriesPoint[];
  rows: ProgressRow[];
}

function figuresOf(
  counts: { registered: number; approved: number; assigned: number; delivered: number },
  days: readonly DayCount[],
  today: string,
  windowDays: number,
  switchOffDate: string | null,
): ProgressFigures {
  const eligible = counts.approved + counts.assigned + counts.delivered;
  const rate = recentRate(days, today, windowDays);
  const projection = projectCoverage({
    eligible,
    delivered: counts.delivered,
    awaitingReview: counts.registered,
    rate,
    today,
    switchOffDate,
  });
  return {
    eligible,
    delivered: counts.delivered,
    coverage: coverageRate(counts.delivered, eligible),
    ratePerDay: rate.perDay,
    switchOffDate,
    ...projection,
  };
}

function toDayCounts(byDay: Map<string, number> | undefined): DayCount[] {
  return [...(byDay ?? new Map<string, number>()).entries()]
    .map(([day, delivered]) => ({ day, delivered }))
    .sort((a, b) => (a.day < b.day ? -1 : a.day > b.day ? 1 : 0));
}

function seriesRange(input: ProgressReportInput, days: readonly DayCount[], today: string) {
  const to = input.to ?? today;
  const from = input.from ?? days.find((d) => d.delivered !== 0)?.day ?? to;
  if (from > to) {
    throw new ValidationError(text('Ngày bắt đầu sau ngày kết thúc', '"from" is after "to"'), { from, to });
  }
  if (daysBetween(from, to) > MAX_SERIES_DAYS) {
    throw new ValidationError(
      text('Khoảng thời gian dài quá 10 năm', 'The period spans more than ten years'),
      { from, to },
    );
  }
  return { from, to };
}

export async function progressReport(input: ProgressReportInput, actor: Actor): Promise<ProgressReport> {
  const area = await resolveReportArea(input.areaCode, actor);
  const { level, children, switchOffDates: dates } = await loadReportAreas(area, input.level);
  const [counts, dayDocs] = await Promise.all([
    countsByRow(area, level),
    DeliveryDayCounterModel.find(underArea(area, 'communeCode'), {
      provinceCode: 1,
      districtCode: 1,
      communeCode: 1,
      day: 1,
      delivered: 1,
    }).lean(),
  ]);
  const keyOf = rowKeyOf(level);
  const total = new Map<string, number>();
  const byRow = new Map<string, Map<string, number>>();
  for (const d of dayDocs) {
    total.set(d.day, (total.get(d.day) ?? 0) + d.delivered);
    const key = keyOf({
      communeCode: d.communeCode,
      provinceCode: d.provinceCode,
      districtCode: d.districtCode ?? null,
    });
    if (!key) continue;
    const row = byRow.get(key) ?? new Map<string, number>();
    row.set(d.day, (row.get(d.day) ?? 0) + d.delivered);
    byRow.set(key, row);
  }
  const today = vietnamDay(new Date());
  const days = toDayCounts(total);
  const { from, to } = seriesRange(input, days, today);
  const totalCounts = [...counts.values()].reduce(addCounts, zeroCounts());
  const areaSwitchOff = area.provinceCode ? (dates.get(area.provinceCode) ?? null) : null;
  const rows = children.map((c) => ({
    code: c.code,
    name: c.name,
    level: c.level,
    ...figuresOf(
      counts.get(c.code) ?? zeroCounts(),
      toDayCounts(byRow.get(c.code)),
      today,
      input.windowDays,
      dates.get(c.provinceCode) ?? null,
    ),
  }));
  return {
    area: { code: area.code, name: area.name, level: area.level },
    level,
    today,
    windowDays: input.windowDays,
    granularity: input.granularity,
    from,
    to,
    series: deliverySeries(days, from, to, input.granularity),
    ...figuresOf(totalCounts, days, today, input.windowDays, areaSwitchOff),
    rows: input.willMiss ? rows.filter((r) => r.willMissSwitchOff === true) : rows,
  };
}

/** The progress table (rows, then the area as totals) as CSV or .xlsx, under the documented columns. */
export function progressDownload(
  report: ProgressReport,
  format: 'csv' | 'xlsx',
  lang: ReportLanguage,
): Readable {
  const lines: ProgressTableRow[] = [
    ...report.rows.map((figures) => ({ figures, isTotal: false })),
    { figures: { ...report, code: report.area.code, name: report.area.name }, isTotal: true },
  ];
  if (format === 'xlsx') {
    return xlsxStream(
      lang === 'vi' ? 'Tiến độ' : 'Progress',
      progressSheetColumns(lang),
      Readable.from(lines),
    );
  }
  const source = Readable.from(lines);
  const csv = toCsvStream(progressCsvColumns(lang));
  source.on('error', (err) => csv.destroy(err));
  return source.pipe(csv);
}
