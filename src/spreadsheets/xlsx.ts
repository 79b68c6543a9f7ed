import ExcelJS from 'exceljs';
import { PassThrough, type Readable } from 'node:stream';
import { vietnamWallClock } from '../vietnam-time';

// Writing .xlsx for people who open it in Excel (DESIGN §14): columns holding IDs, phones and codes
// are stored as text (the cell value a string and its format '@'), so Excel keeps their leading
// zeros and never shows 2.5185E+10; instants are shown in Vietnam time, the time the clerk lives in.
// Rows stream through exceljs's WorkbookWriter: each is committed (written to the zip) at once, so a
// 200,000-row list never sits in memory.

export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

export type SheetValue = string | number | Date | null | undefined;

export interface SheetColumn<T> {
  header: string;
  /** text: stored as text ('@'); date: an instant shown as Vietnam date and time; plain: as given. */
  kind: 'text' | 'date' | 'plain';
  width: number;
  value: (row: T) => SheetValue;
}

const DATE_FORMAT = 'dd/mm/yyyy hh:mm';
const HEADER_FILL: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFDDEBF7' } };

function cellOf(kind: SheetColumn<unknown>['kind'], value: SheetValue): SheetValue {
  if (value === null || value === undefined || value === '') return null;
  if (kind === 'text') return String(value);
  if (kind === 'date' && value instanceof Date) return vietnamWallClock(value);
  return value;
}

function styleColumns<T>(sheet: ExcelJS.Worksheet, columns: readonly SheetColumn<T>[]): void {
  sheet.columns = columns.map((c) => ({
    header: c.header,
    width: c.width,
    // The column's own format too: what the clerk types into an empty cell stays text.
    style:
      c.kind === 'text'
        ? { numFmt: '@' }
        : c.kind === 'date'
          ? { numFmt: DATE_FORMAT }
          : { numFmt: 'General' },
  }));
  const header = sheet.getRow(1);
  header.font = { bold: true };
  header.eachCell((cell) => {
    cell.fill = HEADER_FILL;
    cell.numFmt = 'General';
    cell.alignment = { vertical: 'middle', wrapText: true };
  });
}

/** The header row stays in view while scrolling. */
const FROZEN_HEADER = { views: [{ state: 'frozen' as const, ySplit: 1 }] };

function addRow<T>(sheet: ExcelJS.Worksheet, columns: readonly SheetColumn<T>[], row: T): ExcelJS.Row {
  const added = sheet.addRow(columns.map((c) => cellOf(c.kind, c.value(row))));
  columns.forEach((c, i) => {
    if (c.kind === 'plain') return;
    added.getCell(i + 1).numFmt = c.kind === 'text' ? '@' : DATE_FORMAT;
  });
  return added;
}

/** One worksheet of the rows, streamed as .xlsx. A failing source ends the stream with its error. */
export function xlsxStream<T>(
  sheetName: string,
  columns: readonly SheetColumn<T>[],
  rows: AsyncIterable<T>,
): Readable {
  const out = new PassThrough();
  const book = new ExcelJS.stream.xlsx.WorkbookWriter({
    stream: out,
    useStyles: true,
    useSharedStrings: false,
  });
  const sheet = book.addWorksheet(sheetName, FROZEN_HEADER);
  styleColumns(sheet, columns);
  sheet.getRow(1).commit();
  void (async () => {
    try {
      for await (const row of rows) addRow(sheet, columns, row).commit();
      sheet.commit();
      await book.commit();
    } catch (err) {
      out.destroy(err instanceof Error ? err : new Error(String(err)));
    }
  })();
  return out;
}

export interface InstructionSheet {
  name: string;
  title: string;
  lines: string[];
  table: { headers: string[]; rows: string[][] };
}

/** A small workbook in memory: the data sheet (a header and example rows) and an instructions sheet. */
export async function xlsxWorkbook<T>(
  sheetName: string,
  columns: readonly SheetColumn<T>[],
  rows: readonly T[],
  instructions: InstructionSheet,
): Promise<Buffer> {
  const book = new ExcelJS.Workbook();
  const sheet = book.addWorksheet(sheetName, FROZEN_HEADER);
  styleColumns(sheet, columns);
  for (const row of rows) addRow(sheet, columns, row);
  const help = book.addWorksheet(instructions.name);
  help.columns = [{ width: 26 }, { width: 12 }, { width: 90 }];
  help.addRow([instructions.title]).font = { bold: true, size: 14 };
  for (const line of instructions.lines) help.addRow([line]);
  help.addRow([]);
  const head = help.addRow(instructions.table.headers);
  head.font = { bold: true };
  head.eachCell((cell) => (cell.fill = HEADER_FILL));
  for (const r of instructions.table.rows) help.addRow(r).alignment = { wrapText: true, vertical: 'top' };
  return Buffer.from(await book.xlsx.writeBuffer());
}

/** One sheet of a workbook built by `xlsxBook`. */
export interface BookSheet {
  name: string;
  write: (sheet: ExcelJS.Worksheet) => void;
}

/** A sheet of rows under a header in row 1, with text, date and plain columns as xlsxStream writes them. */
export function bookSheet<T>(
  name: string,
  columns: readonly SheetColumn<T>[],
  rows: readonly T[],
): BookSheet {
  return {
    name,
    write: (sheet) => {
      styleColumns(sheet, columns);
      for (const row of rows) addRow(sheet, columns, row);
    },
  };
}

/** A workbook of several sheets built in memory (header rows frozen): reports of thousands of rows, not more. */
export async function xlsxBook(sheets: readonly BookSheet[]): Promise<Buffer> {
  const book = new ExcelJS.Workbook();
  for (const s of sheets) s.write(book.addWorksheet(s.name, FROZEN_HEADER));
  return Buffer.from(await book.xlsx.writeBuffer());
}
