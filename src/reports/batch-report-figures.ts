import {
  DELIVERY_STATUSES,
  FAILURE_REASON_VI,
  FAILURE_REASONS,
  isPermanentFailure,
  type DeliveryStatus,
  type FailureReason,
} from '../batches/status';

// A batch's figures (DESIGN §8 "batch progress by commune and installer", issue 13 item 4), pure:
// the batch's deliveries folded per commune and per installer, with every failed attempt and its
// reason. A delivery may carry earlier temporary failures as `attempts` (kept pending between
// visits) and end `failed` with a last reason; each counts once.

export interface FailedAttempt {
  at: Date | null;
  reason: FailureReason;
  by: string | null;
}

export interface DeliveryFacts {
  communeCode: string;
  status: DeliveryStatus;
  completedBy: string | null;
  failureReason: FailureReason | null;
  failedAt: Date | null;
  attempts: FailedAttempt[];
}

const isReason = (r: unknown): r is FailureReason =>
  typeof r === 'string' && (FAILURE_REASONS as readonly string[]).includes(r);

/** The `attempts` a stored delivery carries (absent on deliveries that never failed temporarily). */
export function storedAttempts(doc: object): FailedAttempt[] {
  const raw = 'attempts' in doc ? doc.attempts : undefined;
  if (!Array.isArray(raw)) return [];
  return raw.flatMap((a: unknown) => {
    if (typeof a !== 'object' || a === null || !('reason' in a) || !isReason(a.reason)) return [];
    const at = 'at' in a && a.at instanceof Date ? a.at : null;
    const by = 'by' in a && typeof a.by === 'string' ? a.by : null;
    return [{ at, reason: a.reason, by }];
  });
}

/** A stored delivery's facts for the folds below. */
export function deliveryFacts(d: {
  area: { communeCode: string };
  status: DeliveryStatus;
  completedBy?: string | null;
  failureReason?: FailureReason | null;
  failedAt?: Date | null;
}): DeliveryFacts {
  return {
    communeCode: d.area.communeCode,
    status: d.status,
    completedBy: d.completedBy ?? null,
    failureReason: d.failureReason ?? null,
    failedAt: d.failedAt ?? null,
    attempts: storedAttempts(d),
  };
}

/** Every failed attempt of a delivery: its recorded attempts, and its final failure unless recorded among them. */
export function failedAttemptsOf(d: DeliveryFacts): FailedAttempt[] {
  const out = [...d.attempts];
  if (d.status === 'failed' && d.failureReason) {
    const t = d.failedAt?.getTime();
    const recorded = out.some((a) => a.reason === d.failureReason && a.at?.getTime() === t);
    if (!recorded) out.push({ at: d.failedAt, reason: d.failureReason, by: d.completedBy });
  }
  return out;
}

export type StatusCounts = Record<DeliveryStatus, number> & { households: number; failedAttempts: number };

export const zeroStatusCounts = (): StatusCounts => ({
  ...(Object.fromEntries(DELIVERY_STATUSES.map((s) => [s, 0])) as Record<DeliveryStatus, number>),
  households: 0,
  failedAttempts: 0,
});

export interface BatchFigures {
  totals: StatusCounts;
  failureReasons: { reason: FailureReason; reasonText: string; permanent: boolean; count: number }[];
  byCommune: Map<string, StatusCounts>;
  byInstaller: Map<string, { delivered: number; failed: number; failedAttempts: number }>;
}

export function foldBatch(deliveries: readonly DeliveryFacts[]): BatchFigures {
  const totals = zeroStatusCounts();
  const reasons = new Map<FailureReason, number>();
  const byCommune = new Map<string, StatusCounts>();
  const byInstaller = new Map<string, { delivered: number; failed: number; failedAttempts: number }>();
  const installer = (id: string) => {
    const i = byInstaller.get(id) ?? { delivered: 0, failed: 0, failedAttempts: 0 };
    byInstaller.set(id, i);
    return i;
  };
  for (const d of deliveries) {
    const c = byCommune.get(d.communeCode) ?? zeroStatusCounts();
    byCommune.set(d.communeCode, c);
    const attempts = failedAttemptsOf(d);
    for (const counts of [totals, c]) {
      counts[d.status]++;
      counts.households++;
      counts.failedAttempts += attempts.length;
    }
    for (const a of attempts) {
      reasons.set(a.reason, (reasons.get(a.reason) ?? 0) + 1);
      if (a.by) installer(a.by).failedAttempts++;
    }
    if (d.completedBy && (d.status === 'delivered' || d.status === 'failed'))
      installer(d.completedBy)[d.status]++;
  }
  return {
    totals,
    failureReasons: FAILURE_REASONS.filter((r) => reasons.has(r)).map((reason) => ({
      reason,
      reasonText: FAILURE_REASON_VI[reason],
      permanent: isPermanentFailure(reason),
      count: reasons.get(reason) ?? 0,
    })),
    byCommune,
    byInstaller,
  };
}
