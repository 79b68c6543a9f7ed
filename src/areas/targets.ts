import { NotFoundError, text, ValidationError, type LocalizedText } from '../errors';
import { isBlankRow } from '../spreadsheets/cells';
import { cellOf } from '../spreadsheets/header';
import { findHeaderRow, readSpreadsheet, type ByteSource, type SpreadsheetKind } from '../spreadsheets/read';
import { skipKindOf, skipReasonText, type SkipKind } from '../spreadsheets/skip-rows';
import { xlsxWorkbook, type SheetColumn } from '../spreadsheets/xlsx';
import { isWithinScope, type Actor } from '../users/roles';
import {
  communesUnder,
  findArea,
  mayEditArea,
  storeCommuneTargets,
  type Area,
  type SetTargetsInput,
} from './service';
import { TARGET_COLUMNS, resolveTargetHeader, targetRowOf, type TargetField } from './targets-columns';

// Commune targets for many communes at once (PUT /areas/targets) and from a spreadsheet
// (POST /areas/targets/import), with a result per row; and the pre-filled template to fill in.
// Setting the same figures again changes nothing, so a retried request or file stores nothing twice.

export const TARGETS_BULK_MAX = 2_000;

export interface CommuneTargetsRow extends SetTargetsInput {
  code: string;
}

export type TargetOutcome = 'updated' | 'unchanged' | 'rejected';

export interface TargetResult {
  code: string;
  communeName: string | null;
  outcome: TargetOutcome;
  reason: LocalizedText | null;
}

const sameTargets = (a: Area, t: SetTargetsInput) =>
  a.targets?.poor === t.poor &&
  a.targets.nearPoor === t.nearPoor &&
  a.targets.listYear === t.listYear &&
  (t.defaultReceiverType === undefined || t.defaultReceiverType === a.defaultReceiverType);

/** One commune's targets: stored, unchanged, or why not (unknown and out-of-area codes read alike). */
async function applyRow(row: CommuneTargetsRow, actor: Actor, dryRun: boolean): Promise<TargetResult> {
  const area = await findArea(row.code);
  if (!area || !mayEditArea(actor, area)) {
    const reason = text(
      `Không có xã mã ${row.code} trong địa bàn của bạn`,
      `No commune ${row.code} in your area`,
    );
    return { code: row.code, communeName: null, outcome: 'rejected', reason };
  }
  if (area.level !== 'commune') {
    const reason = text(
      `${area.name} không phải cấp xã: chỉ tiêu đặt cho từng xã`,
      `${area.name} is not a commune`,
    );
    return { code: row.code, communeName: area.name, outcome: 'rejected', reason };
  }
  if (sameTargets(area, row))
    return { code: row.code, communeName: area.name, outcome: 'unchanged', reason: null };
  if (!dryRun) {
    const { code: _code, ...input } = row;
    await storeCommuneTargets(area, input, actor);
  }
  return { code: row.code, communeName: area.name, outcome: 'updated', reason: null };
}

export async function setTargetsMany(rows: CommuneTargetsRow[], actor: Actor) {
  const results: TargetResult[] = [];
  const seen = new Set<string>();
  for (const row of rows) {
    if (seen.has(row.code)) {
      const reason = text(`Xã ${row.code} đã có ở dòng trước`, `Commune ${row.code} repeats an earlier row`);
      results.push({ code: row.code, communeName: null, outcome: 'rejected', reason });
      continue;
    }
    seen.add(row.code);
    results.push(await applyRow(row, actor, false));
  }
  return { results, counts: countOutcomes(results) };
}

function countOutcomes(results: readonly { outcome: TargetOutcome }[]): Record<TargetOutcome, number> {
  const counts = { updated: 0, unchanged: 0, rejected: 0 };
  for (const r of results) counts[r.outcome]++;
  return counts;
}

export interface ImportTargetsInput {
  dryRun: boolean;
  kind: SpreadsheetKind;
  file: ByteSource;
  maxBytes?: number;
}

export interface TargetsImportReport {
  dryRun: boolean;
  format: SpreadsheetKind;
  headerRow: number;
  ignoredColumns: string[];
  /** Commune rows read (blank and skipped rows not counted). */
  total: number;
  counts: Record<TargetOutcome, number>;
  rows: (TargetResult & { row: number; field: TargetField | null; column: string | null })[];
  skipped: { row: number; kind: SkipKind; text: string; reason: LocalizedText }[];
}

/**
 * A targets sheet as communes keep it: title rows above the header, column numbers, totals and
 * signatures below are skipped and listed; every commune row is updated, unchanged or rejected
 * with the field and the reason. With dryRun nothing is written.
 */
