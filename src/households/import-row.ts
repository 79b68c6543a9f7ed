import type { LocalizedText } from '../errors';
import { type Cell } from '../spreadsheets/cells';
import { birthYearOf } from './birth-year';
import { COLUMN, IMPORT_COLUMNS, type ImportField } from './import-columns';
import { headerKey, valueOf, type ImportHeader } from './import-header';

// One data row of a survey list, its cell text turned into the shape the Joi schema of one household
// checks. Pure. Joi then judges formats and ranges; this module only names what it cannot express
// (Vietnamese words for enum values, Excel's mangling of numbers).

export interface RowProblem {
  field: ImportField;
  value: string | null;
  reason: LocalizedText;
}

export interface MappedRow {
  /** The household fields in the shape registration takes, still unvalidated. */
  input: Record<string, unknown>;
  problems: RowProblem[];
}

const GENDER: Record<string, string> = {
  nam: 'male',
  male: 'male',
  m: 'male',
  nu: 'female',
  female: 'female',
  f: 'female',
  khac: 'other',
  other: 'other',
};
const POVERTY: Record<string, string> = {
  ngheo: 'poor',
  'ho ngheo': 'poor',
  poor: 'poor',
  'can ngheo': 'near_poor',
  'ho can ngheo': 'near_poor',
  'near poor': 'near_poor',
};
const RECEIVER: Record<string, string> = {
  'dvb t2': 'dvb-t2',
  dvbt2: 'dvb-t2',
  'mat dat': 'dvb-t2',
  terrestrial: 'dvb-t2',
  've tinh': 'satellite',
  satellite: 'satellite',
  dth: 'satellite',
};
/** A cell's word as the tables below spell it; the common spellings skip the folding. */
function wordKey(text: string): string {
  return WORD_KEYS.get(text) ?? headerKey(text);
}

const YES = new Set(['co', 'x', 'yes', 'y', 'true', '1']);
const NO = new Set(['khong', 'no', 'n', 'false', '0']);

const WORD_KEYS = new Map(
  ['Có', 'Không', 'Nghèo', 'Cận nghèo', 'Nam', 'Nữ', 'DVB-T2', 'Vệ tinh'].map((w) => [w, headerKey(w)]),
);

const ALLOWED_TEXT: Partial<Record<ImportField, LocalizedText>> = {
  gender: { vi: 'Nam, Nữ, Khác', en: 'male, female, other' },
  poverty_status: { vi: 'Nghèo, Cận nghèo', en: 'poor, near_poor' },
  receiver_type: { vi: 'DVB-T2, Vệ tinh', en: 'dvb-t2, satellite' },
  has_tv: { vi: 'Có, Không', en: 'yes, no' },
  has_paid_tv: { vi: 'Có, Không', en: 'yes, no' },
  has_digital_tv: { vi: 'Có, Không', en: 'yes, no' },
};

function notOneOf(field: ImportField, value: string): RowProblem {
  const allowed = ALLOWED_TEXT[field] ?? { vi: '', en: '' };
  return {
    field,
    value,
    reason: {
      vi: `${COLUMN[field].vi}: "${value}" không phải một trong các giá trị ${allowed.vi}`,
      en: `${field}: "${value}" is not one of ${allowed.en}`,
    },
  };
}

/**
 * Excel stores a typed ID as a number: "001085012345" becomes 1085012345. From a numeric .xlsx
 * cell the lost zeros are certain and put back (CCCD 12 digits, CMND 9). From CSV text a short ID
 * may as well be a typo, so it is refused with a hint rather than guessed.
 */
