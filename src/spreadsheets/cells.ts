// A cell of an uploaded spreadsheet (CSV or .xlsx) and its text. Pure.

/** A spreadsheet cell as CSV or .xlsx gives it. */
export type Cell = string | number | boolean | Date | null | undefined;

/** Cell text, NFC, trimmed; Excel's ="0123" text trick unwrapped. */
export function cellText(cell: Cell): string {
  if (cell === null || cell === undefined) return '';
  if (cell instanceof Date) return cell.toISOString().slice(0, 10);
  const s = String(cell).normalize('NFC').trim();
  const excelText = /^="(.*)"$/.exec(s);
  return excelText ? excelText[1].trim() : s;
}

export function isBlankRow(cells: readonly Cell[]): boolean {
  return cells.every((c) => cellText(c) === '');
}
