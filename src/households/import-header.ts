import { foldVietnamese } from '../vietnamese';
import { cellText, type Cell } from '../spreadsheets/cells';
import { IMPORT_COLUMNS, type ImportField } from './import-columns';

// The header row of a survey list: header names are matched without case, diacritics, punctuation or
// a bracketed hint ("Giới tính (Nam/Nữ)" is "gioi tinh"), in Vietnamese or English. Pure.

/** "Số CCCD/CMND (12 số)" → "so cccd cmnd": no marks, case, punctuation or bracketed hints. */
export function headerKey(header: string): string {
  return foldVietnamese(header.replace(/\([^)]*\)/g, ' '))
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();
}

const FIELD_BY_HEADER = new Map<string, ImportField>();
for (const c of IMPORT_COLUMNS) {
  for (const name of [c.vi, c.field, ...c.aliases]) FIELD_BY_HEADER.set(headerKey(name), c.field);
}

export function fieldOfHeader(header: string): ImportField | undefined {
  return FIELD_BY_HEADER.get(headerKey(header));
}

export interface ImportHeader {
  /** Each field's column positions; a field found twice (CCCD and CMND) takes the first non-empty. */
  columns: Map<ImportField, number[]>;
  /** The header text of each position, as written in the file. */
  names: string[];
  ignored: string[];
  missing: ImportField[];
}

/** How many known columns a row must name to be taken as the header row. */
const MIN_HEADER_FIELDS = 3;

/** The header read from a row, or null when it names fewer than MIN_HEADER_FIELDS known columns. */
export function resolveHeader(cells: readonly Cell[]): ImportHeader | null {
  const names = cells.map((c) => cellText(c));
  const columns = new Map<ImportField, number[]>();
  const ignored: string[] = [];
  names.forEach((name, i) => {
    if (!name) return;
    const field = fieldOfHeader(name);
    if (!field) ignored.push(name);
    else columns.set(field, [...(columns.get(field) ?? []), i]);
  });
  if (columns.size < MIN_HEADER_FIELDS) return null;
  const missing = IMPORT_COLUMNS.filter((c) => c.required && !columns.has(c.field)).map((c) => c.field);
  return { columns, names, ignored, missing };
}

/** A field's first non-empty cell in a row (a field may stand in two columns). */
export function valueOf(
  header: ImportHeader,
  cells: readonly Cell[],
  field: ImportField,
): { cell: Cell; text: string } {
  for (const i of header.columns.get(field) ?? []) {
    const text = cellText(cells[i]);
    if (text) return { cell: cells[i], text };
  }
  return { cell: null, text: '' };
}

/** The text of a field's cell in a row, as the clerk typed it (for the report). */
export function fieldText(header: ImportHeader, cells: readonly Cell[], field: ImportField): string {
  return valueOf(header, cells, field).text;
}
