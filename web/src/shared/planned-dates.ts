import type { Language } from './i18n';
import { formatDay, vietnamDayOf } from './format-date';

/** What a workspace's words give for planned dates. */
export interface PlannedDateWords {
  noDates: string;
  fromDay(day: string): string;
  untilDay(day: string): string;
}

/**
 * A batch's planned dates in words, each on Vietnam's calendar: one end alone reads "từ …" or
 * "đến …" (a bare "09/12/2026 – …" looked cut off), neither reads the workspace's "not set".
 */
export function plannedDates(
  start: string | null,
  end: string | null,
  lang: Language,
  words: PlannedDateWords,
): string {
  const [from, until] = [start, end].map((v) => (v ? formatDay(vietnamDayOf(v), lang) : null));
  if (from && until) return `${from} – ${until}`;
  if (from) return words.fromDay(from);
  if (until) return words.untilDay(until);
  return words.noDates;
}
