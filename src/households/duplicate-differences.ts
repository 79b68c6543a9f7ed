// Which fields differ between a household and a possible duplicate of it, for the side-by-side
// review (DESIGN §4: flagged, resolved at review). Pure: compares the records as the API answers them.

export interface ComparedHousehold {
  area: { communeCode: string };
  village: string;
  address: string | null;
  head: { fullName: string; nationalId: string; birthYear: number | null; gender: string | null };
  phone: string | null;
  povertyStatus: string;
  povertyCertificateNo: string | null;
  povertyListYear: number;
  memberCount: number | null;
  hasTv: boolean;
  hasPaidTv: boolean;
  hasDigitalTv: boolean;
  receiverType: string;
  notes: string | null;
}

export interface FieldDifference {
  field: string;
  vi: string;
  en: string;
}

type Value = string | number | boolean | null;

/** In the order of the registration form, with the words a reviewer reads. */
const COMPARED: readonly [string, string, string, (h: ComparedHousehold) => Value][] = [
  ['area.communeCode', 'Xã', 'Commune', (h) => h.area.communeCode],
  ['village', 'Thôn/ấp/khóm', 'Village', (h) => h.village],
  ['address', 'Địa chỉ', 'Address', (h) => h.address],
  ['head.fullName', 'Họ tên chủ hộ', "Head's full name", (h) => h.head.fullName],
  ['head.nationalId', 'Số CCCD/CMND của chủ hộ', "Head's national ID", (h) => h.head.nationalId],
  ['head.birthYear', 'Năm sinh của chủ hộ', "Head's birth year", (h) => h.head.birthYear],
  ['head.gender', 'Giới tính của chủ hộ', "Head's gender", (h) => h.head.gender],
  ['phone', 'Số điện thoại', 'Phone', (h) => h.phone],
  ['povertyStatus', 'Diện hộ (nghèo/cận nghèo)', 'Poverty status', (h) => h.povertyStatus],
  [
    'povertyCertificateNo',
    'Số giấy chứng nhận hộ nghèo',
    'Poverty certificate number',
    (h) => h.povertyCertificateNo,
  ],
  ['povertyListYear', 'Năm danh sách hộ nghèo', 'Poverty list year', (h) => h.povertyListYear],
  ['memberCount', 'Số nhân khẩu', 'Member count', (h) => h.memberCount],
  ['hasTv', 'Có tivi', 'Has a TV', (h) => h.hasTv],
  ['hasPaidTv', 'Có truyền hình trả tiền', 'Has paid TV', (h) => h.hasPaidTv],
  ['hasDigitalTv', 'Đã xem được truyền hình số', 'Already has digital TV', (h) => h.hasDigitalTv],
  ['receiverType', 'Loại đầu thu', 'Receiver type', (h) => h.receiverType],
  ['notes', 'Ghi chú', 'Notes', (h) => h.notes],
];

/** Text compared as a person reads it: case, spacing and Unicode form do not make a difference. */
function comparable(v: Value): Value {
  if (typeof v !== 'string') return v ?? null;
  const t = v.normalize('NFC').trim().replace(/\s+/g, ' ').toLocaleLowerCase('vi');
  return t === '' ? null : t;
}

export function differingFields(a: ComparedHousehold, b: ComparedHousehold): FieldDifference[] {
  return COMPARED.filter(([, , , value]) => comparable(value(a)) !== comparable(value(b))).map(
    ([field, vi, en]) => ({ field, vi, en }),
  );
}
