// Who gets a free receiver (DESIGN §4). Pure: the service gathers the facts and stores the result.

export const INELIGIBILITY_REASONS = [
  'list_too_old',
  'no_tv',
  'has_paid_tv',
  'has_digital_tv',
  'duplicate',
] as const;
export type IneligibilityReason = (typeof INELIGIBILITY_REASONS)[number];

export interface EligibilityFacts {
  povertyStatus: 'poor' | 'near_poor';
  povertyListYear: number;
  hasTv: boolean;
  hasPaidTv: boolean;
  hasDigitalTv: boolean;
  /** A reviewer confirmed this household duplicates another. */
  isDuplicate: boolean;
}

export interface Eligibility {
  eligible: boolean;
  reasons: IneligibilityReason[];
}

export const REASON_TEXT: Record<IneligibilityReason, { vi: string; en: string }> = {
  list_too_old: {
    vi: 'danh sách hộ nghèo/cận nghèo đã cũ',
    en: 'the poverty list is older than the programme’s',
  },
  no_tv: { vi: 'hộ không có ti vi', en: 'the household has no TV' },
  has_paid_tv: {
    vi: 'hộ đang dùng truyền hình trả tiền',
    en: 'the household pays for cable, satellite or IPTV',
  },
  has_digital_tv: { vi: 'hộ đã xem được truyền hình số DVB-T2', en: 'the household already receives DVB-T2' },
  duplicate: { vi: 'hộ trùng với hộ khác', en: 'the household duplicates another' },
};

/** `minListYear`: the oldest poverty list the programme accepts (the commune's official list year). */
export function eligibilityOf(f: EligibilityFacts, minListYear: number): Eligibility {
  const reasons: IneligibilityReason[] = [];
  if (f.povertyListYear < minListYear) reasons.push('list_too_old');
  if (!f.hasTv) reasons.push('no_tv');
  if (f.hasPaidTv) reasons.push('has_paid_tv');
  if (f.hasDigitalTv) reasons.push('has_digital_tv');
  if (f.isDuplicate) reasons.push('duplicate');
  return { eligible: reasons.length === 0, reasons };
}

/** The same result with the reviewer's duplicate verdict applied (reject as duplicate, reopen). */
export function withDuplicateVerdict(e: Eligibility, isDuplicate: boolean): Eligibility {
  const reasons: IneligibilityReason[] = e.reasons.filter((r) => r !== 'duplicate');
  if (isDuplicate) reasons.push('duplicate');
  return { eligible: reasons.length === 0, reasons };
}
