import { Readable } from 'node:stream';
import * as areas from '../areas/service';
import { ForbiddenError, text } from '../errors';
import { xlsxStream, type SheetColumn } from '../spreadsheets/xlsx';
import { toCsvStream, type CsvColumn } from '../spreadsheets/csv';
import * as users from '../users/service';
import type { Actor } from '../users/roles';
import { deliveryFilter, toDelivery, type Delivery, type ListDeliveriesInput } from './deliveries';
import { DeliveryModel } from './delivery-model';
import { BatchModel } from './model';
import { FAILURE_REASON_VI, type DeliveryStatus } from './status';
import { vietnamIso } from '../vietnam-time';

// GET /deliveries?format=csv|xlsx (issue 13): the deliveries list for acceptance and payment, with the
// JSON list's filters and scope, every matching delivery (no paging), names rather than codes, the
// national ID, phone, serial and record number as text. Read from a cursor in chunks, so a province's
// list never sits in memory; each chunk resolves its new commune, batch and installer names once.

export type DeliveriesExportInput = Omit<ListDeliveriesInput, 'page' | 'pageSize'>;

export interface ExportRow {
  d: Delivery;
  batchCode: string;
  communeName: string;
  installerName: string | null;
}

const STATUS_VI: Record<DeliveryStatus, string> = {
  pending: 'Chờ lắp',
  delivered: 'Đã bàn giao',
  failed: 'Không thành',
  cancelled: 'Đã huỷ',
};
const yesNo = (v: boolean | null) => (v === null ? null : v ? 'Có' : 'Không');
const lastReason = ({ d }: ExportRow) => {
  const r = d.failureReason ?? d.attempts.at(-1)?.reason ?? null;
  return r ? FAILURE_REASON_VI[r] : null;
};

interface Column {
  vi: string;
  en: string;
  kind: 'text' | 'date' | 'plain';
  width: number;
  value: (r: ExportRow) => string | number | Date | null;
}

/** The export's columns, in order (documented in the OpenAPI description). */
export const DELIVERY_EXPORT_COLUMNS: Column[] = [
  { vi: 'Mã đợt', en: 'batchCode', kind: 'text', width: 14, value: (r) => r.batchCode },
  { vi: 'Xã', en: 'communeName', kind: 'plain', width: 20, value: (r) => r.communeName },
  { vi: 'Thôn/Ấp', en: 'village', kind: 'plain', width: 14, value: (r) => r.d.village },
  { vi: 'Họ tên chủ hộ', en: 'headName', kind: 'plain', width: 24, value: (r) => r.d.household.fullName },
  { vi: 'Số CCCD/CMND', en: 'nationalId', kind: 'text', width: 16, value: (r) => r.d.household.nationalId },
  { vi: 'Địa chỉ', en: 'address', kind: 'plain', width: 26, value: (r) => r.d.household.address },
  { vi: 'Số điện thoại', en: 'phone', kind: 'text', width: 13, value: (r) => r.d.household.phone },
  { vi: 'Tình trạng', en: 'status', kind: 'plain', width: 12, value: (r) => STATUS_VI[r.d.status] },
  { vi: 'Số serial đầu thu', en: 'serial', kind: 'text', width: 18, value: (r) => r.d.serial },
  {
    vi: 'Ngày bàn giao',
    en: 'deliveredAt',
    kind: 'date',
    width: 17,
    value: (r) => (r.d.deliveredAt ? new Date(r.d.deliveredAt) : null),
  },
  { vi: 'Số biên bản', en: 'handoverNumber', kind: 'text', width: 16, value: (r) => r.d.handoverNumber },
  { vi: 'Người nhận', en: 'recipientName', kind: 'plain', width: 20, value: (r) => r.d.recipientName },
  {
    vi: 'Thu được tín hiệu',
    en: 'signalReceived',
    kind: 'plain',
    width: 10,
    value: (r) => yesNo(r.d.signalReceived),
  },
  { vi: 'Có ảnh', en: 'hasPhoto', kind: 'plain', width: 8, value: (r) => yesNo(r.d.hasPhoto) },
  { vi: 'Số lần không thành', en: 'attemptCount', kind: 'plain', width: 10, value: (r) => r.d.attemptCount },
  { vi: 'Lý do không thành', en: 'failureReason', kind: 'plain', width: 24, value: lastReason },
  { vi: 'Người lắp đặt', en: 'installerName', kind: 'plain', width: 20, value: (r) => r.installerName },
];

