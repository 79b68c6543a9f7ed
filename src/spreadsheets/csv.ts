import { Transform as Json2CsvTransform } from '@json2csv/node';
import { Parser } from '@json2csv/plainjs';
import type { Transform } from 'node:stream';

// The one file that knows json2csv (STYLE §11). Every CSV we hand out is meant to be opened in
// Excel by people who read Vietnamese: a UTF-8 BOM (without it Excel guesses Windows-1258 and
// garbles the marks), CRLF line ends, and every text cell quoted.

export interface CsvColumn<T> {
  label: string;
  value: (row: T) => string | number | null | undefined;
}

/**
 * A cell starting with = + - @ is run as a formula by Excel and LibreOffice ("CSV injection");
 * names and notes typed by anyone must not become one, so such text gets a leading apostrophe.
 */
function quoteText(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return `"${safe.replace(/"/g, '""')}"`;
}

function options<T extends object>(columns: readonly CsvColumn<T>[]) {
  return {
    fields: columns.map((c) => ({ label: c.label, value: (row: T) => c.value(row) ?? undefined })),
    withBOM: true,
    eol: '\r\n',
    defaultValue: '',
    formatters: { string: quoteText, header: quoteText },
  };
}

export function toCsv<T extends object>(rows: readonly T[], columns: readonly CsvColumn<T>[]): string {
  return new Parser<T, T>(options(columns)).parse([...rows]);
}

/** An object-mode Transform: write row objects, read CSV text (header first, even with no rows). */
export function toCsvStream<T extends object>(columns: readonly CsvColumn<T>[]): Transform {
  return new Json2CsvTransform<T, T>(options(columns), {}, { objectMode: true });
}
