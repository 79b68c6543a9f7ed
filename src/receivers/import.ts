import { text, type LocalizedText } from '../errors';
import { isBlankRow } from '../spreadsheets/cells';
import {
  findHeaderRow,
  readSpreadsheet,
  type ByteSource,
  type SpreadsheetKind,
  type SpreadsheetTextEncoding,
} from '../spreadsheets/read';
import type { Actor } from '../users/roles';
import { columnName } from '../spreadsheets/header';
import { RECEIVER_COLUMNS, receiverRowOf, resolveReceiverHeader } from './import-columns';
import { checkReceiverFields, type ReceiverField } from './receiver-fields';
import {
  provinceForRegistration,
  storeReceivers,
  type ExistingReceiver,
  type ReceiverCandidate,
} from './registration';

// A supplier's receiver list as a file (CSV in UTF-8 or Windows-1258, or .xlsx), read as a stream
// by the households import's reader and registered chunk by chunk like a JSON list. The report
// names rows by the spreadsheet's numbers (header = row 1, usually).

const CHUNK = 1_000;

export interface ImportReceiversInput {
  /** Defaults to the province of a province-level official. */
  provinceCode?: string;
  dryRun: boolean;
  kind: SpreadsheetKind;
  file: ByteSource;
  maxBytes?: number;
}

export interface ReceiverImportReport {
  provinceCode: string;
  dryRun: boolean;
  format: SpreadsheetKind;
  encoding: SpreadsheetTextEncoding | null;
  headerRow: number;
  ignoredColumns: string[];
  /** Data rows read (blank rows skipped) = valid + rejectedRows + duplicates. */
  total: number;
  /** Rows that are (with dryRun: would be) created. */
  valid: number;
  created: number;
  rejectedRows: number;
  rejected: {
    row: number;
    serial: string | null;
    field: ReceiverField;
    column: string | null;
    reason: LocalizedText;
  }[];
  duplicates: { row: number; serial: string; existing: ExistingReceiver | null }[];
}

/**
 * Imports (with dryRun: only checks) a receiver list into a province's stock and reports on every
 * row. Throws ValidationError for an unreadable file or missing columns, before anything is written;
 * a file failing midway leaves the chunks before it stored (re-importing reports them as duplicates).
 */
export async function importReceivers(
  input: ImportReceiversInput,
  actor: Actor,
): Promise<ReceiverImportReport> {
  const provinceCode = await provinceForRegistration(input.provinceCode, actor);
  const file = readSpreadsheet(input.file, input.kind, { maxBytes: input.maxBytes });
  const { header, headerRow } = await findHeaderRow(
    file.rows,
    resolveReceiverHeader,
    RECEIVER_COLUMNS,
    text(
      'Không tìm thấy dòng tiêu đề (cần ít nhất cột Số serial và Loại)',
      'No header row found (the file needs at least the serial and type columns)',
    ),
  );
  const report: ReceiverImportReport = {
    provinceCode,
    dryRun: input.dryRun,
    format: input.kind,
    encoding: null,
    headerRow,
    ignoredColumns: header.ignored,
    total: 0,
    valid: 0,
    created: 0,
    rejectedRows: 0,
    rejected: [],
    duplicates: [],
  };
  const firstRow = new Map<string, number>();
  let pending: ReceiverCandidate[] = [];
  const flush = async () => {
    const { created, taken } = await storeReceivers(provinceCode, pending, input.dryRun, actor);
    pending = [];
    report.valid += created.length;
    if (!input.dryRun) report.created += created.length;
    for (const t of taken)
      report.duplicates.push({
        row: t.candidate.key,
        serial: t.candidate.fields.serial,
        existing: t.existing,
      });
  };
  for await (const { number: row, cells } of file.rows) {
    if (isBlankRow(cells)) continue;
    report.total++;
    const checked = checkReceiverFields(receiverRowOf(header, cells));
    if ('problem' in checked) {
      const { field, reason } = checked.problem;
      const serial = receiverRowOf(header, cells).serial || null;
      report.rejected.push({ row, serial, field, column: columnName(header, field), reason });
      continue;
    }
    const { serial } = checked.fields;
    const first = firstRow.get(serial);
    if (first !== undefined) {
      const reason = text(
        `Số serial ${serial} trùng với dòng ${first} của tệp`,
        `Serial ${serial} repeats row ${first} of the file`,
      );
      report.rejected.push({ row, serial, field: 'serial', column: columnName(header, 'serial'), reason });
      continue;
    }
    firstRow.set(serial, row);
    pending.push({ key: row, fields: checked.fields });
    if (pending.length >= CHUNK) await flush();
  }
  if (pending.length) await flush();
  report.rejectedRows = report.rejected.length;
  report.encoding = file.encoding();
  return report;
}
