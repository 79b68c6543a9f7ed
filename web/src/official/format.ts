import type { Language } from '../shared/i18n';

/** A calendar day ('YYYY-MM-DD') as people write it: 30/06/2026. */
export function formatDay(day: string, _lang: Language): string {
  const [y, m, d] = day.slice(0, 10).split('-');
  return `${d}/${m}/${y}`;
}
