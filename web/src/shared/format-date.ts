// Dates and times as a Vietnamese reader expects them, on Vietnam's clock. Pure (unit-tested).
import type { Language } from './i18n';

export function formatDateTime(iso: string, lang: Language): string {
  return new Date(iso).toLocaleString(lang === 'vi' ? 'vi-VN' : 'en-GB', {
    timeZone: 'Asia/Ho_Chi_Minh',
    // Four-digit years: "2/12/26" reads as a day of 1926 or a code on a clerk's paper list.
    day: '2-digit',
    month: '2-digit',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
  });
}

/** A calendar day ('YYYY-MM-DD') as people write it: 30/06/2026. */
export function formatDay(day: string, _lang: Language): string {
  const [y, m, d] = day.slice(0, 10).split('-');
  return `${d}/${m}/${y}`;
}

/**
 * The calendar day in Vietnam (UTC+7 all year) of an instant the API gives: a batch planned to start
 * on 09/12 is stored as its midnight in Vietnam, "2026-12-08T17:00:00.000Z", whose first ten
 * characters are the day before (the batch page showed 08/12, and its edit form saved that back).
 */
export function vietnamDayOf(iso: string): string {
  return new Date(new Date(iso).getTime() + 7 * 3_600_000).toISOString().slice(0, 10);
}
