import { expect } from 'chai';
import { formatDateTime } from '../../../web/src/shared/format-date';

describe('formatDateTime', () => {
  const cases: [iso: string, lang: 'vi' | 'en', shown: RegExp][] = [
    // 18:30 UTC is already the next day in Vietnam; the year has four digits.
    ['2026-12-01T18:30:00Z', 'vi', /^01:30 02\/12\/2026$/],
    ['2026-12-01T03:05:00Z', 'vi', /^10:05 01\/12\/2026$/],
    ['2026-12-01T03:05:00Z', 'en', /^01\/12\/2026,? 10:05$/],
  ];
  for (const [iso, lang, shown] of cases) {
    it(`${iso} in ${lang} reads ${shown.source}`, () => {
      expect(formatDateTime(iso, lang)).to.match(shown);
    });
  }
});