export async function importCommuneTargets(
  input: ImportTargetsInput,
  actor: Actor,
): Promise<TargetsImportReport> {
  const file = readSpreadsheet(input.file, input.kind, { maxBytes: input.maxBytes });
  const { header, headerRow } = await findHeaderRow(
    file.rows,
    resolveTargetHeader,
    TARGET_COLUMNS,
    text(
      'Không tìm thấy dòng tiêu đề (cần ít nhất cột Mã xã)',
      'No header row found (the file needs a commune code column)',
    ),
  );
  const report: TargetsImportReport = {
    dryRun: input.dryRun,
    format: input.kind,
    headerRow,
    ignoredColumns: header.ignored,
    total: 0,
    counts: { updated: 0, unchanged: 0, rejected: 0 },
    rows: [],
    skipped: [],
  };
  const firstRow = new Map<string, number>();
  let afterFooter = false;
  for await (const { number: row, cells } of file.rows) {
    if (isBlankRow(cells)) continue;
    const hasCode = /\d/.test(cellOf(header, cells, 'commune_code'));
    const kind = skipKindOf(cells, { hasNationalId: hasCode, afterFooter });
    if (kind) {
      afterFooter ||= kind !== 'column_numbers';
      report.skipped.push({
        row,
        kind,
        text: cells
          .map((c) => String(c ?? ''))
          .join(' ')
          .trim(),
        reason: skipReasonText(kind),
      });
      continue;
    }
    report.total++;
    const checked = targetRowOf(header, cells);
    const written = cellOf(header, cells, 'commune_code');
    if ('field' in checked) {
      const i = header.columns.get(checked.field);
      report.rows.push({
        row,
        code: written,
        communeName: null,
        outcome: 'rejected',
        reason: checked.reason,
        field: checked.field,
        column: i === undefined ? null : header.names[i],
      });
      continue;
    }
    const first = firstRow.get(checked.code);
    const result =
      first !== undefined
        ? {
            code: checked.code,
            communeName: null,
            outcome: 'rejected' as const,
            reason: text(
              `Xã ${checked.code} trùng với dòng ${first} của tệp`,
              `Commune ${checked.code} repeats row ${first} of the file`,
            ),
          }
        : await applyRow(checked, actor, input.dryRun);
    if (first === undefined) firstRow.set(checked.code, row);
    const field = result.outcome === 'rejected' ? ('commune_code' as const) : null;
    report.rows.push({
      ...result,
      row,
      field,
      column: field ? header.names[header.columns.get('commune_code') ?? 0] : null,
    });
  }
  report.counts = countOutcomes(report.rows);
  return report;
}

interface TemplateLine {
  area: Area;
}

const SHEET_COLUMNS = (lang: 'vi' | 'en'): SheetColumn<TemplateLine>[] => [
  { header: lang === 'vi' ? 'Mã xã' : 'commune_code', kind: 'text', width: 10, value: (l) => l.area.code },
  { header: lang === 'vi' ? 'Tên xã' : 'commune_name', kind: 'plain', width: 30, value: (l) => l.area.name },
  {
    header: lang === 'vi' ? 'Số hộ nghèo' : 'poor',
    kind: 'plain',
    width: 14,
    value: (l) => l.area.targets?.poor,
  },
  {
    header: lang === 'vi' ? 'Số hộ cận nghèo' : 'near_poor',
    kind: 'plain',
    width: 16,
    value: (l) => l.area.targets?.nearPoor,
  },
  {
    header: lang === 'vi' ? 'Năm danh sách' : 'list_year',
    kind: 'plain',
    width: 14,
    value: (l) => l.area.targets?.listYear,
  },
  {
    header: lang === 'vi' ? 'Loại đầu thu mặc định' : 'default_receiver_type',
    kind: 'plain',
    width: 22,
    value: (l) =>
      l.area.defaultReceiverType === 'satellite'
        ? lang === 'vi'
          ? 'Vệ tinh'
          : 'satellite'
        : l.area.defaultReceiverType
          ? 'DVB-T2'
          : null,
  },
];

/** The communes of the area (the actor's own by default), pre-filled with their current targets. */
export async function targetsTemplateXlsx(
  areaCode: string | undefined,
  lang: 'vi' | 'en',
  actor: Actor,
): Promise<Buffer> {
  const code = areaCode ?? actor.scope?.code;
  if (!code) {
    throw new ValidationError(text('Hãy chọn tỉnh, huyện hoặc xã (areaCode)', 'Name the area (areaCode)'), [
      { path: 'areaCode', type: 'any.required', message: text('areaCode: bắt buộc', 'areaCode: required') },
    ]);
  }
  const area = await findArea(code);
  if (!area || !isWithinScope(actor.scope, area)) {
    throw new NotFoundError(text(`Không có đơn vị hành chính mã ${code}`, `No area with code ${code}`));
  }
  const communes = await communesUnder(code);
  return xlsxWorkbook(
    lang === 'vi' ? 'Chỉ tiêu' : 'Targets',
    SHEET_COLUMNS(lang),
    communes.map((area) => ({ area })),
    {
      name: lang === 'vi' ? 'Hướng dẫn' : 'Instructions',
      title:
        lang === 'vi' ? 'Chỉ tiêu hộ nghèo, cận nghèo theo xã' : 'Poor and near-poor targets per commune',
      lines:
        lang === 'vi'
          ? [
              'Mỗi dòng là một xã: điền số hộ nghèo, cận nghèo và năm của danh sách đã phê duyệt.',
              'Mã xã là cột Văn bản (giữ số 0 ở đầu); tên xã chỉ để đọc. Có thể giữ dòng tiêu đề, dòng tổng cộng và chữ ký: hệ thống bỏ qua.',
              'Tải lên mục Chỉ tiêu, chạy thử để xem báo cáo từng dòng. Nhập lại cùng tệp không thay đổi gì.',
            ]
          : [
              'One commune per row: fill in the poor and near-poor households and the year of the approved list.',
              'The commune code is a Text column (leading zeros stay); the name is for reading. Title, totals and signature rows are skipped.',
              'Upload it under Targets; a dry run shows the report by row. Importing the same file again changes nothing.',
            ],
      table: {
        headers: lang === 'vi' ? ['Cột', 'Bắt buộc', 'Nội dung'] : ['Column', 'Required', 'Holds'],
        rows: TARGET_COLUMNS.map((c) => [
          lang === 'vi' ? c.vi : c.field,
          c.required ? (lang === 'vi' ? 'Có' : 'yes') : lang === 'vi' ? 'Không' : 'no',
          c.accepts,
        ]),
      },
    },
  );
}
