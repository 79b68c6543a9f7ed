import type Joi from 'joi';
import type { LocalizedText } from '../errors';
import { formatOfPattern, labelOf, type FieldLabel } from './field-labels';

// The Joi errors our schemas can raise, in words a commune clerk reads: the field's label from the
// catalogue (field-labels.ts), then what to do, in Vietnamese and in English (Accept-Language: en).
// Joi's own English ("\"phone\" must match pattern …") names code, not fields, so it is not used.
type Ctx = Joi.Context & { limit?: unknown; valids?: unknown[]; name?: string; child?: string };
type Template = (c: Ctx, label: FieldLabel) => [vi: string, en: string];

const list = (c: Ctx) => (c.valids ?? []).map(String).join(', ');
const badFormat: Template = (_c, label) => [
  label.format?.vi ?? 'không đúng định dạng',
  label.format?.en ?? 'is not in the expected format',
];

const TEMPLATES: Record<string, Template> = {
  'any.required': () => ['bắt buộc phải nhập', 'is required'],
  'any.only': (c) => [`phải là một trong các giá trị: ${list(c)}`, `must be one of: ${list(c)}`],
  'any.invalid': () => ['giá trị không được phép', 'this value is not allowed'],
  'any.unknown': () => ['không được phép gửi trường này', 'is not allowed'],
  'string.base': () => ['phải là chuỗi ký tự', 'must be text'],
  'string.empty': () => ['không được để trống', 'must not be empty'],
  'string.min': (c) => [
    `cần ít nhất ${String(c.limit)} ký tự`,
    `needs at least ${String(c.limit)} characters`,
  ],
  'string.max': (c) => [`tối đa ${String(c.limit)} ký tự`, `at most ${String(c.limit)} characters`],
  'string.length': (c) => [
    `phải có đúng ${String(c.limit)} ký tự`,
    `must have exactly ${String(c.limit)} characters`,
  ],
  'string.pattern.base': badFormat,
  // A pattern of one level's area code says so, on a field that may hold any level's ("areaCode").
  'string.pattern.name': (c, label) => {
    const named = formatOfPattern(c.name);
    return named ? [named.vi, named.en] : badFormat(c, label);
  },
  'string.hex': badFormat,
  'string.hostname': () => ['tên máy không hợp lệ', 'is not a valid host name'],
  'string.email': () => ['địa chỉ email không hợp lệ', 'is not a valid email address'],
  'string.isoDate': () => [
    'ngày phải theo dạng ISO 8601 (YYYY-MM-DD)',
    'must be an ISO 8601 date (YYYY-MM-DD)',
  ],
  'string.controlChars': () => [
    'có ký tự điều khiển không được phép (như NUL hoặc ký tự vô hình); hãy xoá rồi gõ lại',
    'contains a control character (such as NUL, or an invisible one); remove it and type it again',
  ],
  'number.base': () => ['phải là số', 'must be a number'],
  'number.integer': () => ['phải là số nguyên', 'must be a whole number'],
  'number.min': (c) => [`không được nhỏ hơn ${String(c.limit)}`, `must be at least ${String(c.limit)}`],
  'number.max': (c) => [`không được lớn hơn ${String(c.limit)}`, `must be at most ${String(c.limit)}`],
  'number.greater': (c) => [`phải lớn hơn ${String(c.limit)}`, `must be greater than ${String(c.limit)}`],
  'number.less': (c) => [`phải nhỏ hơn ${String(c.limit)}`, `must be less than ${String(c.limit)}`],
  'number.unsafe': () => ['số quá lớn', 'is too large a number'],
  'boolean.base': () => ['phải là true hoặc false', 'must be true or false'],
  'date.base': () => ['ngày không hợp lệ', 'is not a valid date'],
  'date.format': () => ['ngày phải theo dạng ISO 8601 (YYYY-MM-DD)', 'must be an ISO 8601 date (YYYY-MM-DD)'],
  'date.min': () => ['ngày quá sớm', 'is too early'],
  'date.max': () => ['ngày quá muộn', 'is too late'],
  'array.base': () => ['phải là danh sách', 'must be a list'],
  'array.min': (c) => [`cần ít nhất ${String(c.limit)} phần tử`, `needs at least ${String(c.limit)} items`],
  'array.max': (c) => [`tối đa ${String(c.limit)} phần tử`, `at most ${String(c.limit)} items`],
  'array.unique': () => ['có phần tử bị trùng', 'has a repeated item'],
  'array.sparse': () => ['có phần tử trống', 'has an empty item'],
  'object.base': () => ['phải là một đối tượng JSON', 'must be a JSON object'],
  'object.min': () => ['cần ít nhất một trường', 'needs at least one field'],
  'object.missing': () => ['thiếu trường bắt buộc', 'is missing a required field'],
  'object.unknown': () => [
    'không có tham số này; hãy kiểm tra lại tên (xem tài liệu API)',
    'is not a known parameter; check its name (see the API document)',
  ],
  'object.and': () => ['cần nhập đủ các trường đi cùng nhau', 'needs its companion fields too'],
  'object.nand': () => ['không được nhập cùng lúc các trường này', 'these fields may not be given together'],
  'object.xor': () => ['chỉ được nhập một trong các trường này', 'give exactly one of these fields'],
  'object.oxor': () => ['chỉ được nhập tối đa một trong các trường này', 'give at most one of these fields'],
  'object.with': () => ['cần nhập kèm trường liên quan', 'needs its companion field'],
  'object.without': () => ['không được nhập cùng trường liên quan', 'may not be given with another field'],
  'alternatives.match': () => ['không đúng kiểu dữ liệu', 'is not in an accepted form'],
  'alternatives.types': () => ['không đúng kiểu dữ liệu', 'is not in an accepted form'],
};

/** One Joi problem as `{vi, en}`, each starting with the field's label in that language. */
export function describeProblem(
  detail: Pick<Joi.ValidationErrorItem, 'path' | 'type' | 'context'>,
): LocalizedText {
  const label = labelOf(detail.path);
  const template = TEMPLATES[detail.type] ?? (() => ['giá trị không hợp lệ', 'is not valid']);
  const [vi, en] = template((detail.context ?? {}) as Ctx, label);
  return { vi: `${label.vi}: ${vi}`, en: `${label.en}: ${en}` };
}
