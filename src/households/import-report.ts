import { text, type LocalizedText, type ValidationError } from '../errors';
import {
  fieldOfPath,
  fieldText,
  reasonForColumn,
  type Cell,
  type ImportField,
  type ImportHeader,
} from './import-columns';
import type { SurveyFileKind, SurveyTextEncoding } from './import-file';
import { normalizePhone } from './phone';

// What an import answers: every rejected row with its spreadsheet row number, the column and the
// reason in Vietnamese and English, and the duplicates it found, in the file and in the database.

export interface RejectedRow {
  row: number;
  field: ImportField | null;
  /** The header of that column as written in the file; null when the file has no such column. */
  column: string | null;
  value: string | null;
  reason: LocalizedText;
}

export interface RegisteredHolder {
  householdId: string | null;
  communeCode: string | null;
  communeName: string | null;
}

export interface HouseholdImportReport {
  /** The audit entry's entity id; null for a dry run. */
  importId: string | null;
  communeCode: string;
  dryRun: boolean;
  format: SurveyFileKind;
  encoding: SurveyTextEncoding | null;
  headerRow: number;
  ignoredColumns: string[];
  /** Data rows (empty rows are skipped) = valid + rejectedRows. */
  total: number;
  /** Rows that pass every check: created by a real run, would be created by a dry run. */
  valid: number;
  created: number;
  rejectedRows: number;
  /** Valid rows registered as not eligible (no TV, paid TV, old list…). */
  ineligible: number;
  duplicates: {
    inFile: { row: number; nationalId: string; duplicateOfRow: number }[];
    inDatabase: ({ row: number; nationalId: string } & RegisteredHolder)[];
  };
  possibleDuplicates: {
    row: number;
    grounds: 'name_village' | 'phone';
    /** householdId is null for a row of the file in a dry run (nothing was created). */
    duplicateOf: { householdId: string | null; row: number | null };
  }[];
  rejected: RejectedRow[];
}

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
    ineligible: 0,
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
  const where = holder.communeName ?? holder.communeCode ?? '?';
  const household = holder.householdId ?? '';
  rejectRow(report, header, row, null, [
    {
      field: 'national_id',
      value: nationalId,
      reason: text(
        `Số CCCD/CMND ${nationalId} đã được đăng ký cho hộ ${household} (${where})`,
        `National ID ${nationalId} is already registered for household ${household} in ${where}`,
      ),
    },
  ]);
}

/** Rows in order, as the clerk reads the file; duplicates found on insert arrive a chunk late. */
export function sortReport(report: HouseholdImportReport): void {
  report.rejected.sort((a, b) => a.row - b.row);
  report.duplicates.inDatabase.sort((a, b) => a.row - b.row);
}

/** Every problem of a row: values import-columns.ts refused, then Joi's and the phone check's. */
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
