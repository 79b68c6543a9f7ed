import { text, type LocalizedText, type ValidationError } from '../errors';
import type { ImportField } from './import-columns';
import { fieldText, type ImportHeader } from './import-header';
import { fieldOfPath, reasonForColumn } from './import-row';
import { type Cell } from '../spreadsheets/cells';
import type { Eligibility } from './eligibility';
import { REASON_TEXT } from './eligibility';
import { skipReasonText, type SkipKind } from '../spreadsheets/skip-rows';
import { holderWords } from './household';
import type { HouseholdImportReport, RegisteredHolder } from './shapes';
import { normalizePhone } from './phone';

// What an import answers: every rejected row with its spreadsheet row number, the column and the
// reason in Vietnamese and English, and the duplicates it found, in the file and in the database.

export type { HouseholdImportReport, RegisteredHolder, RejectedRow } from './shapes';

export function emptyReport(
  base: Pick<HouseholdImportReport, 'communeCode' | 'dryRun' | 'format' | 'headerRow' | 'ignoredColumns'>,
): HouseholdImportReport {
  return {
    importId: null,
    ...base,
    encoding: null,
    total: 0,
    valid: 0,
    created: 0,
    rejectedRows: 0,
    alreadyRegisteredRows: 0,
    skippedRows: 0,
    ineligible: 0,
    alreadyRegistered: [],
    skipped: [],
    ineligibleRows: [],
    duplicates: { inFile: [], inDatabase: [] },
    possibleDuplicates: [],
    rejected: [],
  };
}

export interface RowProblemReport {
  field: ImportField | null;
  /** The offending text; when null, the row's cell for the field is shown. */
  value: string | null;
  reason: LocalizedText;
}

/** Rejects one row for one or more problems. */
export function rejectRow(
  report: HouseholdImportReport,
  header: ImportHeader,
  row: number,
  cells: readonly Cell[] | null,
  problems: readonly RowProblemReport[],
): void {
  for (const p of problems) {
    const positions = p.field ? (header.columns.get(p.field) ?? []) : [];
    const value = p.value ?? (cells && p.field ? fieldText(header, cells, p.field) : '');
    report.rejected.push({
      row,
      field: p.field,
      column: positions.length ? header.names[positions[0]] : null,
      value: value || null,
      reason: p.reason,
    });
  }
  report.rejectedRows++;
}

export function rejectRepeated(
  report: HouseholdImportReport,
  header: ImportHeader,
  row: number,
  nationalId: string,
  firstRow: number,
): void {
  report.duplicates.inFile.push({ row, nationalId, duplicateOfRow: firstRow });
  rejectRow(report, header, row, null, [
    {
      field: 'national_id',
      value: nationalId,
      reason: text(
        `Số CCCD/CMND ${nationalId} trùng với dòng ${firstRow} của tệp`,
        `National ID ${nationalId} repeats row ${firstRow} of the file`,
      ),
    },
  ]);
}

/** Worded like the 409 of a single registration (service.ts duplicateNationalId). */
export function rejectRegistered(
  report: HouseholdImportReport,
  header: ImportHeader,
  row: number,
  nationalId: string,
  holder: RegisteredHolder,
): void {
  report.duplicates.inDatabase.push({ row, nationalId, ...holder });
  const words = holderWords(holder);
  rejectRow(report, header, row, null, [
    {
      field: 'national_id',
      value: nationalId,
      reason: text(
        `Số CCCD/CMND ${nationalId} đã được đăng ký cho ${words.vi}; dòng này không được nhập lại`,
        `National ID ${nationalId} is already registered for ${words.en}; this row is not imported again`,
      ),
    },
  ]);
}

/** Rows in order, as the clerk reads the file; duplicates found on insert arrive a chunk late. */
export function sortReport(report: HouseholdImportReport): void {
  report.rejected.sort((a, b) => a.row - b.row);
  report.duplicates.inDatabase.sort((a, b) => a.row - b.row);
  report.alreadyRegistered.sort((a, b) => a.row - b.row);
}

/** Every problem of a row: values import-row.ts refused, then Joi's and the phone check's. */
export function rowProblems(
  input: Record<string, unknown>,
  refused: RowProblemReport[],
  err: ValidationError,
): RowProblemReport[] {
  const details = Array.isArray(err.details)
    ? (err.details as { path: string; message: LocalizedText }[])
    : [];
  const found = details.map((d) => ({ ...d, field: fieldOfPath(d.path) ?? null }));
  // Joi passes a malformed phone that normalizing refuses; name both in the same answer.
  if (
    typeof input.phone === 'string' &&
    !normalizePhone(input.phone) &&
    !found.some((f) => f.field === 'phone')
  )
    found.push({
      path: 'phone',
      field: 'phone',
      message: text(
        'phone: không phải số điện thoại Việt Nam (di động hoặc cố định)',
        'phone: not a Vietnamese mobile or landline number',
      ),
    });
  const problems = [...refused];
  for (const f of found) {
    // A value already refused above (an unknown "Diện hộ") is named once, by that refusal.
    if (refused.some((p) => p.field === f.field)) continue;
    problems.push({
      field: f.field,
      value: null,
      reason: f.field ? reasonForColumn(f.field, f.path, f.message) : f.message,
    });
  }
  return problems;
}

/** A row that is no household (a footer, a signature, column numbers): listed, not an error. */
export function reportSkipped(
  report: HouseholdImportReport,
  row: number,
  cells: readonly Cell[],
  kind: SkipKind,
): void {
  const written = cells
    .map((c) => (c instanceof Date ? c.toISOString().slice(0, 10) : String(c ?? '').trim()))
    .filter(Boolean)
    .join(' | ');
  report.skipped.push({ row, kind, text: written.slice(0, 200), reason: skipReasonText(kind) });
  report.skippedRows++;
}

/** The row is the household already registered in this commune (the same file uploaded again). */
export function reportAlreadyRegistered(
  report: HouseholdImportReport,
  row: number,
  nationalId: string,
  holder: RegisteredHolder,
): void {
  const words = holderWords(holder);
  report.alreadyRegistered.push({
    row,
    nationalId,
    ...holder,
    reason: text(`Đã đăng ký trước đây: ${words.vi}`, `Registered before: ${words.en}`),
  });
  report.alreadyRegisteredRows++;
}

/** A valid row registered (or, in a dry run, to be registered) as not eligible, with the reasons. */
export function reportIneligible(report: HouseholdImportReport, row: number, eligibility: Eligibility): void {
  report.ineligible++;
  report.ineligibleRows.push({
    row,
    reasons: [...eligibility.reasons],
    reasonText: eligibility.reasons.map((r) => REASON_TEXT[r]),
  });
}
