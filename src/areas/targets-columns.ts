import { text, type LocalizedText } from '../errors';
import type { Cell } from '../spreadsheets/cells';
import { cellOf, headerKey, headerReader, type NamedColumn, type SheetHeader } from '../spreadsheets/header';
import { RECEIVER_TYPES, type ReceiverType } from '../receiver-types';

// The commune targets sheet (official poverty list counts per commune): which column feeds which
// field, and one row read into a target or a problem. Pure. Headers are matched by
// spreadsheets/header.ts, in Vietnamese or English.

export const TARGET_FIELDS = [
  'commune_code',
  'commune_name',
  'poor',
  'near_poor',
  'list_year',
  'default_receiver_type',
] as const;
export type TargetField = (typeof TARGET_FIELDS)[number];

export const TARGET_COLUMNS: readonly (NamedColumn<TargetField> & { accepts: string })[] = [
  {
    field: 'commune_code',
    vi: 'Mã xã',
    required: true,
    aliases: ['mã đơn vị', 'mã xã/phường', 'commune code', 'code'],
    accepts: 'the commune’s 5-digit GSO code (a number that lost its leading zeros is padded)',
  },
  {
    field: 'commune_name',
    vi: 'Tên xã',
    required: false,
    aliases: ['tên đơn vị', 'xã/phường', 'commune', 'name'],
    accepts: 'for reading only; the code decides',
  },
  {
    field: 'poor',
    vi: 'Số hộ nghèo',
    required: true,
    aliases: ['hộ nghèo', 'poor households'],
    accepts: 'a whole number, 0 or more',
  },
  {
    field: 'near_poor',
    vi: 'Số hộ cận nghèo',
    required: true,
    aliases: ['hộ cận nghèo', 'near poor households', 'nearpoor'],
    accepts: 'a whole number, 0 or more',
  },
  {
    field: 'list_year',
    vi: 'Năm danh sách',
    required: true,
    aliases: ['năm', 'list year', 'year'],
    accepts: 'the year of the approved list, 2010–2100',
  },
  {
    field: 'default_receiver_type',
    vi: 'Loại đầu thu mặc định',
    required: false,
    aliases: ['loại đầu thu', 'receiver type', 'default receiver'],
    accepts: 'DVB-T2 (mặt đất) or Vệ tinh (satellite); empty keeps the current one',
  },
];

const readHeader = headerReader(TARGET_COLUMNS);

export type TargetHeader = SheetHeader<TargetField>;

/** The header read from a row, or null when it names no commune code column. */
export function resolveTargetHeader(cells: readonly Cell[]): TargetHeader | null {
  const header = readHeader(cells);
  return header.columns.has('commune_code') ? header : null;
}

export interface TargetRow {
  code: string;
  poor: number;
  nearPoor: number;
  listYear: number;
  defaultReceiverType?: ReceiverType;
}

export interface TargetProblem {
  field: TargetField;
  reason: LocalizedText;
}

/** A commune code as written: 5 digits, or a number Excel stripped of its leading zeros (7888). */
export function communeCodeOf(written: string): string | null {
  const digits = written.replace(/\s/g, '');
  return /^\d{1,5}$/.test(digits) ? digits.padStart(5, '0') : null;
}

function wholeNumber(written: string, min: number, max: number): number | null {
  const n = Number(written.replace(/[.,\s](?=\d{3}\b)/g, ''));
  return written !== '' && Number.isInteger(n) && n >= min && n <= max ? n : null;
}

const RECEIVER_WORDS: Record<string, ReceiverType> = {
  dvbt2: 'dvb-t2',
  matdat: 'dvb-t2',
  t2: 'dvb-t2',
  satellite: 'satellite',
  vetinh: 'satellite',
  dth: 'satellite',
};

/** One data row as a commune's targets, or the first problem with it (field and reason in words). */
export function targetRowOf(header: TargetHeader, cells: readonly Cell[]): TargetRow | TargetProblem {
  const at = (f: TargetField) => cellOf(header, cells, f);
  const code = communeCodeOf(at('commune_code'));
  if (!code) {
    return {
      field: 'commune_code',
      reason: text('Mã xã phải gồm 5 chữ số', 'The commune code must have 5 digits'),
    };
  }
  const poor = wholeNumber(at('poor'), 0, 1_000_000);
  if (poor === null) {
    return {
      field: 'poor',
      reason: text(
        'Số hộ nghèo phải là số nguyên từ 0 trở lên',
        'Poor households: a whole number, 0 or more',
      ),
    };
  }
  const nearPoor = wholeNumber(at('near_poor'), 0, 1_000_000);
  if (nearPoor === null) {
    return {
      field: 'near_poor',
      reason: text(
        'Số hộ cận nghèo phải là số nguyên từ 0 trở lên',
        'Near-poor households: a whole number, 0 or more',
      ),
    };
  }
  const listYear = wholeNumber(at('list_year'), 2010, 2100);
  if (listYear === null) {
    return {
      field: 'list_year',
      reason: text('Năm danh sách phải từ 2010 đến 2100', 'The list year must be 2010–2100'),
    };
  }
  const typed = at('default_receiver_type');
  if (!typed) return { code, poor, nearPoor, listYear };
  const defaultReceiverType =
    RECEIVER_WORDS[headerKey(typed)] ?? (RECEIVER_TYPES as readonly string[]).find((t) => t === typed);
  if (!defaultReceiverType) {
    return {
      field: 'default_receiver_type',
      reason: text(
        'Loại đầu thu phải là DVB-T2 (mặt đất) hoặc Vệ tinh',
        'The receiver type must be DVB-T2 or satellite',
      ),
    };
  }
  return { code, poor, nearPoor, listYear, defaultReceiverType: defaultReceiverType as ReceiverType };
}
