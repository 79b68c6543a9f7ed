import type { LocalizedText } from '../errors';
import { foldVietnamese } from '../vietnamese';
import { cellText, type Cell } from '../spreadsheets/cells';
import { birthYearOf } from './birth-year';

// The survey-list template (issue item 7): which spreadsheet column feeds which household field.
// Pure: header names are matched without case, diacritics, punctuation or a bracketed hint
// ("Giới tính (Nam/Nữ)" is "gioi tinh"), and cell text is turned into the shape the Joi schema of
// one household checks. Joi then judges formats and ranges; this module only names what it cannot
// express (Vietnamese words for enum values, Excel's mangling of numbers).

export const IMPORT_FIELDS = [
  'village',
  'head_name',
  'national_id',
  'birth_year',
  'gender',
  'phone',
  'poverty_status',
  'certificate_no',
  'list_year',
  'member_count',
  'has_tv',
  'has_paid_tv',
  'has_digital_tv',
  'receiver_type',
  'address',
  'notes',
] as const;
export type ImportField = (typeof IMPORT_FIELDS)[number];

export interface ImportColumn {
  field: ImportField;
  /** The template's Vietnamese header; the English header is `field` itself. */
  vi: string;
  required: boolean;
  /** The household field path Joi reports problems under. */
  path: string;
  aliases: readonly string[];
  example: { vi: string; en: string };
  /** What the cell holds, for the documentation of the template. */
  accepts: string;
}

const YES_NO = 'Có/Không (also x, yes/no, true/false, 1/0)';

