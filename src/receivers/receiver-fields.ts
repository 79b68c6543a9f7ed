import { text, type LocalizedText } from '../errors';
import { foldVietnamese, toNfc } from '../vietnamese';
import { RECEIVER_TYPES, type ReceiverType } from '../receiver-types';

// One receiver's fields as a supplier's delivery note gives them, normalised and checked row by row
// (pure). A bad row is reported, not fatal: a province registers hundreds of serials at once and
// re-sends the list once the few typos are corrected.

/** What the installer scans: capital letters, digits and hyphens. */
export const SERIAL_PATTERN = /^[A-Z0-9-]{4,40}$/;
const TEXT_MAX = 100;

export const RECEIVER_FIELDS = ['serial', 'type', 'model', 'supplier', 'lot'] as const;
export type ReceiverField = (typeof RECEIVER_FIELDS)[number];

export interface ReceiverRowInput {
  serial: string;
  type: string;
  model?: string | null;
  supplier?: string | null;
  lot?: string | null;
}

export interface ReceiverFields {
  serial: string;
  type: ReceiverType;
  model: string | null;
  supplier: string | null;
  lot: string | null;
}

export interface ReceiverFieldProblem {
  field: ReceiverField;
  reason: LocalizedText;
}

/** Trimmed and upper case: "  abc-123 " and "ABC-123" are the same receiver. */
export function normalizeSerial(raw: string): string {
  return raw.trim().toUpperCase();
}

export function isValidSerial(serial: string): boolean {
  return SERIAL_PATTERN.test(serial);
}

// Folded, without spaces or hyphens: "DVB-T2", "dvbt2", "Mặt đất", "Vệ tinh", "DTH".
const TYPE_ALIASES: Record<string, ReceiverType> = {
  dvbt2: 'dvb-t2',
  terrestrial: 'dvb-t2',
  matdat: 'dvb-t2',
  somatdat: 'dvb-t2',
  truyenhinhsomatdat: 'dvb-t2',
  dauthudvbt2: 'dvb-t2',
  dauthusomatdat: 'dvb-t2',
  satellite: 'satellite',
  vetinh: 'satellite',
  dth: 'satellite',
  truyenhinhvetinh: 'satellite',
  dauthuvetinh: 'satellite',
};

/** The receiver type a cell or a request names, in English or Vietnamese; null when unknown. */
export function receiverTypeOf(raw: string): ReceiverType | null {
  const key = foldVietnamese(raw).replace(/[\s_-]/g, '');
  return TYPE_ALIASES[key] ?? null;
}

function optionalText(
  field: 'model' | 'supplier' | 'lot',
  raw: string | null | undefined,
): string | null | ReceiverFieldProblem {
  const value = raw == null ? '' : toNfc(raw);
  if (value.length > TEXT_MAX) {
    return {
      field,
      reason: text(`${field}: dài quá ${TEXT_MAX} ký tự`, `${field} is longer than ${TEXT_MAX} characters`),
    };
  }
  return value === '' ? null : value;
}

const isProblem = (v: unknown): v is ReceiverFieldProblem => typeof v === 'object' && v !== null;

/** The normalised fields, or the first problem found (serial first, as the report names the serial). */
export function checkReceiverFields(
  row: ReceiverRowInput,
): { fields: ReceiverFields } | { problem: ReceiverFieldProblem } {
  const serial = normalizeSerial(row.serial);
  if (!isValidSerial(serial)) {
    const problem = serial
      ? text(
          `Số serial "${serial}" không hợp lệ: cần 4–40 ký tự gồm chữ cái không dấu, chữ số hoặc dấu gạch ngang`,
          `Serial "${serial}" is invalid: 4–40 letters (A–Z), digits or hyphens`,
        )
      : text('Thiếu số serial', 'The serial is missing');
    return { problem: { field: 'serial', reason: problem } };
  }
  const type = receiverTypeOf(row.type);
  if (!type) {
    return {
      problem: {
        field: 'type',
        reason: text(
          `Loại đầu thu "${row.type}" không có trong chương trình: hãy ghi "Mặt đất" (đầu thu DVB-T2) hoặc "Vệ tinh"`,
          `Receiver type "${row.type}" is not one of the programme's: write "DVB-T2" (terrestrial) or "Satellite" (${RECEIVER_TYPES.join(' or ')})`,
        ),
      },
    };
  }
  const model = optionalText('model', row.model);
  if (isProblem(model)) return { problem: model };
  const supplier = optionalText('supplier', row.supplier);
  if (isProblem(supplier)) return { problem: supplier };
  const lot = optionalText('lot', row.lot);
  if (isProblem(lot)) return { problem: lot };
  return { fields: { serial, type, model, supplier, lot } };
}
