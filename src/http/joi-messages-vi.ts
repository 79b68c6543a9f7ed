import type Joi from 'joi';

// Vietnamese for the Joi errors our schemas can raise, so a commune clerk reads which field is wrong
// and why in their language. The English text stays Joi's own.
type Ctx = Joi.Context & { limit?: unknown; valids?: unknown[]; name?: string };

const TEMPLATES: Record<string, (label: string, c: Ctx) => string> = {
  'any.required': (l) => `${l}: bắt buộc phải nhập`,
  'any.only': (l, c) => `${l}: phải là một trong các giá trị ${(c.valids ?? []).join(', ')}`,
  'any.invalid': (l) => `${l}: giá trị không được phép`,
  'any.unknown': (l) => `${l}: không được phép gửi trường này`,
  'string.base': (l) => `${l}: phải là chuỗi ký tự`,
  'string.empty': (l) => `${l}: không được để trống`,
  'string.min': (l, c) => `${l}: cần ít nhất ${String(c.limit)} ký tự`,
  'string.max': (l, c) => `${l}: tối đa ${String(c.limit)} ký tự`,
  'string.length': (l, c) => `${l}: phải có đúng ${String(c.limit)} ký tự`,
  'string.pattern.base': (l, c) => `${l}: không đúng định dạng${c.name ? ` (${c.name})` : ''}`,
  'string.pattern.name': (l, c) => `${l}: không đúng định dạng${c.name ? ` (${c.name})` : ''}`,
  'string.hex': (l) => `${l}: mã không hợp lệ`,
  'string.hostname': (l) => `${l}: tên máy không hợp lệ`,
  'string.email': (l) => `${l}: địa chỉ email không hợp lệ`,
  'string.isoDate': (l) => `${l}: ngày phải theo dạng ISO 8601 (YYYY-MM-DD)`,
  'number.base': (l) => `${l}: phải là số`,
  'number.integer': (l) => `${l}: phải là số nguyên`,
  'number.min': (l, c) => `${l}: không được nhỏ hơn ${String(c.limit)}`,
  'number.max': (l, c) => `${l}: không được lớn hơn ${String(c.limit)}`,
  'number.unsafe': (l) => `${l}: số quá lớn`,
  'boolean.base': (l) => `${l}: phải là true hoặc false`,
  'date.base': (l) => `${l}: ngày không hợp lệ`,
  'date.format': (l) => `${l}: ngày phải theo dạng ISO 8601 (YYYY-MM-DD)`,
  'date.min': (l) => `${l}: ngày quá sớm`,
  'date.max': (l) => `${l}: ngày quá muộn`,
  'array.base': (l) => `${l}: phải là danh sách`,
  'array.min': (l, c) => `${l}: cần ít nhất ${String(c.limit)} phần tử`,
  'array.max': (l, c) => `${l}: tối đa ${String(c.limit)} phần tử`,
  'array.unique': (l) => `${l}: có phần tử bị trùng`,
  'object.base': (l) => `${l}: phải là một đối tượng JSON`,
  'object.min': (l) => `${l}: cần ít nhất một trường`,
  'object.missing': (l) => `${l}: thiếu trường bắt buộc`,
};

export function describeInVietnamese(detail: Joi.ValidationErrorItem): string {
  const label = detail.path.length ? detail.path.join('.') : 'dữ liệu';
  const template = TEMPLATES[detail.type];
  return template ? template(label, (detail.context ?? {}) as Ctx) : `${label}: giá trị không hợp lệ`;
}
