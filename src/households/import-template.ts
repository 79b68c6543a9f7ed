import { IMPORT_COLUMNS, importTemplate, type ImportField } from './import-columns';
import { toCsv } from '../spreadsheets/csv';
import { xlsxWorkbook, type SheetColumn } from '../spreadsheets/xlsx';

// The import template: as CSV, and as .xlsx (DESIGN §14): the header row, one example household, the ID, phone and
// certificate columns stored as text so Excel keeps their leading zeros, and a sheet of instructions.

const TEXT_FIELDS: ReadonlySet<ImportField> = new Set(['national_id', 'phone', 'certificate_no']);

/** What each column holds, for the clerk (Vietnamese first; `accepts` is the English of it). */
const ACCEPTS_VI: Record<ImportField, string> = {
  village: 'Tên thôn, ấp, bản, khóm hoặc tổ dân phố',
  head_name: 'Họ và tên chủ hộ, có dấu',
  national_id: 'Số CCCD 12 số hoặc CMND 9 số; cột đã định dạng Văn bản (Text) để giữ số 0 ở đầu',
  birth_year: 'Năm sinh (1968) hoặc ngày sinh đầy đủ (12/03/1968); hệ thống lấy năm',
  gender: 'Nam, Nữ hoặc Khác',
  phone: 'Số di động (0912 345 678) hoặc số cố định (0210 3845 678)',
  poverty_status: 'Nghèo hoặc Cận nghèo',
  certificate_no: 'Số giấy chứng nhận hộ nghèo/cận nghèo',
  list_year: 'Năm của danh sách hộ nghèo, cận nghèo đã phê duyệt',
  member_count: 'Số nhân khẩu, từ 1 đến 50',
  has_tv: 'Có hoặc Không',
  has_paid_tv: 'Có hoặc Không; để trống là Không',
  has_digital_tv: 'Có hoặc Không; để trống là Không',
  receiver_type: 'DVB-T2 (mặt đất) hoặc Vệ tinh; để trống là loại mặc định của xã',
  address: 'Địa chỉ chi tiết',
  notes: 'Ghi chú',
};

const INSTRUCTIONS = {
  vi: {
    name: 'Hướng dẫn',
    title: 'Hướng dẫn điền danh sách hộ nghèo, cận nghèo',
    lines: [
      'Mỗi dòng của trang "Danh sách" là một hộ; dòng 2 là ví dụ, hãy xoá hoặc ghi đè.',
      'Các cột có dấu * là bắt buộc. Có thể thêm dòng tiêu đề phía trên và dòng tổng cộng, chữ ký phía dưới: hệ thống bỏ qua.',
      'Số CCCD/CMND, số điện thoại, số giấy chứng nhận là cột Văn bản: giữ nguyên số 0 ở đầu, không gõ dấu nháy.',
      'Tải tệp lên mục Nhập danh sách, chạy thử để xem báo cáo từng dòng trước khi nhập thật. Nhập lại cùng tệp không tạo hộ trùng.',
    ],
    headers: ['Cột', 'Bắt buộc', 'Nội dung'],
    yes: 'Có',
    no: 'Không',
  },
  en: {
    name: 'Instructions',
    title: 'How to fill in the poor and near-poor household list',
    lines: [
      'Each row of the "Households" sheet is one household; row 2 is an example: delete or overwrite it.',
      'Columns marked * are required. Title rows above the header and totals or signature rows below the list are skipped.',
      'The national ID, phone and certificate columns are Text: leading zeros stay; no apostrophe needed.',
      'Upload the file under Import, run a dry run to read the row report, then import. Importing the same file again creates no duplicates.',
    ],
    headers: ['Column', 'Required', 'Holds'],
    yes: 'yes',
    no: 'no',
  },
} as const;

/** The import template as an .xlsx workbook (the "Danh sách" sheet, then the instructions). */
export async function householdImportTemplateXlsx(lang: 'vi' | 'en'): Promise<Buffer> {
  const { headers, example } = importTemplate(lang);
  const columns: SheetColumn<string[]>[] = IMPORT_COLUMNS.map((c, i) => ({
    header: c.required ? `${headers[i]} *` : headers[i],
    kind: TEXT_FIELDS.has(c.field) ? 'text' : 'plain',
    width: Math.max(12, headers[i].length + 4),
    value: (row) => {
      const v = row[i];
      // Years and counts are numbers in the example, as the clerk will type them.
      return !TEXT_FIELDS.has(c.field) && /^\d+$/.test(v) ? Number(v) : v;
    },
  }));
  const words = INSTRUCTIONS[lang];
  return xlsxWorkbook(lang === 'vi' ? 'Danh sách' : 'Households', columns, [example], {
    name: words.name,
    title: words.title,
    lines: [...words.lines],
    table: {
      headers: [...words.headers],
      rows: IMPORT_COLUMNS.map((c, i) => [
        headers[i],
        c.required ? words.yes : words.no,
        lang === 'vi' ? ACCEPTS_VI[c.field] : c.accepts,
      ]),
    },
  });
}

/** The CSV a commune fills in: the header row (Vietnamese or English) and one example household. */
export function householdImportTemplate(lang: 'vi' | 'en'): string {
  const { headers, example } = importTemplate(lang);
  return toCsv(
    [example],
    headers.map((label, i) => ({ label, value: (row: string[]) => row[i] })),
  );
}
