// The audit page's words ("Nhật ký thao tác"), Vietnamese: every action the service records, in words.

/** The actions by what they concern, in the order the filter offers them. */
export const AUDIT_GROUPS = [
  'household',
  'delivery',
  'batch',
  'receiver',
  'inspection',
  'area',
  'user',
] as const;
export type AuditGroup = (typeof AUDIT_GROUPS)[number];

const n = (v: number) => v.toLocaleString('vi-VN');

export const auditVi = {
  title: 'Nhật ký thao tác',
  intro: 'Mọi thay đổi trong địa bàn: ai làm, lúc nào, với hộ, đợt hay đầu thu nào. Mới nhất ở trên.',
  commune: 'Xã/phường',
  allCommunes: 'Tất cả xã/phường',
  action: 'Việc',
  allActions: 'Tất cả các việc',
  from: 'Từ ngày',
  to: 'Đến ngày',
  apply: 'Lọc',
  clear: 'Bỏ lọc',
  byActor: (name: string) => `Chỉ các việc của ${name}`,
  onlyThisPerson: (name: string) => `Chỉ xem việc của ${name}`,
  found: (total: number) => `${n(total)} mục`,
  foundMore: (total: number) => `Hơn ${n(total)} mục`,
  empty: 'Không có mục nào khớp. Hãy bỏ bớt điều kiện lọc hoặc chọn khoảng ngày khác.',
  badPeriod: 'Ngày "Từ ngày" phải trước hoặc bằng "Đến ngày".',
  cols: {
    at: 'Thời gian',
    actor: 'Người thực hiện',
    action: 'Việc',
    subject: 'Đối tượng',
    area: 'Địa bàn',
    reason: 'Lý do',
  },
  unknownActor: 'Tài khoản không còn',
  otherAction: 'Thay đổi khác',
  groups: {
    household: 'Hộ',
    delivery: 'Lượt lắp đặt',
    batch: 'Đợt lắp đặt',
    receiver: 'Đầu thu',
    inspection: 'Kiểm tra',
    area: 'Địa bàn',
    user: 'Tài khoản',
  } satisfies Record<AuditGroup, string>,
  actions: {
    'household.registered': 'Đăng ký hộ',
    'household.imported': 'Nhập hộ từ tệp danh sách',
    'household.edited': 'Sửa thông tin hộ',
    'household.corrected': 'Đính chính thông tin hộ (quản trị)',
    'household.approved': 'Duyệt hộ',
    'household.rejected': 'Từ chối hộ',
    'household.withdrawn': 'Rút hộ khỏi danh sách',
    'household.reopened': 'Mở lại hồ sơ để sửa',
    'household.duplicate_cleared': 'Xác nhận hộ không trùng',
    'household.assigned': 'Xếp hộ vào đợt lắp đặt',
    'household.released': 'Trả hộ về chờ lắp đặt',
    'household.delivered': 'Bàn giao đầu thu cho hộ',
    'household.receiver_swapped': 'Đổi đầu thu đã bàn giao cho hộ',
    'household.settled': 'Quyết toán hộ',
    'households.imported': 'Nhập tệp danh sách hộ',
    'households.exported': 'Tải danh sách hộ',
    'delivery.created': 'Tạo lượt lắp đặt',
    'delivery.confirmed': 'Xác nhận bàn giao',
    'delivery.failed': 'Ghi lượt lắp không thành',
    'delivery.photographed': 'Thêm ảnh bàn giao',
    'delivery.corrected': 'Đính chính lượt lắp đặt',
    'delivery.receiver_swapped': 'Đổi đầu thu của lượt lắp đặt',
    'delivery.cancelled': 'Huỷ lượt lắp đặt',
    'handover_form.reserved': 'Giữ số biên bản trắng',
    'batch.created': 'Lập đợt lắp đặt',
    'batch.edited': 'Sửa đợt lắp đặt',
    'batch.started': 'Bắt đầu đợt lắp đặt',
    'batch.closed': 'Kết thúc đợt lắp đặt',
    'batch.deliveries_cancelled': 'Huỷ các lượt chưa lắp khi kết thúc đợt',
    'batch.receivers_returned': 'Trả đầu thu chưa dùng về kho',
    'batch.capacity_recounted': 'Đếm lại số đầu thu của đợt',
    'receiver.registered': 'Nhập đầu thu vào kho',
    'receiver.allocated': 'Cấp đầu thu cho đợt',
    'receiver.installed': 'Lắp đầu thu',
    'receiver.uninstalled': 'Gỡ đầu thu (đính chính)',
    'receiver.returned': 'Trả đầu thu về kho',
    'receiver.marked_defective': 'Báo đầu thu hỏng',
    'receiver.marked_lost': 'Báo mất đầu thu',
    'receiver.repaired': 'Đầu thu sửa xong, về kho',
    'inspection_sample.drawn': 'Chọn mẫu kiểm tra',
    'inspection.recorded': 'Ghi kết quả kiểm tra',
    'area.targets_set': 'Đặt chỉ tiêu xã/phường',
    'area.programme_set': 'Đặt ngày tắt sóng',
    'areas.imported': 'Nhập danh mục đơn vị hành chính',
    'user.created': 'Tạo tài khoản',
    'user.updated': 'Sửa tài khoản',
    'user.password_changed': 'Đổi mật khẩu',
    'user.password_reset': 'Đặt lại mật khẩu',
    'user.signed_in': 'Đăng nhập',
  } as Record<string, string>,
};
export type AuditWords = typeof auditVi;

/** Which group of the filter an action belongs to: its entity, deliveries' paperwork with them. */
export function auditGroupOf(action: string): AuditGroup | null {
  const entity = action.split('.')[0] ?? '';
  if (entity === 'households') return 'household';
  if (entity === 'handover_form') return 'delivery';
  if (entity === 'inspection_sample') return 'inspection';
  if (entity === 'areas') return 'area';
  return (AUDIT_GROUPS as readonly string[]).includes(entity) ? (entity as AuditGroup) : null;
}