export const IMPORT_COLUMNS: readonly ImportColumn[] = [
  {
    field: 'village',
    vi: 'Thôn/Ấp',
    required: true,
    path: 'village',
    aliases: [
      'thôn',
      'ấp',
      'thôn/ấp/khóm',
      'thôn/xóm',
      'thôn/bản',
      'thôn/tổ',
      'khóm',
      'bản',
      'xóm',
      'tổ dân phố',
    ],
    example: { vi: 'Thôn Đồng Sơn', en: 'Thôn Đồng Sơn' },
    accepts: 'village, hamlet or residential group (thôn, ấp, bản, khóm, tổ dân phố)',
  },
  {
    field: 'head_name',
    vi: 'Họ tên chủ hộ',
    required: true,
    path: 'head.fullName',
    aliases: [
      'họ và tên chủ hộ',
      'tên chủ hộ',
      'chủ hộ',
      'họ và tên',
      'họ tên',
      'head of household',
      'full name',
    ],
    example: { vi: 'Nguyễn Thị Hoà', en: 'Nguyễn Thị Hoà' },
    accepts: 'full name of the head of household, with diacritics',
  },
  {
    field: 'national_id',
    vi: 'Số CCCD/CMND',
    required: true,
    path: 'head.nationalId',
    aliases: ['cccd/cmnd', 'cmnd/cccd', 'số cmnd/cccd', 'cccd', 'cmnd', 'số cccd', 'số cmnd', 'số định danh'],
    example: { vi: '025185001234', en: '025185001234' },
    accepts: '12-digit CCCD or 9-digit CMND; format the column as Text so Excel keeps leading zeros',
  },
  {
    field: 'birth_year',
    vi: 'Năm sinh',
    required: false,
    path: 'head.birthYear',
    aliases: [
      'năm sinh chủ hộ',
      'ngày sinh',
      'ngày tháng năm sinh',
      'ngày sinh chủ hộ',
      'year of birth',
      'date of birth',
      'birth date',
    ],
    example: { vi: '1968', en: '1968' },
    accepts: 'year (1968) or full birth date (12/03/1968, or an Excel date); the year is kept',
  },
  {
    field: 'gender',
    vi: 'Giới tính',
    required: false,
    path: 'head.gender',
    aliases: ['sex'],
    example: { vi: 'Nữ', en: 'female' },
    accepts: 'Nam/Nữ/Khác (male/female/other)',
  },
  {
    field: 'phone',
    vi: 'Số điện thoại',
    required: false,
    path: 'phone',
    aliases: ['điện thoại', 'sđt', 'số đt', 'phone number', 'mobile'],
    example: { vi: '0912345678', en: '0912345678' },
    accepts: 'Vietnamese mobile number (0912 345 678, +84 912 345 678, 912345678)',
  },
  {
    field: 'poverty_status',
    vi: 'Diện hộ',
    required: true,
    path: 'povertyStatus',
    aliases: ['diện', 'loại hộ', 'phân loại hộ', 'hộ nghèo/cận nghèo', 'poverty status'],
    example: { vi: 'Nghèo', en: 'poor' },
    accepts: 'Nghèo/Cận nghèo (poor/near_poor)',
  },
  {
    field: 'certificate_no',
    vi: 'Số giấy chứng nhận',
    required: false,
    path: 'povertyCertificateNo',
    aliases: ['số gcn', 'số giấy chứng nhận hộ nghèo', 'giấy chứng nhận', 'certificate number'],
    example: { vi: 'GCN-2024-0123', en: 'GCN-2024-0123' },
    accepts: 'poverty certificate number',
  },
  {
    field: 'list_year',
    vi: 'Năm danh sách',
    required: true,
    path: 'povertyListYear',
    aliases: ['năm danh sách hộ nghèo', 'năm rà soát', 'list year'],
    example: { vi: '2024', en: '2024' },
    accepts: 'year of the approved poor/near-poor list',
  },
  {
    field: 'member_count',
    vi: 'Số nhân khẩu',
    required: false,
    path: 'memberCount',
    aliases: ['nhân khẩu', 'số khẩu', 'số người', 'members', 'member count'],
    example: { vi: '4', en: '4' },
    accepts: 'number of members, 1–50',
  },
  {
    field: 'has_tv',
    vi: 'Có ti vi',
    required: true,
    path: 'hasTv',
    aliases: ['có tivi', 'có tv', 'ti vi', 'tivi', 'tv', 'has tv'],
    example: { vi: 'Có', en: 'yes' },
    accepts: YES_NO,
  },
  {
    field: 'has_paid_tv',
    vi: 'Truyền hình trả tiền',
    required: false,
    path: 'hasPaidTv',
    aliases: ['có truyền hình trả tiền', 'đang dùng truyền hình trả tiền', 'truyền hình cáp', 'paid tv'],
    example: { vi: 'Không', en: 'no' },
    accepts: `${YES_NO}; empty means Không`,
  },
  {
    field: 'has_digital_tv',
    vi: 'Đã xem DVB-T2',
    required: false,
    path: 'hasDigitalTv',
    aliases: ['đã xem được dvb-t2', 'đã có dvb-t2', 'đã xem truyền hình số', 'digital tv'],
    example: { vi: 'Không', en: 'no' },
    accepts: `${YES_NO}; empty means Không`,
  },
  {
    field: 'receiver_type',
    vi: 'Loại đầu thu',
    required: false,
    path: 'receiverType',
    aliases: ['đầu thu', 'receiver type', 'receiver'],
    example: { vi: 'DVB-T2', en: 'dvb-t2' },
    accepts: 'DVB-T2 (mặt đất) or Vệ tinh (satellite); empty means the commune’s default',
  },
  {
    field: 'address',
    vi: 'Địa chỉ',
    required: false,
    path: 'address',
    aliases: ['địa chỉ chi tiết'],
    example: { vi: 'Xóm 2, Thôn Đồng Sơn', en: 'Xóm 2, Thôn Đồng Sơn' },
    accepts: 'free text',
  },
  {
    field: 'notes',
    vi: 'Ghi chú',
    required: false,
    path: 'notes',
    aliases: ['note'],
    example: { vi: '', en: '' },
    accepts: 'free text',
  },
];

const COLUMN: Record<ImportField, ImportColumn> = Object.fromEntries(
  IMPORT_COLUMNS.map((c) => [c.field, c]),
) as Record<ImportField, ImportColumn>;

/** "Số CCCD/CMND (12 số)" → "so cccd cmnd": no marks, case, punctuation or bracketed hints. */
function headerKey(header: string): string {
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

function valueOf(
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

function columnLabel(field: ImportField, lang: 'vi' | 'en'): string {
  return lang === 'vi' ? COLUMN[field].vi : field;
}

/** The downloadable template: the header row and one example row. */
export function importTemplate(lang: 'vi' | 'en'): { headers: string[]; example: string[] } {
  return {
    headers: IMPORT_COLUMNS.map((c) => columnLabel(c.field, lang)),
    example: IMPORT_COLUMNS.map((c) => c.example[lang]),
  };
}

/** The text of a field's cell in a row, as the clerk typed it (for the report). */
export function fieldText(header: ImportHeader, cells: readonly Cell[], field: ImportField): string {
  return valueOf(header, cells, field).text;
}
