// Deliveries over time and the projected date of full coverage (DESIGN §8). Pure: days are
// 'YYYY-MM-DD' strings (Vietnam calendar days) and "today" is an argument, never the clock.

const DAY_MS = 86_400_000;

function dayNumber(day: string): number {
  return Date.parse(`${day}T00:00:00Z`) / DAY_MS;
}

export function addDays(day: string, n: number): string {
  return new Date((dayNumber(day) + n) * DAY_MS).toISOString().slice(0, 10);
}

/** Days from `from` to `to` (0 when equal, negative when `to` is earlier). */
export function daysBetween(from: string, to: string): number {
  return dayNumber(to) - dayNumber(from);
}

/** The Monday starting the ISO week of `day`. */
export function weekOf(day: string): string {
  const weekday = (new Date(dayNumber(day) * DAY_MS).getUTCDay() + 6) % 7; // Monday 0 … Sunday 6
  return addDays(day, -weekday);
}

export interface DayCount {
  day: string;
  delivered: number;
}

export interface SeriesPoint {
  /** The day, or the Monday of the week. */
  period: string;
  delivered: number;
  /** Every delivery up to the end of this period, including those before the series starts. */
  cumulative: number;
}

/**
 * One point per day (or week) from `from` to `to`, zeros included, so a chart needs no gap filling.
 * Deliveries before `from` count in the cumulative total; those after `to` do not appear.
 */
export function deliverySeries(
  days: readonly DayCount[],
  from: string,
  to: string,
  granularity: 'day' | 'week',
): SeriesPoint[] {
  const periodOf = (day: string) => (granularity === 'week' ? weekOf(day) : day);
  const step = granularity === 'week' ? 7 : 1;
  const byPeriod = new Map<string, number>();
  let before = 0;
  for (const d of days) {
    if (d.day < from) before += d.delivered;
    else if (d.day <= to) byPeriod.set(periodOf(d.day), (byPeriod.get(periodOf(d.day)) ?? 0) + d.delivered);
  }
  const points: SeriesPoint[] = [];
  let cumulative = before;
  for (let p = periodOf(from); p <= to; p = addDays(p, step)) {
    const delivered = byPeriod.get(p) ?? 0;
    cumulative += delivered;
    points.push({ period: p, delivered, cumulative });
  }
  return points;
}

export interface Rate {
  /** Deliveries in the window. */
  delivered: number;
  /** Days in the window (at least 1 once anything was delivered; 0 before). */
  days: number;
  /** delivered / days; 0 when nothing was delivered. */
  perDay: number;
}

/**
 * Deliveries per day over the last `windowDays` days up to `today` (inclusive). The window starts no
 * earlier than the area's first delivery, so a campaign that began three days ago is measured over
 * three days, not diluted over fourteen. A pause is not skipped: if nothing was delivered lately, the
 * rate is low or 0, and the projection says so.
 */
export function recentRate(days: readonly DayCount[], today: string, windowDays: number): Rate {
  const active = days.filter((d) => d.delivered !== 0 && d.day <= today);
  if (active.length === 0) return { delivered: 0, days: 0, perDay: 0 };
  const first = active.reduce((min, d) => (d.day < min ? d.day : min), active[0].day);
  const windowStart = addDays(today, -(windowDays - 1));
  const start = first > windowStart ? first : windowStart;
  const delivered = Math.max(
    0,
    active.filter((d) => d.day >= start).reduce((sum, d) => sum + d.delivered, 0),
  );
  const span = daysBetween(start, today) + 1;
  return { delivered, days: span, perDay: delivered / span };
}

export interface ProjectionInput {
  eligible: number;
  delivered: number;
  /** Registered households still awaiting review: work left too, before they can be delivered. */
  awaitingReview?: number;
  /** The recent pace (recentRate). */
  rate: Pick<Rate, 'delivered' | 'days'>;
  today: string;
  /** The province's analog switch-off day, or null when not set. */
  switchOffDate: string | null;
}

export interface Projection {
  /** Households awaiting review (registered, not yet approved or rejected). */
  awaitingReview: number;
  /** Approved (or assigned) households not yet delivered: eligible − delivered. */
  notYetDelivered: number;
  /** All the work left: awaitingReview + notYetDelivered. */
  remaining: number;
  /** Every eligible household has its receiver (and at least one is eligible). */
  complete: boolean;
  /** The day full coverage is reached at the recent pace; null when it never is (rate 0) or nothing is eligible. */
  projectedDate: string | null;
  daysToComplete: number | null;
  /**
   * true when the projected date falls after the switch-off date, or when there is work left and no
   * recent delivery (at that pace it is never reached); false when done or on time; null when there
   * is no switch-off date or nothing eligible to project.
   */
  willMissSwitchOff: boolean | null;
}

/** An area's progress figures, as the progress report shows them. */
export interface ProgressFigures extends Projection {
  eligible: number;
  delivered: number;
  coverage: number | null;
  /** Deliveries per day over the recent window. */
  ratePerDay: number;
  switchOffDate: string | null;
}

/**
 * Full coverage is projected at today + ceil(remaining / rate) days: the recent pace, held, over
 * everything left (the backlog awaiting review included: those households are owed a visit too once
 * approved). The division is done in integers (remaining × days / delivered) so 7.000000001 never
 * becomes 8. Completing on the switch-off day itself counts as on time.
 */
export function projectCoverage(p: ProjectionInput): Projection {
  const awaitingReview = Math.max(0, p.awaitingReview ?? 0);
  const notYetDelivered = Math.max(0, p.eligible - p.delivered);
  const remaining = awaitingReview + notYetDelivered;
  const split = { awaitingReview, notYetDelivered, remaining };
  const known = p.switchOffDate !== null;
  if (p.eligible <= 0 && awaitingReview === 0) {
    return {
      ...split,
      complete: false,
      projectedDate: null,
      daysToComplete: null,
      willMissSwitchOff: null,
    };
  }
  if (remaining === 0) {
    return {
      ...split,
      complete: true,
      projectedDate: p.today,
      daysToComplete: 0,
      willMissSwitchOff: known ? false : null,
    };
  }
  if (p.rate.delivered <= 0 || p.rate.days <= 0) {
    return {
      ...split,
      complete: false,
      projectedDate: null,
      daysToComplete: null,
      willMissSwitchOff: known ? true : null,
    };
  }
  const daysToComplete = Math.ceil((remaining * p.rate.days) / p.rate.delivered);
  const projectedDate = addDays(p.today, daysToComplete);
  return {
    ...split,
    complete: false,
    projectedDate,
    daysToComplete,
    willMissSwitchOff: p.switchOffDate === null ? null : projectedDate > p.switchOffDate,
  };
}
