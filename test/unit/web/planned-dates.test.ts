import { expect } from 'chai';
import { vietnamDayOf } from '../../../web/src/shared/format-date';
import { plannedDates } from '../../../web/src/shared/planned-dates';
import { installerVi } from '../../../web/src/installer/words-vi';
import { officialVi } from '../../../web/src/official/words-vi';

// A batch's planned dates as the API gives them (each day's midnight in Vietnam, as UTC instants)
// and as its pages show them: on Vietnam's calendar, and one end alone not looking cut off.
describe('planned dates of a batch', () => {
  const START = '2026-12-08T17:00:00.000Z'; // 09/12/2026 00:00 in Vietnam
  const END = '2026-12-19T17:00:00.000Z'; // 20/12/2026 00:00 in Vietnam
  const cases: [start: string | null, end: string | null, official: string, installer: string][] = [
    [START, END, '09/12/2026 – 20/12/2026', '09/12/2026 – 20/12/2026'],
    [START, null, 'từ 09/12/2026', 'từ 09/12/2026'],
    [null, END, 'đến 20/12/2026', 'đến 20/12/2026'],
    [null, null, 'chưa định', 'chưa định'],
  ];
  for (const [start, end, official, installer] of cases) {
    it(`start ${start ?? 'none'}, end ${end ?? 'none'} reads "${official}"`, () => {
      expect(plannedDates(start, end, 'vi', officialVi.batches)).to.equal(official);
      expect(plannedDates(start, end, 'vi', installerVi.batches)).to.equal(installer);
    });
  }

  const days: [iso: string, day: string][] = [
    [START, '2026-12-09'],
    ['2026-12-09T16:59:59.999Z', '2026-12-09'],
    ['2026-12-09T17:00:00.000Z', '2026-12-10'],
    ['2026-12-31T17:00:00.000Z', '2027-01-01'],
  ];
  for (const [iso, day] of days) {
    it(`${iso} is ${day} in Vietnam (the edit form's date field)`, () => {
      expect(vietnamDayOf(iso)).to.equal(day);
    });
  }
});
