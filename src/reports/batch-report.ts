import * as areas from '../areas/service';
import { DeliveryModel } from '../batches/delivery-model';
import { loadBatch } from '../batches/service';
import { bookSheet, xlsxBook, type SheetColumn } from '../spreadsheets/xlsx';
import { receiverCountsOfBatch } from '../receivers/service';
import type { Actor } from '../users/roles';
import * as users from '../users/service';
import { deliveryFacts, foldBatch, type StatusCounts } from './batch-report-figures';
import type { BatchReport } from './batch-report-shapes';
import { RECEIVER_TYPE_VI } from './inventory';
import { isoOrNull as iso } from '../vietnam-time';

// The batch report (issue 13 item 4): progress by commune and installer (names), failure reasons in
// words, attempts, and the batch's receivers. One scan of the batch's deliveries (bounded by the
// batch, at most a few thousand) and two counts of its receivers. Read-only.

// As the batch page names them (web official words, batchStatus): a paper and its screen use one word.
const BATCH_STATUS_TEXT = {
  planned: 'Đang lập kế hoạch',
  in_progress: 'Đang lắp đặt',
  closed: 'Đã kết thúc',
};

/** NotFoundError for an unknown batch or one the actor may not see (batches/service's rule). */
export async function batchReport(id: string, actor: Actor): Promise<BatchReport> {
  const batch = await loadBatch(id, actor);
  const [docs, receivers, province] = await Promise.all([
    DeliveryModel.find(
      { batchId: id },
      { area: 1, status: 1, completedBy: 1, failureReason: 1, failedAt: 1, attempts: 1 },
    ).lean(),
    receiverCountsOfBatch(id),
    areas.findArea(batch.provinceCode),
  ]);
  const facts = docs.map(deliveryFacts);
  const f = foldBatch(facts);
  const communeCodes = [...new Set([...batch.communeCodes, ...f.byCommune.keys()])].sort();
  const communes = await areas.findAreas(communeCodes);
  const installerIds = [...new Set([...batch.installerIds, ...f.byInstaller.keys()])];
  const names = await users.paperNamesOf(installerIds);
  const closed = batch.status === 'closed';
  return {
    batch: {
      id,
      code: batch.code,
      name: batch.name,
      phase: batch.phase,
      status: batch.status,
      statusText: BATCH_STATUS_TEXT[batch.status],
      provinceCode: batch.provinceCode,
      provinceName: province?.name ?? batch.provinceCode,
      receiverType: batch.receiverType,
      receiverTypeName: RECEIVER_TYPE_VI[batch.receiverType],
      plannedStart: iso(batch.plannedStart),
      plannedEnd: iso(batch.plannedEnd),
      startedAt: iso(batch.startedAt),
      closedAt: iso(batch.closedAt),
    },
    generatedAt: new Date().toISOString(),
    totals: f.totals,
    receivers: {
      ...receivers,
      toReturn: closed ? receivers.allocated : Math.max(0, receivers.allocated - f.totals.pending),
    },
    failureReasons: f.failureReasons,
    byCommune: communeCodes.map((code) => ({
      communeCode: code,
      communeName: communes.get(code)?.name ?? code,
      ...(f.byCommune.get(code) ?? zero()),
    })),
    byInstaller: installerIds
      .map((userId) => ({
        userId,
        name: names.get(userId) ?? userId,
        ...(f.byInstaller.get(userId) ?? { delivered: 0, failed: 0, failedAttempts: 0 }),
      }))
      .sort((a, b) => a.name.localeCompare(b.name, 'vi')),
  };
}

function zero(): StatusCounts {
  return { households: 0, pending: 0, delivered: 0, failed: 0, cancelled: 0, failedAttempts: 0 };
}

type CommuneRow = BatchReport['byCommune'][number];

const COUNT_COLUMNS: [keyof StatusCounts, string][] = [
  ['households', 'Số hộ trong đợt'],
  ['delivered', 'Đã bàn giao'],
  ['pending', 'Chưa lắp đặt'],
  ['failed', 'Không thành (dừng)'],
  ['cancelled', 'Huỷ khi đóng đợt'],
  ['failedAttempts', 'Lượt không thành'],
];

const plain = <T>(header: string, value: (r: T) => string | number | null, width = 14): SheetColumn<T> => ({
  header,
  kind: 'plain',
  width,
  value,
});

/** The report as a workbook: by commune, by installer, failure reasons, and a summary sheet. */
export function batchReportXlsx(r: BatchReport): Promise<Buffer> {
  const communeColumns: SheetColumn<CommuneRow>[] = [
    { header: 'Mã xã', kind: 'text', width: 10, value: (c) => c.communeCode },
    plain('Tên xã', (c) => c.communeName, 24),
    ...COUNT_COLUMNS.map(([k, h]) => plain<CommuneRow>(h, (c) => c[k])),
  ];
  type InstallerRow = BatchReport['byInstaller'][number];
  const installerColumns: SheetColumn<InstallerRow>[] = [
    plain('Người lắp đặt', (i) => i.name, 26),
    plain('Đã bàn giao', (i) => i.delivered),
    plain('Không thành (dừng)', (i) => i.failed),
    plain('Lượt không thành', (i) => i.failedAttempts),
  ];
  type ReasonRow = BatchReport['failureReasons'][number];
  const reasonColumns: SheetColumn<ReasonRow>[] = [
    plain('Lý do', (x) => x.reasonText, 32),
    plain('Loại', (x) => (x.permanent ? 'Dừng hẳn' : 'Tạm thời, sẽ quay lại'), 22),
    plain('Số lượt', (x) => x.count),
  ];
  const summary: [string, string | number | null][] = [
    ['Đợt lắp đặt', `${r.batch.code} – ${r.batch.name}`],
    ['Tỉnh', r.batch.provinceName],
    ['Trạng thái', r.batch.statusText],
    ['Loại đầu thu', r.batch.receiverTypeName],
    ...COUNT_COLUMNS.map(([k, h]): [string, number] => [h, r.totals[k]]),
    ['Đầu thu đang giữ (chưa lắp)', r.receivers.allocated],
    ['Đầu thu đã lắp đặt', r.receivers.installed],
    ['Đầu thu trả về kho', r.receivers.toReturn],
  ];
  return xlsxBook([
    bookSheet('Theo xã', communeColumns, r.byCommune),
    bookSheet('Theo người lắp đặt', installerColumns, r.byInstaller),
    bookSheet('Lý do không thành', reasonColumns, r.failureReasons),
    bookSheet(
      'Tổng hợp',
      [
        plain('Mục', (x: (typeof summary)[number]) => x[0], 30),
        plain('Số liệu', (x: (typeof summary)[number]) => x[1], 30),
      ],
      summary,
    ),
  ]);
}