const CHUNK = 500;

async function* exportRows(input: DeliveriesExportInput, actor: Actor): AsyncGenerator<ExportRow> {
  const filter = await deliveryFilter(input, actor);
  const cursor = DeliveryModel.find(filter)
    .sort({ 'area.communeCode': 1, village: 1, createdAt: 1, _id: 1 })
    .lean()
    .cursor();
  const communes = new Map<string, string>();
  const batches = new Map<string, string>();
  const installers = new Map<string, string>();
  let chunk: Awaited<ReturnType<typeof cursor.next>>[] = [];
  const flush = async function* () {
    const docs = chunk.filter((d) => d !== null);
    chunk = [];
    const newCommunes = [...new Set(docs.map((d) => d.area.communeCode))].filter((c) => !communes.has(c));
    for (const [code, a] of await areas.findAreas(newCommunes)) communes.set(code, a.name);
    for (const id of new Set(docs.map((d) => d.batchId)))
      if (!batches.has(id)) {
        const b = await BatchModel.findById(id, { code: 1 }).lean();
        batches.set(id, b?.code ?? id);
      }
    const newUsers = [...new Set(docs.flatMap((d) => (d.completedBy ? [d.completedBy] : [])))].filter(
      (u) => !installers.has(u),
    );
    for (const [id, name] of await users.paperNamesOf(newUsers)) installers.set(id, name);
    for (const doc of docs)
      yield {
        d: toDelivery(doc, actor),
        batchCode: batches.get(doc.batchId) ?? doc.batchId,
        communeName: communes.get(doc.area.communeCode) ?? doc.area.communeCode,
        installerName: doc.completedBy ? (installers.get(doc.completedBy) ?? null) : null,
      };
  };
  for await (const doc of cursor) {
    chunk.push(doc);
    if (chunk.length >= CHUNK) yield* flush();
  }
  yield* flush();
}

/** Officials and admins (installers read their worklist, not an export); ForbiddenError otherwise. */
export async function exportDeliveries(
  input: DeliveriesExportInput,
  format: 'csv' | 'xlsx',
  lang: 'vi' | 'en',
  actor: Actor,
): Promise<Readable> {
  if (actor.role !== 'official' && actor.role !== 'admin')
    throw new ForbiddenError(
      text('Chỉ cán bộ tỉnh/huyện tải được danh sách bàn giao', 'Only officials export the deliveries'),
    );
  await deliveryFilter(input, actor); // a bad filter fails before the headers are sent
  const rows = exportRows(input, actor);
  if (format === 'xlsx') {
    const columns: SheetColumn<ExportRow>[] = DELIVERY_EXPORT_COLUMNS.map((c) => ({
      header: lang === 'vi' ? c.vi : c.en,
      kind: c.kind,
      width: c.width,
      value: c.value,
    }));
    return xlsxStream('Danh sách bàn giao', columns, rows);
  }
  const columns: CsvColumn<ExportRow>[] = DELIVERY_EXPORT_COLUMNS.map((c) => ({
    label: lang === 'vi' ? c.vi : c.en,
    value: (r) => {
      const v = c.value(r);
      return v instanceof Date ? vietnamIso(v) : v;
    },
  }));
  const csv = toCsvStream(columns);
  const source = Readable.from(rows);
  source.once('error', (err) => csv.destroy(err));
  return source.pipe(csv);
}
