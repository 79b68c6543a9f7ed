import { RuleViolationError, text } from '../errors';

// Receiver life cycle (DESIGN §5). One table, tested exhaustively; services never set a status
// without asking it.
export const RECEIVER_STATUSES = ['in_stock', 'allocated', 'installed', 'defective', 'lost'] as const;
export type ReceiverStatus = (typeof RECEIVER_STATUSES)[number];

export const RECEIVER_ACTIONS = [
  'allocate',
  'return',
  'install',
  'uninstall',
  'mark_defective',
  'mark_lost',
  'repair',
] as const;
export type ReceiverAction = (typeof RECEIVER_ACTIONS)[number];

const TRANSITIONS: Record<ReceiverAction, Partial<Record<ReceiverStatus, ReceiverStatus>>> = {
  allocate: { in_stock: 'allocated' },
  return: { allocated: 'in_stock' },
  install: { allocated: 'installed' },
  // Compensation only: a handover whose later steps failed gives the receiver back to its batch.
  uninstall: { installed: 'allocated' },
  mark_defective: { in_stock: 'defective', allocated: 'defective' },
  mark_lost: { in_stock: 'lost', allocated: 'lost' },
  repair: { defective: 'in_stock' },
};

export const RECEIVER_STATUS_VI: Record<ReceiverStatus, string> = {
  in_stock: 'trong kho',
  allocated: 'đã phân cho đợt lắp đặt',
  installed: 'đã lắp đặt',
  defective: 'hỏng',
  lost: 'thất lạc',
};

export const RECEIVER_ACTION_VI: Record<ReceiverAction, string> = {
  allocate: 'phân cho đợt lắp đặt',
  return: 'trả về kho',
  install: 'lắp đặt',
  uninstall: 'huỷ lắp đặt',
  mark_defective: 'báo hỏng',
  mark_lost: 'báo thất lạc',
  repair: 'nhập lại kho sau sửa chữa',
};

export function canChangeReceiver(from: ReceiverStatus, action: ReceiverAction): boolean {
  return TRANSITIONS[action][from] !== undefined;
}

/** The status after `action`, or RuleViolationError naming the current status. */
export function nextReceiverStatus(from: ReceiverStatus, action: ReceiverAction): ReceiverStatus {
  const to = TRANSITIONS[action][from];
  if (!to) {
    throw new RuleViolationError(
      text(
        `Không thể ${RECEIVER_ACTION_VI[action]} đầu thu ở trạng thái "${RECEIVER_STATUS_VI[from]}"`,
        `Cannot ${action} a receiver that is ${from}`,
      ),
      { status: from, action },
    );
  }
  return to;
}