function nationalIdOf(cell: Cell, text: string): { id: string } | { problem: LocalizedText } {
  if (typeof cell === 'number' && Number.isSafeInteger(cell) && cell > 0) {
    const digits = String(cell);
    if (digits.length === 10 || digits.length === 11) return { id: digits.padStart(12, '0') };
    if (digits.length === 8) return { id: digits.padStart(9, '0') };
    return { id: digits };
  }
  const id = text.replace(/[\s.]/g, '');
  if (/^\d+(\.\d+)?e\+?\d+$/i.test(id)) {
    return {
      problem: {
        vi: `Số CCCD/CMND: "${text}" bị Excel đổi sang dạng số mũ; hãy định dạng cột là Text và nhập lại`,
        en: `national_id: "${text}" was turned into scientific notation by Excel; format the column as Text and retype it`,
      },
    };
  }
  if (/^\d{8}$|^\d{10,11}$/.test(id)) {
    return {
      problem: {
        vi: `Số CCCD/CMND: "${text}" có ${id.length} số, cần 12 số (CCCD) hoặc 9 số (CMND); có thể Excel đã bỏ số 0 ở đầu — hãy định dạng cột là Text`,
        en: `national_id: "${text}" has ${id.length} digits, not 12 (CCCD) or 9 (CMND); Excel may have dropped leading zeros — format the column as Text`,
      },
    };
  }
  return { id };
}

/**
 * "912345678" (Excel dropped the 0) is unambiguous: a Vietnamese mobile number has nine digits after
 * it, a landline (2x or 2xx area code) nine or ten starting with 2.
 */
function phoneOf(cell: Cell, text: string): string {
  const digits = typeof cell === 'number' ? String(cell) : text;
  return /^[35789]\d{8}$|^2\d{8,9}$/.test(digits) ? `0${digits}` : digits;
}

function setPath(target: Record<string, unknown>, path: string, value: unknown): void {
  const [first, second] = path.split('.');
  if (!second) {
    target[first] = value;
    return;
  }
  const inner = (target[first] ??= {}) as Record<string, unknown>;
  inner[second] = value;
}

/** One data row in the shape `householdFieldsSchema` checks; empty cells are left out. */
export function mapImportRow(header: ImportHeader, cells: readonly Cell[]): MappedRow {
  // An empty head still goes to Joi, so that each missing part of it is named.
  const input: Record<string, unknown> = { head: {} };
  const problems: RowProblem[] = [];
  for (const column of IMPORT_COLUMNS) {
    const { field, path } = column;
    const { cell, text } = valueOf(header, cells, field);
    if (!text) {
      // A survey marks what a household has; an empty "paid TV" or "DVB-T2" cell means it has not.
      if (field === 'has_paid_tv' || field === 'has_digital_tv') setPath(input, path, false);
      continue;
    }
    switch (field) {
      case 'national_id': {
        const id = nationalIdOf(cell, text);
        if ('problem' in id) problems.push({ field, value: text, reason: id.problem });
        else setPath(input, path, id.id);
        break;
      }
      case 'phone':
        setPath(input, path, phoneOf(cell, text));
        break;
      case 'gender':
      case 'poverty_status':
      case 'receiver_type': {
        const table = field === 'gender' ? GENDER : field === 'poverty_status' ? POVERTY : RECEIVER;
        const value = table[wordKey(text)];
        if (value) setPath(input, path, value);
        else problems.push(notOneOf(field, text));
        break;
      }
      case 'has_tv':
      case 'has_paid_tv':
      case 'has_digital_tv':
        if (YES.has(wordKey(text))) setPath(input, path, true);
        else if (NO.has(wordKey(text))) setPath(input, path, false);
        else problems.push(notOneOf(field, text));
        break;
      case 'birth_year':
        setPath(input, path, birthYearOf(cell, text));
        break;
      case 'list_year':
      case 'member_count':
        setPath(input, path, typeof cell === 'number' ? cell : text);
        break;
      default:
        setPath(input, path, text);
    }
  }
  return { input, problems };
}

/** The column whose value failed a check at `path` ("head.nationalId" → national_id). */
export function fieldOfPath(path: string): ImportField | undefined {
  return IMPORT_COLUMNS.find((c) => c.path === path)?.field;
}

/**
 * A validation message about `path`, reworded to name the column the clerk sees. Messages start with
 * the field's label ("Số CCCD/CMND của chủ hộ: …", http/joi-messages.ts); older ones with the path.
 */
export function reasonForColumn(field: ImportField, path: string, message: LocalizedText): LocalizedText {
  const rename = (m: string, column: string) =>
    m.includes(path) ? m.replace(path, column) : m.replace(/^[^:]*:/, `${column}:`);
  return { vi: rename(message.vi, COLUMN[field].vi), en: rename(message.en, field) };
}
