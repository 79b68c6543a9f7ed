import { Types } from 'mongoose';
import * as areas from '../areas/service';
import { NotFoundError, text } from '../errors';
import { bookSheet, xlsxBook, type SheetColumn } from '../spreadsheets/xlsx';
import { isWithinScope, SYSTEM_ACTOR, type Actor } from '../users/roles';
import * as users from '../users/service';
import { vietnamDay } from '../vietnam-time';
import { InspectionModel } from './model';
import { INSPECTION_RESULT_VI } from './results';
import { InspectionSampleModel } from './sample-model';
import { toInspectionSample } from './samples';
import { toInspection } from './service';
import type { SampleFieldList } from './shapes';

// A drawn sample as the field team takes it out (issue 13 item 6): the sample (seed, rule, who drew
// it) and its inspections in visiting order, with commune names; and the same list as .xlsx, phones
// and serials as text, an empty result column for the inspector to fill in.

const sampleNotFound = (id: string) =>
  new NotFoundError(text(`Không tìm thấy mẫu kiểm tra ${id}`, `No inspection sample ${id}`));

async function drawerName(userId: string): Promise<string | null> {
  if (!Types.ObjectId.isValid(userId)) return null; // drawn by a script (the system actor)
  return (await users.getUser(userId, SYSTEM_ACTOR)).fullName;
}

/**
 * One sample with its inspections in visiting order. Admins see every sample, officials those whose
 * area is inside theirs; anything else (an unknown id too) is NotFoundError.
 */
export async function getSampleFieldList(id: string, actor: Actor): Promise<SampleFieldList> {
  if (!Types.ObjectId.isValid(id)) throw sampleNotFound(id);
  const doc = await InspectionSampleModel.findById(id).lean();
  const visible =
    actor.role === 'admin' || (actor.role === 'official' && doc && isWithinScope(actor.scope, doc.area));
  if (!doc || !visible) throw sampleNotFound(id);
  const sample = toInspectionSample(doc);
  const docs = await InspectionModel.find({ sampleId: sample.id }).sort({ order: 1, _id: 1 }).lean();
  const inspections = docs.map(toInspection);
  const [names, createdByName] = await Promise.all([
    areas.findAreas([
      sample.area.code,
      sample.area.provinceCode,
      ...inspections.map((i) => i.area.communeCode),
    ]),
    drawerName(sample.createdBy),
  ]);
  const nameOf = (code: string) => names.get(code)?.name ?? code;
  return {
    ...sample,
    areaName: nameOf(sample.area.code),
    provinceName: nameOf(sample.area.provinceCode),
    createdByName,
    inspected: inspections.filter((i) => i.status === 'inspected').length,
    inspections: inspections.map((i) => ({ ...i, communeName: nameOf(i.area.communeCode) })),
  };
}

type Line = SampleFieldList['inspections'][number];

const at = (iso: string | null) => (iso ? new Date(iso) : null);

const FIELD_LIST: SheetColumn<Line>[] = [
  { header: 'STT', kind: 'plain', width: 6, value: (r) => r.order },
  { header: 'Xã/Phường', kind: 'plain', width: 20, value: (r) => r.communeName },
  { header: 'Thôn/Ấp', kind: 'plain', width: 16, value: (r) => r.village },
  { header: 'Họ tên chủ hộ', kind: 'plain', width: 24, value: (r) => r.household.fullName },
  { header: 'Địa chỉ', kind: 'plain', width: 28, value: (r) => r.household.address },
  { header: 'Số điện thoại', kind: 'text', width: 14, value: (r) => r.household.phone },
  { header: 'Số serial đầu thu', kind: 'text', width: 20, value: (r) => r.serial },
  { header: 'Ngày bàn giao', kind: 'date', width: 17, value: (r) => at(r.deliveredAt) },
  {
    header: 'Kết quả kiểm tra',
    kind: 'plain',
    width: 24,
    value: (r) => (r.result ? INSPECTION_RESULT_VI[r.result] : null),
  },
  { header: 'Ghi chú', kind: 'plain', width: 28, value: (r) => r.notes },
];

interface InfoLine {
  item: string;
  value: string | number | null;
}

const INFO: SheetColumn<InfoLine>[] = [
  { header: 'Thông tin', kind: 'plain', width: 28, value: (r) => r.item },
  { header: 'Giá trị', kind: 'text', width: 48, value: (r) => r.value },
];

function infoLines(s: SampleFieldList): InfoLine[] {
  const rule =
    s.rule.size !== null
      ? `${s.rule.size} hộ`
      : s.rule.rate !== null
        ? `${Math.round(s.rule.rate * 1000) / 10}%`
        : null;
  return [
    { item: 'Tỉnh/Thành phố', value: s.provinceName },
    { item: 'Địa bàn chọn mẫu', value: s.areaName },
    { item: 'Tên đợt kiểm tra', value: s.name },
    { item: 'Mã chọn mẫu', value: s.seed },
    { item: 'Cách chọn', value: rule },
    { item: 'Số hộ trong mẫu', value: String(s.counts.drawn) },
    { item: 'Trên tổng số hộ đã bàn giao', value: String(s.counts.candidates) },
    { item: 'Người chọn mẫu', value: s.createdByName },
    { item: 'Ngày chọn mẫu', value: vietnamDay(new Date(s.createdAt)).split('-').reverse().join('/') },
    {
      item: 'Kiểm chứng',
      value: `Chọn lại trên cùng địa bàn với mã ${s.seed} và cùng cách chọn sẽ ra đúng danh sách này.`,
    },
  ];
}

/** The field list workbook: "Danh sách kiểm tra" (one row a household) and "Thông tin mẫu". */
export function fieldListXlsx(s: SampleFieldList): Promise<Buffer> {
  return xlsxBook([
    bookSheet('Danh sách kiểm tra', FIELD_LIST, s.inspections),
    bookSheet('Thông tin mẫu', INFO, infoLines(s)),
  ]);
}

/** The download's name: kiem-tra-<area code>-<day drawn>.xlsx. */
export function fieldListFileName(s: SampleFieldList): string {
  return `kiem-tra-${s.area.code}-${vietnamDay(new Date(s.createdAt))}.xlsx`;
}
