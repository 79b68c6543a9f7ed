// Coverage math (DESIGN §8): pure functions over counts, no I/O. Rates stay unrounded fractions
// (0.8333…); only the CSV and the client round them.

/** Households per status in an area (the sum of its communes' counters), and failed delivery attempts. */
export interface CoverageCounts {
  registered: number;
  approved: number;
  rejected: number;
  assigned: number;
  delivered: number;
  withdrawn: number;
  failedAttempts: number;
}

export interface CoverageFigures extends CoverageCounts {
  /** poor + nearPoor of the official list, summed over the communes that have targets; null when none has. */
  target: number | null;
  /** Every household on record, whatever its status (the survey's size). */
  registeredTotal: number;
  /** Registered households wait for an official's review (= registered: the status's name misleads). */
  pendingReview: number;
  /** Approved or assigned, not yet delivered: approved + assigned. */
  notYetDelivered: number;
  /** The work left: pendingReview + notYetDelivered. */
  remaining: number;
  /** approved + assigned + delivered: households that are (or were) owed a receiver. */
  eligible: number;
  /** delivered / eligible; null when nothing is eligible ("nothing to do" must not read as 0 %). */
  coverage: number | null;
  /**
   * Households still on the list (registered + approved + assigned + delivered: neither withdrawn nor
   * rejected) / target; null without a target. May exceed 1 when the survey found more than the list.
   */
  completeness: number | null;
}

export const COVERAGE_COUNT_KEYS = [
  'registered',
  'approved',
  'rejected',
  'assigned',
  'delivered',
  'withdrawn',
  'failedAttempts',
] as const satisfies readonly (keyof CoverageCounts)[];

export function zeroCounts(): CoverageCounts {
  return {
    registered: 0,
    approved: 0,
    rejected: 0,
    assigned: 0,
    delivered: 0,
    withdrawn: 0,
    failedAttempts: 0,
  };
}

export function addCounts(a: CoverageCounts, b: CoverageCounts): CoverageCounts {
  const sum = zeroCounts();
  for (const k of COVERAGE_COUNT_KEYS) sum[k] = a[k] + b[k];
  return sum;
}

/** A target that is null stays null only while every part is null: one commune's target is a target. */
export function addTargets(a: number | null, b: number | null): number | null {
  if (a === null) return b;
  if (b === null) return a;
  return a + b;
}

/** delivered / eligible, or null when nothing is eligible. Not capped: drift above 100 % must show. */
export function coverageRate(delivered: number, eligible: number): number | null {
  return eligible === 0 ? null : delivered / eligible;
}

export function coverageFigures(counts: CoverageCounts, target: number | null): CoverageFigures {
  const eligible = counts.approved + counts.assigned + counts.delivered;
  const onList = counts.registered + eligible;
  const notYetDelivered = counts.approved + counts.assigned;
  return {
    ...counts,
    target,
    registeredTotal: onList + counts.rejected + counts.withdrawn,
    pendingReview: counts.registered,
    notYetDelivered,
    remaining: counts.registered + notYetDelivered,
    eligible,
    coverage: coverageRate(counts.delivered, eligible),
    completeness: target === null || target === 0 ? null : onList / target,
  };
}

export const COVERAGE_SORTS = ['code', 'name', 'coverage', 'delivered', 'target'] as const;
export type CoverageSort = (typeof COVERAGE_SORTS)[number];
export const SORT_ORDERS = ['asc', 'desc'] as const;
export type SortOrder = (typeof SORT_ORDERS)[number];

export interface CoverageRowLike {
  code: string;
  name: string;
  coverage: number | null;
  delivered: number;
  target: number | null;
}

function compareBy(sort: CoverageSort, a: CoverageRowLike, b: CoverageRowLike): number | null {
  if (sort === 'code') return a.code < b.code ? -1 : a.code > b.code ? 1 : 0;
  if (sort === 'name') return a.name.localeCompare(b.name, 'vi');
  const x = a[sort];
  const y = b[sort];
  if (x === null || y === null) return null;
  return x - y;
}

/**
 * Rows sorted by `sort` in `order`; rows whose value is null (no coverage, no target) come last in
 * either order, and ties keep code order.
 */
export function sortCoverageRows<T extends CoverageRowLike>(
  rows: readonly T[],
  sort: CoverageSort,
  order: SortOrder,
): T[] {
  const sign = order === 'desc' ? -1 : 1;
  return [...rows].sort((a, b) => {
    const c = compareBy(sort, a, b);
    if (c === null) {
      const aNull = sort !== 'code' && sort !== 'name' && a[sort] === null;
      const bNull = sort !== 'code' && sort !== 'name' && b[sort] === null;
      if (aNull !== bNull) return aNull ? 1 : -1;
    } else if (c !== 0) {
      return sign * c;
    }
    return a.code < b.code ? -1 : a.code > b.code ? 1 : 0;
  });
}

/** Rows still short of `rate` (coverage < rate), and rows with no coverage at all (null). */
export function rowsBelowRate<T extends { coverage: number | null }>(rows: readonly T[], rate: number): T[] {
  return rows.filter((r) => r.coverage === null || r.coverage < rate);
}

/** A fraction as a percentage with one decimal (0.83333 → 83.3), for CSV cells; null stays empty. */
export function percentCell(rate: number | null): number | null {
  return rate === null ? null : Math.round(rate * 1000) / 10;
}
