import { parse as parseCsv } from 'csv-parse';
import ExcelJS from 'exceljs';
import { Readable } from 'node:stream';
import { TextDecoder } from 'node:util';
import { AppError, text, ValidationError, type LocalizedText } from '../errors';
import { isBlankRow, type Cell } from './cells';

// Reads the rows of an uploaded spreadsheet (a commune's household list, a receiver list, targets)
// as a stream, so a 100,000-row file never sits in memory: CSV in UTF-8 (with or without BOM) or
// Windows-1258 (what Vietnamese Excel saves as "CSV"), or the first worksheet of an .xlsx workbook.

export const SPREADSHEET_KINDS = ['csv', 'xlsx'] as const;
export type SpreadsheetKind = (typeof SPREADSHEET_KINDS)[number];
export const SPREADSHEET_TEXT_ENCODINGS = ['utf-8', 'windows-1258'] as const;
export type SpreadsheetTextEncoding = (typeof SPREADSHEET_TEXT_ENCODINGS)[number];

export interface SheetRow {
  /** The row number a spreadsheet shows (the first row is 1). */
  number: number;
  cells: Cell[];
}

export interface Spreadsheet {
  rows: AsyncGenerator<SheetRow>;
  /** Known once the first row is read; null for .xlsx. */
  encoding(): SpreadsheetTextEncoding | null;
}

export type ByteSource = AsyncIterable<Buffer | string>;

export function readSpreadsheet(
  source: ByteSource,
  kind: SpreadsheetKind,
  opts: { maxBytes?: number } = {},
): Spreadsheet {
  const limited = limitBytes(source, opts.maxBytes ?? Infinity);
  if (kind === 'xlsx') return { rows: xlsxRows(limited), encoding: () => null };
  const detected: { encoding: SpreadsheetTextEncoding | null } = { encoding: null };
  return { rows: csvRows(limited, detected), encoding: () => detected.encoding };
}

async function* limitBytes(source: ByteSource, maxBytes: number): AsyncGenerator<Buffer> {
  let total = 0;
  for await (const chunk of source) {
    const buf = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
    total += buf.length;
    if (total > maxBytes) {
      const limit = maxBytes >= 1e6 ? `${Math.round(maxBytes / 1e6)} MB` : `${Math.round(maxBytes / 1e3)} KB`;
      throw new ValidationError(
        text(
          `Tệp quá lớn (tối đa ${limit}); hãy chia danh sách thành nhiều tệp`,
          `The file is too large (at most ${limit}); split the list into several files`,
        ),
      );
    }
    yield buf;
  }
}

// Enough of the file to tell UTF-8 from Windows-1258: a Vietnamese header row or a few data rows.
const SAMPLE_BYTES = 64 * 1024;

function notUtf8(offset: number) {
  return new ValidationError(
    text(
      `Tệp không phải UTF-8 hợp lệ (gần byte ${offset}); hãy lưu lại bằng "CSV UTF-8"`,
      `The file is not valid UTF-8 (near byte ${offset}); save it again as "CSV UTF-8"`,
    ),
  );
}

/**
 * UTF-8 when the first 64 KB decode as strict UTF-8 (a BOM is dropped), else Windows-1258. Text
 * in Windows-1258 carries tone marks as combining characters; cells are normalised to NFC later.
 */
async function* decodeText(
  source: AsyncIterable<Buffer>,
  detected: { encoding: SpreadsheetTextEncoding | null },
): AsyncGenerator<string> {
  let decoder: TextDecoder | undefined;
  let sample: Buffer[] = [];
  let sampled = 0;
  let offset = 0;
  const decode = (buf: Buffer, stream: boolean): string => {
    offset += buf.length;
    try {
      return (decoder as TextDecoder).decode(buf, { stream });
    } catch {
      throw notUtf8(offset);
    }
  };
  const choose = (head: Buffer): void => {
    try {
      new TextDecoder('utf-8', { fatal: true }).decode(head, { stream: true });
      detected.encoding = 'utf-8';
      decoder = new TextDecoder('utf-8', { fatal: true });
    } catch {
      detected.encoding = 'windows-1258';
      decoder = new TextDecoder('windows-1258');
    }
  };
  for await (const chunk of source) {
    if (decoder) {
      yield decode(chunk, true);
      continue;
    }
    sample.push(chunk);
    sampled += chunk.length;
    if (sampled < SAMPLE_BYTES) continue;
    const head = Buffer.concat(sample);
    sample = [];
    choose(head);
    yield decode(head, true);
  }
  if (!decoder) {
    const head = Buffer.concat(sample);
    choose(head);
    yield decode(head, true);
  }
  yield decode(Buffer.alloc(0), false);
}

/** Excel writes ";" where the list separator is ";"; the header row tells which one the file uses. */
export function delimiterOf(firstLine: string): string {
  const unquoted = firstLine.replace(/"[^"]*"/g, '');
  const counts = [',', ';', '\t'].map((d) => ({ d, n: unquoted.split(d).length - 1 }));
  counts.sort((a, b) => b.n - a.n);
  return counts[0].n > 0 ? counts[0].d : ',';
}

