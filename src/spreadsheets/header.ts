import { foldVietnamese } from '../vietnamese';
import { cellText, type Cell } from './cells';

// The header row of an uploaded list whose columns are named in a table (receivers, commune
// targets). Pure. Headers are matched without case, diacritics, spaces or punctuation, by the
// column's field name (English), its Vietnamese header or an alias.

/** What the header reader needs of a column table's row. */
export interface NamedColumn<F extends string> {
  field: F;
  /** The template's Vietnamese header; the English header is `field` itself. */
  vi: string;
  required: boolean;
  aliases: readonly string[];
}

export interface SheetHeader<F extends string> {
  /** Each field's column position (the first, when a file repeats one). */
  columns: Map<F, number>;
  /** The header text of each position, as written in the file. */
  names: string[];
  ignored: string[];
  missing: F[];
}

/** "Số serial" → "soserial": no marks, case, spaces or punctuation. */
export const headerKey = (name: string): string => foldVietnamese(name).replace(/[^a-z0-9]/g, '');

/** A reader of a row as the header of `table`: every known column found, the others ignored. */
export function headerReader<F extends string>(
  table: readonly NamedColumn<F>[],
): (cells: readonly Cell[]) => SheetHeader<F> {
  const fieldByHeader = new Map<string, F>(
    table.flatMap((c) => [c.field, c.vi, ...c.aliases].map((n) => [headerKey(n), c.field] as const)),
  );
  return (cells) => {
    const names = cells.map((c) => cellText(c));
    const columns = new Map<F, number>();
    const ignored: string[] = [];
    names.forEach((name, i) => {
      if (!name) return;
      const field = fieldByHeader.get(headerKey(name));
      if (!field) ignored.push(name);
      else if (!columns.has(field)) columns.set(field, i);
    });
    const missing = table.filter((c) => c.required && !columns.has(c.field)).map((c) => c.field);
    return { columns, names, ignored, missing };
  };
}

/** A field's cell text in a data row ('' when the file has no such column). */
export function cellOf<F extends string>(header: SheetHeader<F>, cells: readonly Cell[], field: F): string {
  const i = header.columns.get(field);
  return i === undefined ? '' : cellText(cells[i]);
}

/** The header as written in the file for a field, for the report. */
export function columnName<F extends string>(header: SheetHeader<F>, field: F): string | null {
  const i = header.columns.get(field);
  return i === undefined ? null : header.names[i];
}
