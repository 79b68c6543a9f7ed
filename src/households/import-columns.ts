// The survey-list template (issue item 7): which spreadsheet column feeds which household field, its
// headers, aliases and example, as data. Pure. The header row is read by import-header.ts, a data row
// by import-row.ts.

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

/** Each field's column. */
export const COLUMN: Record<ImportField, ImportColumn> = Object.fromEntries(
  IMPORT_COLUMNS.map((c) => [c.field, c]),
) as Record<ImportField, ImportColumn>;

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
