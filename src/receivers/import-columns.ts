import { cellText, type Cell } from '../spreadsheets/cells';
import { foldVietnamese } from '../vietnamese';
import type { ReceiverField, ReceiverRowInput } from './receiver-fields';

// The receiver list template: which spreadsheet column feeds which receiver field. Pure. Header
// names are matched without case, diacritics, spaces or punctuation, in Vietnamese or English.

export interface ReceiverColumn {
  field: ReceiverField;
  /** The template's Vietnamese header; the English header is `field` itself. */
  vi: string;
  required: boolean;
  aliases: readonly string[];
  accepts: string;
}

export const RECEIVER_COLUMNS: readonly ReceiverColumn[] = [
  {
    field: 'serial',
    vi: 'Số serial',
    required: true,
    aliases: ['số seri', 'seri', 'số sê-ri', 'serial number', 'serial no', 's/n', 'mã đầu thu'],
    accepts: '4–40 letters, digits or hyphens; stored trimmed and upper case',
  },
  {
    field: 'type',
    vi: 'Loại',
    required: true,
    aliases: ['loại đầu thu', 'receiver type'],
    accepts: '`dvb-t2` (also DVB-T2, mặt đất) or `satellite` (also vệ tinh, DTH)',
  },
  {
    field: 'model',
    vi: 'Model',
    required: false,
    aliases: ['kiểu', 'mẫu', 'model đầu thu'],
    accepts: 'the model name, at most 100 characters',
  },
  {
    field: 'supplier',
    vi: 'Nhà cung cấp',
    required: false,
    aliases: ['ncc', 'đơn vị cung cấp'],
    accepts: 'the supplier, at most 100 characters',
  },
  {
    field: 'lot',
    vi: 'Lô',
    required: false,
    aliases: ['số lô', 'lô hàng', 'lot number', 'lot no'],
    accepts: 'the delivery lot, at most 100 characters',
  },
];

const headerKey = (name: string) => foldVietnamese(name).replace(/[^a-z0-9]/g, '');

const FIELD_BY_HEADER = new Map<string, ReceiverField>(
  RECEIVER_COLUMNS.flatMap((c) => [c.field, c.vi, ...c.aliases].map((n) => [headerKey(n), c.field] as const)),
);

export interface ReceiverHeader {
  /** Each field's column position (the first, when a file repeats one). */
  columns: Map<ReceiverField, number>;
  names: string[];
  ignored: string[];
  missing: ReceiverField[];
}

/** The header read from a row, or null when it names no serial column and fewer than two known ones. */
export function resolveReceiverHeader(cells: readonly Cell[]): ReceiverHeader | null {
  const names = cells.map((c) => cellText(c));
  const columns = new Map<ReceiverField, number>();
  const ignored: string[] = [];
  names.forEach((name, i) => {
    if (!name) return;
    const field = FIELD_BY_HEADER.get(headerKey(name));
    if (!field) ignored.push(name);
    else if (!columns.has(field)) columns.set(field, i);
  });
  if (!columns.has('serial') && columns.size < 2) return null;
  const missing = RECEIVER_COLUMNS.filter((c) => c.required && !columns.has(c.field)).map((c) => c.field);
  return { columns, names, ignored, missing };
}

/** One data row in the shape registration checks. */
export function receiverRowOf(header: ReceiverHeader, cells: readonly Cell[]): ReceiverRowInput {
  const at = (field: ReceiverField) => {
    const i = header.columns.get(field);
    return i === undefined ? '' : cellText(cells[i]);
  };
  return {
    serial: at('serial'),
    type: at('type'),
    model: at('model'),
    supplier: at('supplier'),
    lot: at('lot'),
  };
}

/** The header as written in the file for a field, for the report. */
export function columnName(header: ReceiverHeader, field: ReceiverField): string | null {
  const i = header.columns.get(field);
  return i === undefined ? null : header.names[i];
}
