import { AUDIT_ACTION_VI } from '../../../src/audit/action-words';

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
  'backup',
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
  download: 'Tải nhật ký đang lọc (.xlsx)',
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
    backup: 'Sao lưu',
  } satisfies Record<AuditGroup, string>,
  actions: AUDIT_ACTION_VI,
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
