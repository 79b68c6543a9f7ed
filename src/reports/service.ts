import { Readable } from 'node:stream';
import type { Actor, AreaLevel } from '../users/roles';
import {
  addCounts,
  addTargets,
  coverageFigures,
  rowsBelowRate,
  sortCoverageRows,
  zeroCounts,
  type CoverageFigures,
  type CoverageSort,
  type SortOrder,
} from './coverage';
import {
  coverageCsvColumns,
  coverageSheetColumns,
  type CoverageCsvRow,
  type ReportLanguage,
} from './coverage-columns';
import { countsByRow, loadReportAreas, resolveReportArea, type ReportLevel } from './report-areas';
import { xlsxStream } from '../spreadsheets/xlsx';
import { toCsvStream } from '../spreadsheets/csv';

// Coverage by area (DESIGN §8). Reads only the areas and the per-commune household counters, so its
// cost follows the number of areas, never the number of households. Read-only (STYLE §3). The
// report's area and rows are read by report-areas.ts.

export interface CoverageReportInput {
  areaCode?: string;
  level?: AreaLevel;
  /** Keep only rows whose coverage is below this fraction (or null). */
  belowRate?: number;
  sort: CoverageSort;
  order: SortOrder;
}

export interface CoverageRow extends CoverageFigures {
  code: string;
  name: string;
  level: AreaLevel;
  switchOffDate: string | null;
}

export interface CoverageTotals extends CoverageFigures {
  code: string | null;
  name: string;
  level: ReportLevel;
  switchOffDate: string | null;
}

export interface CoverageReport {
  area: { code: string | null; name: string; level: ReportLevel };
  /** The level of the rows. */
  level: AreaLevel;
  rows: CoverageRow[];
  /** The whole area (every child, before belowRate filters rows). */
  totals: CoverageTotals;
}

export async function coverageReport(input: CoverageReportInput, actor: Actor): Promise<CoverageReport> {
  const area = await resolveReportArea(input.areaCode, actor);
  const { level, children, targets, switchOffDates: dates } = await loadReportAreas(area, input.level);
  const counts = await countsByRow(area, level);
  let total = zeroCounts();
  let totalTarget: number | null = null;
  const all = children.map((c): CoverageRow => {
    const rowCounts = counts.get(c.code) ?? zeroCounts();
    const target = targets.get(c.code) ?? null;
    total = addCounts(total, rowCounts);
    totalTarget = addTargets(totalTarget, target);
    const figures = coverageFigures(rowCounts, target);
    return {
      code: c.code,
      name: c.name,
      level: c.level,
      ...figures,
      switchOffDate: dates.get(c.provinceCode) ?? null,
    };
  });
  const kept = input.belowRate === undefined ? all : rowsBelowRate(all, input.belowRate);
  return {
    area: { code: area.code, name: area.name, level: area.level },
    level,
    rows: sortCoverageRows(kept, input.sort, input.order),
    totals: {
      code: area.code,
      name: area.name,
      level: area.level,
      ...coverageFigures(total, totalTarget),
      switchOffDate: area.provinceCode ? (dates.get(area.provinceCode) ?? null) : null,
    },
  };
}

/** The report's table as an .xlsx workbook, streamed: the rows, then the totals row, same columns as CSV. */
export function coverageXlsx(report: CoverageReport, lang: ReportLanguage): Readable {
  const lines: CoverageCsvRow[] = [
    ...report.rows.map((figures) => ({ figures, isTotal: false })),
    { figures: report.totals, isTotal: true },
  ];
  return xlsxStream(
    lang === 'vi' ? 'Tỷ lệ phủ' : 'Coverage',
    coverageSheetColumns(lang),
    Readable.from(lines),
  );
}

/** The report as CSV text, streamed: the rows, then the totals row, under the documented columns. */
export function coverageCsv(report: CoverageReport, lang: ReportLanguage): Readable {
  const lines: CoverageCsvRow[] = [
    ...report.rows.map((figures) => ({ figures, isTotal: false })),
    { figures: report.totals, isTotal: true },
  ];
  const source = Readable.from(lines);
  const csv = toCsvStream(coverageCsvColumns(lang));
  source.on('error', (err) => csv.destroy(err));
  return source.pipe(csv);
}
