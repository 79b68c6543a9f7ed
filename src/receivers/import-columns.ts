import type { Cell } from '../spreadsheets/cells';
import { cellOf, headerReader, type NamedColumn, type SheetHeader } from '../spreadsheets/header';
import type { ReceiverField, ReceiverRowInput } from './receiver-fields';

// The receiver list template: which spreadsheet column feeds which receiver field. Pure. Header
// names are matched by spreadsheets/header.ts, in Vietnamese or English.

export interface ReceiverColumn extends NamedColumn<ReceiverField> {
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

const readHeader = headerReader(RECEIVER_COLUMNS);

export type ReceiverHeader = SheetHeader<ReceiverField>;

/** The header read from a row, or null when it names no serial column and fewer than two known ones. */
export function resolveReceiverHeader(cells: readonly Cell[]): ReceiverHeader | null {
  const header = readHeader(cells);
  return !header.columns.has('serial') && header.columns.size < 2 ? null : header;
}

/** One data row in the shape registration checks. */
export function receiverRowOf(header: ReceiverHeader, cells: readonly Cell[]): ReceiverRowInput {
  const at = (field: ReceiverField) => cellOf(header, cells, field);
  return {
    serial: at('serial'),
    type: at('type'),
    model: at('model'),
    supplier: at('supplier'),
    lot: at('lot'),
  };
}
