import type { LocalizedText } from '../errors';

// The words a person reads for each request field, so a validation message names "Số điện thoại",
// not `phone`. Keyed by the field's path without array indexes (`receivers.serial`), else by its
// last segment (`version`). `format` says what a well-formed value looks like, for pattern errors.
// A unit test checks that every field of every request schema has an entry here.

export interface FieldLabel extends LocalizedText {
  format?: LocalizedText;
}

const l = (vi: string, en: string, format?: [string, string]): FieldLabel => ({
  vi,
  en,
  ...(format ? { format: { vi: format[0], en: format[1] } } : {}),
});

const AREA_CODE: [string, string] = [
  'phải là mã đơn vị hành chính gồm 2, 3 hoặc 5 chữ số',
  'must be an area code of 2, 3 or 5 digits',
];
const COMMUNE_CODE: [string, string] = ['phải là mã xã gồm 5 chữ số', 'must be a commune code of 5 digits'];
const PROVINCE_CODE: [string, string] = [
  'phải là mã tỉnh gồm 2 chữ số',
  'must be a province code of 2 digits',
];
const formatOf = ([vi, en]: [string, string]): LocalizedText => ({ vi, en });
/** What a value of the named Joi pattern looks like, when the name says more than the field's label. */
const PATTERN_FORMATS: Record<string, LocalizedText> = {
  'commune code (5 digits)': formatOf(COMMUNE_CODE),
  'province code (2 digits)': formatOf(PROVINCE_CODE),
};

/**
 * The format a named pattern asks for: the acceptance papers take a commune's code in `areaCode`,
 * whose label speaks of any level ("2, 3 or 5 digits" misled for "01").
 */
export function formatOfPattern(name: string | undefined): LocalizedText | undefined {
  return name === undefined ? undefined : PATTERN_FORMATS[name];
}

const DAY: [string, string] = ['phải là ngày dạng YYYY-MM-DD', 'must be a date as YYYY-MM-DD'];

