import { RuleViolationError, text } from '../errors';

// Household life cycle (DESIGN §4). One table, tested exhaustively; services never set a status
// without asking it.
export const HOUSEHOLD_STATUSES = [
  'registered',
  'approved',
  'rejected',
  'assigned',
  'delivered',
  'withdrawn',
] as const;
export type HouseholdStatus = (typeof HOUSEHOLD_STATUSES)[number];

export const HOUSEHOLD_ACTIONS = [
  'approve',
  'reject',
  'withdraw',
  'reopen',
  'assign',
  'release',
  'deliver',
] as const;
export type HouseholdAction = (typeof HOUSEHOLD_ACTIONS)[number];

const TRANSITIONS: Record<HouseholdAction, Partial<Record<HouseholdStatus, HouseholdStatus>>> = {
  approve: { registered: 'approved' },
  reject: { registered: 'rejected' },
  withdraw: { registered: 'withdrawn', approved: 'withdrawn', assigned: 'withdrawn' },
  reopen: { rejected: 'registered' },
  assign: { approved: 'assigned' },
  release: { assigned: 'approved' },
  deliver: { assigned: 'delivered' },
};

const STATUS_VI: Record<HouseholdStatus, string> = {
  registered: 'đã đăng ký',
  approved: 'đã duyệt',
  rejected: 'bị từ chối',
  assigned: 'đã xếp đợt lắp đặt',
  delivered: 'đã bàn giao',
  withdrawn: 'đã rút khỏi danh sách',
};

export function canTransition(from: HouseholdStatus, action: HouseholdAction): boolean {
  return TRANSITIONS[action][from] !== undefined;
}

/** The status after `action`, or RuleViolationError naming the current status. */
export function nextStatus(from: HouseholdStatus, action: HouseholdAction): HouseholdStatus {
  const to = TRANSITIONS[action][from];
  if (!to) {
    throw new RuleViolationError(
      text(
        `Không thể thực hiện "${action}" với hộ ${STATUS_VI[from]}`,
        `Cannot ${action} a household that is ${from}`,
      ),
      { status: from, action },
    );
  }
  return to;
}

/** Which fields may change in which status; delivered households only by an admin correction. */
export const CONTACT_FIELDS = ['village', 'address', 'phone', 'notes', 'memberCount'] as const;

export function editableFields(status: HouseholdStatus): 'all' | 'contact' | 'none' {
  if (status === 'registered' || status === 'rejected') return 'all';
  if (status === 'approved' || status === 'assigned') return 'contact';
  return 'none';
}
