import { bookSheet, xlsxBook, type SheetColumn } from '../spreadsheets/xlsx';
import type { AcceptanceReport } from './acceptance-shapes';

// The acceptance papers as .xlsx (DESIGN §14): national IDs, phones and serials as text cells (Excel
// keeps their leading zeros), dates in Vietnam time, Vietnamese headers.

type Delivered = AcceptanceReport['delivered'][number];
type Failure = AcceptanceReport['failures'][number];

const at = (iso: string | null) => (iso ? new Date(iso) : null);
const yesNo = (v: boolean | null) => (v === null ? null : v ? 'Có' : 'Không');

const DELIVERED: SheetColumn<Delivered>[] = [
  { header: 'STT', kind: 'plain', width: 6, value: (r) => r.no },
  { header: 'Xã', kind: 'plain', width: 20, value: (r) => r.communeName },
  { header: 'Thôn/Ấp', kind: 'plain', width: 16, value: (r) => r.village },
  { header: 'Họ tên chủ hộ', kind: 'plain', width: 24, value: (r) => r.headName },
  { header: 'Số CCCD/CMND', kind: 'text', width: 16, value: (r) => r.nationalId },
  { header: 'Địa chỉ', kind: 'plain', width: 28, value: (r) => r.address },
  { header: 'Số điện thoại', kind: 'text', width: 14, value: (r) => r.phone },
  { header: 'Số serial đầu thu', kind: 'text', width: 20, value: (r) => r.serial },
  { header: 'Model', kind: 'plain', width: 16, value: (r) => r.receiverModel },
  { header: 'Ngày bàn giao', kind: 'date', width: 17, value: (r) => at(r.deliveredAt) },
  { header: 'Người lắp đặt', kind: 'plain', width: 22, value: (r) => r.installerName },
  { header: 'Số biên bản', kind: 'text', width: 18, value: (r) => r.handoverNumber },
  { header: 'Người nhận', kind: 'plain', width: 22, value: (r) => r.recipientName },
  { header: 'Quan hệ với chủ hộ', kind: 'plain', width: 16, value: (r) => r.recipientRelation },
  { header: 'Thu được tín hiệu', kind: 'plain', width: 10, value: (r) => yesNo(r.signalReceived) },
  { header: 'Có ảnh', kind: 'plain', width: 8, value: (r) => yesNo(r.hasPhoto) },
];

const FAILURES: SheetColumn<Failure>[] = [
  { header: 'STT', kind: 'plain', width: 6, value: (r) => r.no },
  { header: 'Xã', kind: 'plain', width: 20, value: (r) => r.communeName },
  { header: 'Thôn/Ấp', kind: 'plain', width: 16, value: (r) => r.village },
  { header: 'Họ tên chủ hộ', kind: 'plain', width: 24, value: (r) => r.headName },
  { header: 'Địa chỉ', kind: 'plain', width: 28, value: (r) => r.address },
  { header: 'Lý do không thành', kind: 'plain', width: 28, value: (r) => r.reasonText },
  { header: 'Loại', kind: 'plain', width: 20, value: (r) => (r.permanent ? 'Dừng hẳn' : 'Tạm thời') },
  { header: 'Thời điểm', kind: 'date', width: 17, value: (r) => at(r.at) },
  { header: 'Người lắp đặt', kind: 'plain', width: 22, value: (r) => r.installerName },
];

type CommuneTotal = AcceptanceReport['totals']['byCommune'][number];

const TOTALS: SheetColumn<CommuneTotal>[] = [
  { header: 'Mã xã', kind: 'text', width: 10, value: (r) => r.communeCode },
  { header: 'Tên xã', kind: 'plain', width: 24, value: (r) => r.communeName },
  { header: 'Số hộ đã bàn giao', kind: 'plain', width: 16, value: (r) => r.delivered },
  { header: 'Lượt không thành', kind: 'plain', width: 16, value: (r) => r.failedAttempts },
];

export function acceptanceXlsx(r: AcceptanceReport): Promise<Buffer> {
  const all: CommuneTotal = {
    communeCode: '',
    communeName: 'Tổng cộng',
    delivered: r.totals.delivered,
    failedAttempts: r.totals.failedAttempts,
  };
  return xlsxBook([
    bookSheet('Đã bàn giao', DELIVERED, r.delivered),
    bookSheet('Không thành', FAILURES, r.failures),
    bookSheet('Tổng hợp', TOTALS, [...r.totals.byCommune, all]),
  ]);
}
