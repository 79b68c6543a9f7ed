import { expect } from 'chai';
import { dayFromText } from '../../../web/src/shared/day-text';

describe('dayFromText (a day typed as dd/mm/yyyy)', () => {
  const cases: [string, string | null][] = [
    ['31/12/2026', '2026-12-31'],
    ['1/2/2026', '2026-02-01'],
    ['01-02-2026', '2026-02-01'],
    ['01.02.2026', '2026-02-01'],
    [' 9 / 12 / 2026 ', '2026-12-09'],
    ['2026-12-31', '2026-12-31'],
    ['29/02/2028', '2028-02-29'],
    ['29/02/2027', null],
    ['31/04/2026', null],
    ['12/31/2026', null],
    ['00/12/2026', null],
    ['31/12/26', null],
    ['31122026', null],
    ['', null],
    ['ngày mai', null],
  ];
  for (const [typed, day] of cases) {
    it(`when "${typed}" is typed, then the day is ${day ?? 'none'}`, () => {
      expect(dayFromText(typed)).to.equal(day);
    });
  }
});
