import { RuleViolationError, text } from '../errors';

// Batch and delivery life cycles (DESIGN §6): pure tables, tested exhaustively.
export const BATCH_STATUSES = ['planned', 'in_progress', 'closed'] as const;
export type BatchStatus = (typeof BATCH_STATUSES)[number];

export const DELIVERY_STATUSES = ['pending', 'delivered', 'failed', 'cancelled'] as const;
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];

/** Temporary failures put the household back to `approved`; permanent ones withdraw it. */
export const TEMPORARY_FAILURES = ['absent', 'no_signal', 'receiver_faulty', 'other'] as const;
export const PERMANENT_FAILURES = [
  'moved',
  'deceased',
  'refused',
  'no_tv',
  'has_paid_tv',
  'has_digital_tv',
] as const;
export const FAILURE_REASONS = [...TEMPORARY_FAILURES, ...PERMANENT_FAILURES] as const;
export type FailureReason = (typeof FAILURE_REASONS)[number];

export function isPermanentFailure(reason: FailureReason): boolean {
  return (PERMANENT_FAILURES as readonly string[]).includes(reason);
}

export const FAILURE_REASON_VI: Record<FailureReason, string> = {
  absent: 'vắng nhà',
  no_signal: 'không thu được tín hiệu',
  receiver_faulty: 'đầu thu lỗi',
  other: 'lý do khác',
  moved: 'đã chuyển đi',
  deceased: 'chủ hộ đã mất',
  refused: 'từ chối nhận',
  no_tv: 'không có tivi',
  has_paid_tv: 'đang dùng truyền hình trả tiền',
  has_digital_tv: 'đã xem được truyền hình số',
};

/** The same in English (the audit trail's English .xlsx; the web app's catalogue has its own). */
export const FAILURE_REASON_EN: Record<FailureReason, string> = {
  absent: 'nobody at home',
  no_signal: 'no signal',
  receiver_faulty: 'faulty receiver',
  other: 'other reason',
  moved: 'moved away',
  deceased: 'head of household deceased',
  refused: 'refused',
  no_tv: 'no TV',
  has_paid_tv: 'has paid TV',
  has_digital_tv: 'already receives digital TV',
};

export const BATCH_ACTIONS = ['allocate', 'add_households', 'start', 'close', 'deliver', 'edit'] as const;
export type BatchAction = (typeof BATCH_ACTIONS)[number];

const ALLOWED: Record<BatchAction, readonly BatchStatus[]> = {
  allocate: ['planned', 'in_progress'],
  add_households: ['planned', 'in_progress'],
  start: ['planned'],
  close: ['planned', 'in_progress'],
  deliver: ['in_progress'],
  edit: ['planned', 'in_progress'],
};

const BATCH_STATUS_VI: Record<BatchStatus, string> = {
  planned: 'đang lập kế hoạch',
  in_progress: 'đang triển khai',
  closed: 'đã đóng',
};

export function batchAllows(status: BatchStatus, action: BatchAction): boolean {
  return ALLOWED[action].includes(status);
}

/** RuleViolationError naming the batch's status when `action` is not allowed in it. */
export function assertBatchAllows(status: BatchStatus, action: BatchAction): void {
  if (batchAllows(status, action)) return;
  throw new RuleViolationError(
    text(
      `Đợt lắp đặt ${BATCH_STATUS_VI[status]}: không thể thực hiện "${action}"`,
      `The batch is ${status}: cannot ${action}`,
    ),
    { status, action },
  );
}

/** A pending delivery ends once; a delivered one is final. */
export function assertDeliveryPending(status: DeliveryStatus): void {
  if (status === 'pending') return;
  throw new RuleViolationError(
    text(`Lượt lắp đặt này đã kết thúc (${status})`, `This delivery is already ${status}`),
    { status },
  );
}