async function* csvRows(
  source: AsyncIterable<Buffer>,
  detected: { encoding: SpreadsheetTextEncoding | null },
): AsyncGenerator<SheetRow> {
  const texts = decodeText(source, detected);
  let head = '';
  let ended = false;
  while (!/[\r\n]/.test(head)) {
    const next = await texts.next();
    if (next.done) {
      ended = true;
      break;
    }
    head += next.value;
  }
  async function* all(): AsyncGenerator<string> {
    if (head) yield head;
    if (ended) return;
    for await (const t of texts) if (t) yield t;
  }
  const input = Readable.from(all());
  const parser = parseCsv({
    delimiter: delimiterOf(head.split(/\r?\n/, 1)[0]),
    bom: true,
    relax_column_count: true,
    relax_quotes: true,
  });
  // Our own errors (file too large, not UTF-8) surface through the parser's iteration.
  input.on('error', (err) => parser.destroy(err));
  input.pipe(parser);
  let number = 0;
  try {
    for await (const record of parser) yield { number: ++number, cells: record as string[] };
  } catch (err) {
    if (err instanceof AppError) throw err;
    throw new ValidationError(
      text(`Không đọc được tệp CSV ở dòng ${number + 1}`, `The CSV file cannot be read at row ${number + 1}`),
      { reason: (err as Error).message },
    );
  } finally {
    input.destroy();
    parser.destroy();
  }
}

type XlsxValue = ExcelJS.CellValue;

/** A cell's value as text or number: rich text joined, a formula's result, a link's text. */
function xlsxCell(v: XlsxValue): Cell {
  if (v === null || v === undefined) return null;
  if (typeof v !== 'object' || v instanceof Date) return v;
  if ('richText' in v) return v.richText.map((r) => r.text).join('');
  if ('result' in v) return xlsxCell(v.result as XlsxValue);
  if ('text' in v) return typeof v.text === 'string' ? v.text : xlsxCell(v.text as XlsxValue);
  return null; // an error value (#N/A, #REF!…) reads as empty
}

/**
 * The first worksheet's rows. The upload (already bounded by maxBytes) is read whole and opened
 * through its zip directory, not parsed in one streaming pass: ExcelJS's streaming WorkbookReader
 * intermittently parses a worksheet before the shared strings it points to (exceljs issues #683,
 * #3064; workbooks ExcelJS itself wrote, as our template is, trigger it), so cells came back as
 * `{sharedString: n}`, the header was not found and a correct commune list answered 400 now and then
 * (seen in CI under load in several recent runs). The price is memory: the sheet's cells are held while
 * its rows are read (measured: 5,000 rows 23 MB and 0.6 s, 40,000 rows 185 MB and 3.2 s).
 */
async function* xlsxRows(source: AsyncIterable<Buffer>): AsyncGenerator<SheetRow> {
  const parts: Buffer[] = [];
  for await (const chunk of source) parts.push(chunk);
  const book = new ExcelJS.Workbook();
  try {
    await book.xlsx.load(Buffer.concat(parts) as unknown as ArrayBuffer);
  } catch (err) {
    if (err instanceof AppError) throw err;
    throw new ValidationError(
      text('Không đọc được tệp .xlsx (tệp hỏng hoặc không phải Excel)', 'The .xlsx file cannot be read'),
      { reason: (err as Error).message },
    );
  }
  const sheet = book.worksheets[0]; // the survey list is the first worksheet
  if (!sheet) return;
  for (let n = 1; n <= sheet.rowCount; n++) {
    const row = sheet.getRow(n);
    if (!row.hasValues) continue;
    const values = (Array.isArray(row.values) ? row.values : []) as XlsxValue[];
    const cells: Cell[] = [];
    for (let i = 1; i < values.length; i++) cells.push(xlsxCell(values[i]));
    yield { number: row.number, cells };
  }
}

// How far down a title block may push the header row ("DANH SÁCH HỘ NGHÈO…", the commune's name…).
const HEADER_SEARCH_ROWS = 10;

/** A column of an import template, as the header search reports it. */
export interface TemplateColumn {
  field: string;
  vi: string;
  required: boolean;
}

/**
 * The header is the first of the first non-blank rows that `resolve` recognises; title rows above it
 * are skipped. ValidationError naming the missing required columns, or `notFound` with the expected
 * columns when no row looks like a header. Shared by the household and receiver imports.
 */
export async function findHeaderRow<H extends { missing: readonly string[] }>(
  rows: AsyncGenerator<SheetRow>,
  resolve: (cells: Cell[]) => H | null,
  columns: readonly TemplateColumn[],
  notFound: LocalizedText,
): Promise<{ header: H; headerRow: number }> {
  for (let looked = 0; looked < HEADER_SEARCH_ROWS;) {
    const next = await rows.next();
    if (next.done) break;
    if (isBlankRow(next.value.cells)) continue;
    looked++;
    const header = resolve(next.value.cells);
    if (!header) continue;
    if (header.missing.length) {
      const missing = columns.filter((c) => header.missing.includes(c.field));
      throw new ValidationError(
        text(
          `Tệp thiếu cột bắt buộc: ${missing.map((c) => c.vi).join(', ')}`,
          `The file lacks required columns: ${missing.map((c) => c.field).join(', ')}`,
        ),
        { missing: missing.map((c) => ({ field: c.field, vi: c.vi })) },
      );
    }
    return { header, headerRow: next.value.number };
  }
  throw new ValidationError(notFound, {
    expected: columns.map((c) => ({ field: c.field, vi: c.vi, required: c.required })),
  });
}
