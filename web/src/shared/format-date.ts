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
