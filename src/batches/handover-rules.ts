import { RuleViolationError, text, ValidationError } from '../errors';

// Rules of a handover (issue 12), pure: who may sign for the household, and which time is recorded.

/** Clock skew allowed between a phone and the server. */
export const CLOCK_SKEW_MS = 5 * 60_000;

/**
 * The recipient is the head when the last four digits match the head's ID; otherwise another member
 * signs, and how they are related to the head must be recorded (RuleViolationError without it).
 */
export function recipientOf(
  headNationalId: string,
  idLast4: string,
  relation: string | null | undefined,
): { isHead: boolean; relation: string | null } {
  const isHead = headNationalId.endsWith(idLast4);
  const given = relation?.trim() ? relation.trim() : null;
  if (isHead || given) return { isHead, relation: given };
  throw new RuleViolationError(
    text(
      `4 số cuối giấy tờ người nhận (${idLast4}) khác của chủ hộ: người nhận là ai của chủ hộ? ` +
        'Hãy ghi quan hệ với chủ hộ (ví dụ: vợ, con trai) vào ô "Quan hệ với chủ hộ", hoặc kiểm tra lại 4 số.',
      `The recipient's last four ID digits (${idLast4}) differ from the head's: say how the recipient ` +
        'is related to the head (recipientRelation), or check the digits.',
    ),
    { field: 'recipientRelation' },
  );
}

/**
 * When the receiver was handed over:
 * - `deliveredAt`, entered by a person (a paper record typed in later), must be plausible: not in the
 *   future (beyond clock skew) and not before the batch started; else a 400 naming the field;
 * - `capturedAt`, the phone's clock at capture (sent later from the outbox), is used when plausible,
 *   else the server's time (a phone with a wrong clock must not refuse a real handover);
 * - neither: now.
 * A batch started before its planned start date accepts handovers from its start (issue 12, item 6).
 */
export function handoverTime(
  given: { deliveredAt?: Date; capturedAt?: Date },
  startedAt: Date | null,
  now: Date,
): Date {
  const plausible = (at: Date) =>
    at.getTime() <= now.getTime() + CLOCK_SKEW_MS && (startedAt === null || at >= startedAt);
  if (given.deliveredAt) {
    if (plausible(given.deliveredAt)) return given.deliveredAt;
    const future = given.deliveredAt.getTime() > now.getTime() + CLOCK_SKEW_MS;
    throw new ValidationError(
      text(
        future
          ? 'Thời điểm bàn giao ở tương lai'
          : 'Thời điểm bàn giao trước ngày đợt lắp đặt bắt đầu triển khai',
        future ? 'deliveredAt is in the future' : 'deliveredAt is before the batch started',
      ),
      [
        {
          path: 'deliveredAt',
          type: 'date.range',
          message: text(
            future
              ? 'Thời điểm bàn giao: không được ở tương lai; hãy kiểm tra ngày giờ'
              : 'Thời điểm bàn giao: trước khi đợt bắt đầu; hãy kiểm tra ngày',
            future ? 'Delivered at: in the future' : 'Delivered at: before the batch started',
          ),
        },
      ],
    );
  }
  if (given.capturedAt && plausible(given.capturedAt)) return given.capturedAt;
  return now;
}

/** How long after a handover its installer may still correct it; officials may any time. */
export const INSTALLER_CORRECTION_MS = 24 * 3600_000;

/** Who may correct a delivered record now (issue 12, item 5): RuleViolationError when the window closed. */
export function assertMayCorrect(role: string, deliveredAt: Date, now: Date): void {
  if (role !== 'installer') return;
  if (now.getTime() - deliveredAt.getTime() <= INSTALLER_CORRECTION_MS) return;
  throw new RuleViolationError(
    text(
      'Đã quá 24 giờ sau khi bàn giao: thợ lắp đặt không còn sửa được biên bản này. Hãy nhờ cán bộ phụ trách sửa.',
      'More than 24 hours since the handover: ask an official to correct it',
    ),
    { window: '24h' },
  );
}