const LABELS: Record<string, FieldLabel> = {
  // households
  communeCode: l('Mã xã', 'Commune code', COMMUNE_CODE),
  village: l('Thôn/ấp/khóm', 'Village'),
  address: l('Địa chỉ', 'Address'),
  head: l('Chủ hộ', 'Head of household'),
  'head.fullName': l('Họ tên chủ hộ', "Head's full name"),
  'head.nationalId': l('Số CCCD/CMND của chủ hộ', "Head's national ID", [
    'phải có 12 chữ số (CCCD) hoặc 9 chữ số (CMND)',
    'must have 12 digits (CCCD) or 9 digits (CMND)',
  ]),
  'head.birthYear': l('Năm sinh của chủ hộ', "Head's birth year"),
  'head.gender': l('Giới tính của chủ hộ', "Head's gender"),
  phone: l('Số điện thoại', 'Phone', [
    'phải có 10 chữ số, bắt đầu bằng 0 (có thể viết +84)',
    'must have 10 digits starting with 0 (+84 accepted)',
  ]),
  povertyStatus: l('Diện hộ (nghèo/cận nghèo)', 'Poverty status'),
  povertyCertificateNo: l('Số giấy chứng nhận hộ nghèo', 'Poverty certificate number'),
  povertyListYear: l('Năm danh sách hộ nghèo', 'Poverty list year'),
  memberCount: l('Số nhân khẩu', 'Member count'),
  hasTv: l('Có tivi', 'Has a TV'),
  hasPaidTv: l('Có truyền hình trả tiền', 'Has paid TV'),
  hasDigitalTv: l('Đã xem được truyền hình số', 'Already has digital TV'),
  receiverType: l('Loại đầu thu', 'Receiver type'),
  notes: l('Ghi chú', 'Notes'),
  version: l('Phiên bản bản ghi', 'Record version'),
  reason: l('Lý do', 'Reason'),
  duplicateOf: l('Hộ bị trùng với', 'Duplicate of'),
  notDuplicate: l('Xác nhận không trùng', 'Not a duplicate'),
  eligible: l('Đủ điều kiện', 'Eligible'),
  needsDuplicateReview: l('Cần xem xét trùng', 'Needs duplicate review'),
  duplicate: l('Nghi trùng', 'Possible duplicate'),
  includeNationalId: l('Kèm số CCCD/CMND', 'Include national IDs'),
  dryRun: l('Chạy thử', 'Dry run'),
  ids: l('Các hộ được chọn', 'Selected households'),
  filter: l('Điều kiện chọn hộ', 'Household filter'),
  // areas
  code: l('Mã đơn vị hành chính', 'Area code', AREA_CODE),
  areaCode: l('Mã đơn vị hành chính', 'Area code', AREA_CODE),
  parentCode: l('Mã đơn vị cấp trên', 'Parent area code', AREA_CODE),
  provinceCode: l('Mã tỉnh', 'Province code', PROVINCE_CODE),
  level: l('Cấp hành chính', 'Area level'),
  poor: l('Số hộ nghèo', 'Poor households'),
  nearPoor: l('Số hộ cận nghèo', 'Near-poor households'),
  listYear: l('Năm danh sách', 'List year'),
  defaultReceiverType: l('Loại đầu thu mặc định', 'Default receiver type'),
  switchOffDate: l('Ngày tắt sóng analog', 'Analog switch-off date', DAY),
  rows: l('Các dòng chỉ tiêu', 'Target rows'),
  'rows.code': l('Mã xã', 'Commune code', COMMUNE_CODE),
  // receivers
  receivers: l('Danh sách đầu thu', 'Receivers'),
  'receivers.serial': l('Số sê-ri đầu thu', 'Receiver serial'),
  'receivers.type': l('Loại đầu thu', 'Receiver type'),
  'receivers.model': l('Kiểu máy', 'Model'),
  'receivers.supplier': l('Nhà cung cấp', 'Supplier'),
  'receivers.lot': l('Lô hàng', 'Lot'),
  serial: l('Số sê-ri đầu thu', 'Receiver serial', [
    'gồm 4–40 chữ cái, chữ số hoặc dấu gạch ngang',
    'must be 4–40 letters, digits or hyphens',
  ]),
  serials: l('Các số sê-ri đầu thu', 'Receiver serials'),
  type: l('Loại đầu thu', 'Receiver type'),
  action: l('Thao tác', 'Action'),
  // batches and deliveries
  name: l('Tên', 'Name'),
  phase: l('Đợt số', 'Phase number'),
  communeCodes: l('Các mã xã', 'Commune codes', COMMUNE_CODE),
  installerIds: l('Tổ lắp đặt', 'Installers'),
  plannedStart: l('Ngày bắt đầu dự kiến', 'Planned start'),
  plannedEnd: l('Ngày kết thúc dự kiến', 'Planned end'),
  householdIds: l('Các hộ gia đình', 'Households'),
  limit: l('Số lượng tối đa', 'Limit'),
  count: l('Số lượng', 'Count'),
  batchId: l('Đợt lắp đặt', 'Batch'),
  mine: l('Chỉ của tôi', 'Mine only'),
  recipientName: l('Họ tên người nhận', 'Recipient name'),
  recipientIdLast4: l('4 số cuối CCCD/CMND người nhận', "Last 4 digits of the recipient's ID", [
    'phải là 4 chữ số',
    'must be 4 digits',
  ]),
  deliveredAt: l('Thời điểm bàn giao', 'Delivered at'),
  capturedAt: l('Thời điểm ghi trên máy', 'Captured at (device time)'),
  recipientRelation: l('Quan hệ với chủ hộ', 'Relation to the head'),
  paperHandoverNumber: l('Số biên bản giấy', 'Paper handover record number'),
  oldReceiverStatus: l('Tình trạng đầu thu cũ', 'Old receiver status'),
  expires: l('Hạn của đường dẫn', 'Link expiry'),
  signature: l('Chữ ký của đường dẫn', 'Link signature'),
  signalReceived: l('Thu được tín hiệu', 'Signal received'),
  location: l('Vị trí', 'Location'),
  'location.lat': l('Vĩ độ', 'Latitude'),
  'location.lng': l('Kinh độ', 'Longitude'),
  'location.accuracyM': l('Độ chính xác vị trí (m)', 'Location accuracy (m)'),
  // inspections
  rate: l('Tỷ lệ chọn mẫu', 'Sample rate'),
  size: l('Cỡ mẫu', 'Sample size'),
  seed: l('Số khởi tạo ngẫu nhiên', 'Random seed'),
  deliveredFrom: l('Bàn giao từ ngày', 'Delivered from'),
  deliveredTo: l('Bàn giao đến ngày', 'Delivered to'),
  sampleId: l('Đợt chọn mẫu', 'Sample'),
  result: l('Kết quả kiểm tra', 'Inspection result'),
  inspectedAt: l('Thời điểm kiểm tra', 'Inspected at'),
  // users
  username: l('Tên đăng nhập', 'Username', [
    'gồm 3–40 chữ thường, chữ số, dấu chấm, gạch dưới hoặc gạch ngang',
    'must be 3–40 lower-case letters, digits, dots, underscores or hyphens',
  ]),
  password: l('Mật khẩu', 'Password'),
  currentPassword: l('Mật khẩu hiện tại', 'Current password'),
  newPassword: l('Mật khẩu mới', 'New password'),
  fullName: l('Họ tên', 'Full name'),
  role: l('Vai trò', 'Role'),
  active: l('Đang hoạt động', 'Active'),
  // lists, reports, audit
  id: l('Mã bản ghi', 'Record id', ['phải là mã gồm 24 ký tự 0–9, a–f', 'must be an id of 24 hex digits']),
  q: l('Từ khoá tìm kiếm', 'Search text'),
  page: l('Trang', 'Page'),
  pageSize: l('Số dòng mỗi trang', 'Page size'),
  status: l('Trạng thái', 'Status'),
  format: l('Định dạng', 'Format'),
  lang: l('Ngôn ngữ', 'Language'),
  belowRate: l('Tỷ lệ phủ dưới', 'Coverage below'),
  sort: l('Sắp xếp theo', 'Sort by'),
  order: l('Thứ tự', 'Order'),
  granularity: l('Theo khoảng', 'Granularity'),
  windowDays: l('Số ngày để tính tốc độ', 'Window (days)'),
  willMiss: l('Chỉ các địa bàn không kịp ngày tắt sóng', 'Only areas that will miss the switch-off'),
  from: l('Từ ngày', 'From', DAY),
  to: l('Đến ngày', 'To', DAY),
  entityType: l('Loại đối tượng', 'Entity type'),
  entityId: l('Mã đối tượng', 'Entity id'),
  actorId: l('Người thực hiện', 'Actor'),
  // stock and paperwork
  lot: l('Lô hàng', 'Lot'),
  supplier: l('Nhà cung cấp', 'Supplier'),
};

const WHOLE_INPUT: FieldLabel = { vi: 'Dữ liệu gửi lên', en: 'The input' };

/** The label of a field, with the item number for array items ("Các mã xã (mục 2)"). */
export function labelOf(path: readonly (string | number)[]): FieldLabel {
  if (path.length === 0) return WHOLE_INPUT;
  const names = path.filter((p): p is string => typeof p === 'string');
  const found = catalogueEntry(names);
  const base = found ?? { vi: names.join('.'), en: names.join('.') };
  const index = [...path].reverse().find((p): p is number => typeof p === 'number');
  if (index === undefined) return base;
  return { ...base, vi: `${base.vi} (mục ${index + 1})`, en: `${base.en} (item ${index + 1})` };
}

/** The catalogue's entry for a path of names, if any (exported for the completeness test). */
export function catalogueEntry(names: readonly string[]): FieldLabel | undefined {
  if (names.length === 0) return WHOLE_INPUT;
  return LABELS[names.join('.')] ?? LABELS[names[names.length - 1]];
}
