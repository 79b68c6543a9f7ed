import type { AreaLevel } from '../../../src/users/roles';

// The admin's areas page ("Địa bàn"), Vietnamese: the administrative list in use, browsing it, and
// updating it from the State's revised list.

const n = (v: number) => v.toLocaleString('vi-VN');

export const areaWordsVi = {
  title: 'Địa bàn',
  intro:
    'Danh mục đơn vị hành chính mà hệ thống dùng. Hộ gia đình, người dùng, chỉ tiêu và đợt lắp đặt đều gắn với các đơn vị này.',
  inUse: 'Danh mục đang dùng',
  source: (source: string, twoLevel: boolean) =>
    `${/^\d{4}$/.test(source) ? `Danh mục năm ${source}` : `Danh mục từ tệp ${source}`} (${twoLevel ? 'hai cấp: tỉnh – xã' : 'ba cấp: tỉnh – huyện – xã'})`,
  noList: 'Chưa có danh mục nào. Hãy tải danh mục ở phần “Cập nhật danh mục” bên dưới.',
  counts: (c: Record<AreaLevel, number>) =>
    [
      `${n(c.province)} tỉnh, thành phố`,
      ...(c.district ? [`${n(c.district)} quận, huyện, thị xã`] : []),
      `${n(c.commune)} xã, phường, thị trấn`,
    ].join(' · '),
  lastImport: (at: string, created: number, updated: number) =>
    `Lần cập nhật gần nhất: ${at} (thêm ${n(created)}, thay đổi ${n(updated)} đơn vị).`,
  inAudit: 'Xem trong nhật ký',

  browseTitle: 'Các đơn vị trong danh mục',
  search: 'Tìm theo tên',
  searchHint: 'Gõ có dấu hay không dấu đều được, ví dụ: tan son',
  level: 'Cấp',
  allLevels: 'Mọi cấp',
  levels: { province: 'Tỉnh, thành phố', district: 'Quận, huyện', commune: 'Xã, phường' } as Record<
    AreaLevel,
    string
  >,
  find: 'Tìm',
  clear: 'Bỏ tìm',
  country: 'Cả nước',
  found: (total: number) => `${n(total)} đơn vị`,
  empty: 'Không có đơn vị nào khớp. Hãy gõ tên khác hoặc bỏ chọn cấp.',
  noChildren: 'Đơn vị này không có đơn vị cấp dưới.',
  cols: { name: 'Tên', type: 'Loại', code: 'Mã', parent: 'Thuộc', notes: 'Chỉ tiêu, ngày tắt sóng' },
  open: (name: string) => `Xem các đơn vị thuộc ${name}`,
  targets: (poor: number, nearPoor: number, year: number) =>
    `${n(poor)} hộ nghèo, ${n(nearPoor)} hộ cận nghèo (danh sách năm ${year})`,
  noTargets: 'Chưa có chỉ tiêu',
  switchOff: (day: string) => `Tắt sóng analog: ${day}`,
  noSwitchOff: 'Chưa đặt ngày tắt sóng',

  updateTitle: 'Cập nhật danh mục',
  updateIntro:
    'Khi Nhà nước sáp nhập, đổi tên hay lập mới đơn vị hành chính, hãy tải danh mục mới: tệp Excel hoặc CSV xuất từ trang danh mục hành chính của Tổng cục Thống kê. Hệ thống kiểm tra trước và cho bạn xem các thay đổi; chỉ ghi khi bạn bấm “Cập nhật danh mục”. Chỉ tiêu và ngày tắt sóng đã nhập được giữ nguyên.',
  columnsHint:
    'Tệp cần các cột Mã tỉnh (hoặc Mã TP), Tỉnh/Thành phố, Mã xã (hoặc Mã PX), Xã/Phường; có thể có thêm Mã huyện, Quận/Huyện, Cấp. Các dòng tiêu đề, tổng số, chữ ký được bỏ qua.',
  check: 'Kiểm tra tệp',
  fileHas: (c: Record<AreaLevel, number>) =>
    `Tệp có ${n(c.province)} tỉnh, thành phố${c.district ? `, ${n(c.district)} quận, huyện` : ''} và ${n(c.commune)} xã, phường.`,
  compared: (created: number, updated: number, unchanged: number) =>
    `So với danh mục đang dùng: ${n(created)} đơn vị mới, ${n(updated)} đơn vị đổi tên, đổi loại hoặc đổi nơi trực thuộc, ${n(unchanged)} giữ nguyên.`,
  notInList: (count: number) =>
    `${n(count)} đơn vị đang dùng không có trong tệp (thường là đã sáp nhập). Các đơn vị này vẫn được giữ lại, vì hộ gia đình và người dùng có thể đang gắn với chúng:`,
  skipped: (rows: number[]) =>
    `Đã bỏ qua ${n(rows.length)} dòng không có mã đơn vị (tiêu đề, tổng số, chữ ký): dòng ${rows.slice(0, 20).join(', ')}${rows.length > 20 ? '…' : ''}.`,
  changesTitle: 'Các thay đổi',
  changeCols: { code: 'Mã', before: 'Hiện nay', after: 'Theo tệp' },
  newUnit: 'Chưa có (đơn vị mới)',
  under: 'thuộc',
  moreChanges: (shown: number, total: number) => `Đang xem ${n(shown)} trong ${n(total)} thay đổi.`,
  hasProblems: (count: number) =>
    `Tệp có ${n(count)} dòng lỗi nên chưa thể cập nhật. Hãy sửa các dòng dưới đây trong tệp rồi chọn lại tệp.`,
  sameAsInUse: 'Danh mục đang dùng đã giống tệp này; không có gì để cập nhật.',
  apply: 'Cập nhật danh mục',
  applied: (created: number, updated: number) =>
    `Đã cập nhật danh mục: thêm ${n(created)}, thay đổi ${n(updated)} đơn vị.`,
};

export type AreaWords = typeof areaWordsVi;
