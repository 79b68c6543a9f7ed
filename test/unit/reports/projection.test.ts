import { expect } from 'chai';
import {
  addDays,
  deliverySeries,
  projectCoverage,
  recentRate,
  weekOf,
  type ProjectionInput,
} from '../../../src/reports/projection';
import { vietnamDay } from '../../../src/vietnam-time';

describe('projection', () => {
  describe('vietnamDay', () => {
    const cases: [string, string][] = [
      ['2025-03-03T16:59:59.999Z', '2025-03-03'], // 23:59:59 in Hà Nội
      ['2025-03-03T17:00:00.000Z', '2025-03-04'], // midnight in Hà Nội
      ['2025-03-03T00:00:00.000Z', '2025-03-03'],
      ['2024-12-31T17:30:00.000Z', '2025-01-01'],
    ];
    for (const [at, day] of cases) {
      it(`when the instant is ${at}, then the Vietnam day is ${day}`, () => {
        expect(vietnamDay(new Date(at))).to.equal(day);
      });
    }
  });

  describe('addDays and weekOf', () => {
    it('when days are added across a month end and a leap day, then the calendar is followed', () => {
      expect(addDays('2024-02-27', 3)).to.equal('2024-03-01');
      expect(addDays('2025-02-27', 3)).to.equal('2025-03-02');
      expect(addDays('2025-03-01', 70)).to.equal('2025-05-10');
      expect(addDays('2025-01-01', -1)).to.equal('2024-12-31');
    });
    it('when a day is given, then its week starts on the Monday before (or on) it', () => {
      expect(weekOf('2025-03-03')).to.equal('2025-03-03'); // Monday
      expect(weekOf('2025-03-05')).to.equal('2025-03-03'); // Wednesday
      expect(weekOf('2025-03-09')).to.equal('2025-03-03'); // Sunday
      expect(weekOf('2025-01-01')).to.equal('2024-12-30');
    });
  });

  describe('recentRate', () => {
    it('when nothing was ever delivered, then the rate is 0 over 0 days', () => {
      expect(recentRate([], '2025-03-05', 14)).to.deep.equal({ delivered: 0, days: 0, perDay: 0 });
    });
    it('when deliveries began 5 days ago, then the window is those 5 days, not 14', () => {
      const days = [
        { day: '2025-03-01', delivered: 10 },
        { day: '2025-03-05', delivered: 4 },
      ];

      expect(recentRate(days, '2025-03-05', 14)).to.deep.equal({ delivered: 14, days: 5, perDay: 2.8 });
    });
    it('when the history is long, then only the last 14 days up to today count', () => {
      const days = [
        { day: '2025-01-01', delivered: 100 },
        { day: '2025-02-28', delivered: 50 },
        { day: '2025-03-01', delivered: 7 },
        { day: '2025-03-14', delivered: 7 },
        { day: '2025-03-15', delivered: 99 }, // after today: ignored
      ];

      expect(recentRate(days, '2025-03-14', 14)).to.deep.equal({ delivered: 14, days: 14, perDay: 1 });
      expect(recentRate(days, '2025-03-14', 1)).to.deep.equal({ delivered: 7, days: 1, perDay: 7 });
    });
    it('when deliveries stopped more than a window ago, then the rate is 0 (a pause is not skipped)', () => {
      expect(recentRate([{ day: '2025-01-01', delivered: 50 }], '2025-03-01', 14)).to.deep.equal({
        delivered: 0,
        days: 14,
        perDay: 0,
      });
    });
  });

  describe('projectCoverage', () => {
    const base: ProjectionInput = {
      eligible: 100,
      delivered: 30,
      rate: { delivered: 14, days: 14 },
      today: '2025-03-01',
      switchOffDate: '2025-06-30',
    };
    const cases: {
      name: string;
      input: Partial<ProjectionInput>;
      expected: Omit<ReturnType<typeof projectCoverage>, 'awaitingReview' | 'notYetDelivered'>;
    }[] = [
      {
        name: 'when 70 remain at 1 a day, then full coverage is 70 days later, before the switch-off',
        input: {},
        expected: {
          remaining: 70,
          complete: false,
          projectedDate: '2025-05-10',
          daysToComplete: 70,
          willMissSwitchOff: false,
        },
      },
      {
        name: 'when the projected day is the switch-off day itself, then it is on time',
        input: { switchOffDate: '2025-05-10' },
        expected: {
          remaining: 70,
          complete: false,
          projectedDate: '2025-05-10',
          daysToComplete: 70,
          willMissSwitchOff: false,
        },
      },
      {
        name: 'when the projected day is one day after the switch-off, then it will miss it',
        input: { switchOffDate: '2025-05-09' },
        expected: {
          remaining: 70,
          complete: false,
          projectedDate: '2025-05-10',
          daysToComplete: 70,
          willMissSwitchOff: true,
        },
      },
      {
        name: 'when 15 remain at 3 per 11 days, then exactly 55 days (15 / (3 / 11) in floating point ceils to 56)',
        input: { eligible: 15, delivered: 0, rate: { delivered: 3, days: 11 } },
        expected: {
          remaining: 15,
          complete: false,
          projectedDate: '2025-04-25',
          daysToComplete: 55,
          willMissSwitchOff: false,
        },
      },
      {
        name: 'when 10 remain at 3 a day, then a part day counts as a whole one (4 days)',
        input: { eligible: 10, delivered: 0, rate: { delivered: 3, days: 1 } },
        expected: {
          remaining: 10,
          complete: false,
          projectedDate: '2025-03-05',
          daysToComplete: 4,
          willMissSwitchOff: false,
        },
      },
      {
        name: 'when the rate is 0 with work left, then no date, and it will miss a set switch-off',
        input: { rate: { delivered: 0, days: 14 } },
        expected: {
          remaining: 70,
          complete: false,
          projectedDate: null,
          daysToComplete: null,
          willMissSwitchOff: true,
        },
      },
      {
        name: 'when the rate is 0 and no switch-off date is set, then the flag is null',
        input: { rate: { delivered: 0, days: 0 }, switchOffDate: null },
        expected: {
          remaining: 70,
          complete: false,
          projectedDate: null,
          daysToComplete: null,
          willMissSwitchOff: null,
        },
      },
      {
        name: 'when every eligible household has its receiver, then complete today and on time',
        input: { delivered: 100, rate: { delivered: 0, days: 14 } },
        expected: {
          remaining: 0,
          complete: true,
          projectedDate: '2025-03-01',
          daysToComplete: 0,
          willMissSwitchOff: false,
        },
      },
      {
        name: 'when complete after the switch-off date has passed, then it is still not "will miss"',
        input: { delivered: 100, today: '2025-08-01' },
        expected: {
          remaining: 0,
          complete: true,
          projectedDate: '2025-08-01',
          daysToComplete: 0,
          willMissSwitchOff: false,
        },
      },
      {
        name: 'when drifted counters hold more delivered than eligible, then it is complete, remaining 0',
        input: { eligible: 5, delivered: 6, switchOffDate: null },
        expected: {
          remaining: 0,
          complete: true,
          projectedDate: '2025-03-01',
          daysToComplete: 0,
          willMissSwitchOff: null,
        },
      },
      {
        name: 'when nothing is eligible, then there is nothing to project',
        input: { eligible: 0, delivered: 0 },
        expected: {
          remaining: 0,
          complete: false,
          projectedDate: null,
          daysToComplete: null,
          willMissSwitchOff: null,
        },
      },
      {
        name: 'when the switch-off date is past and work remains, then it will miss it',
        input: { today: '2025-07-01' },
        expected: {
          remaining: 70,
          complete: false,
          projectedDate: '2025-09-09',
          daysToComplete: 70,
          willMissSwitchOff: true,
        },
      },
    ];
    for (const c of cases) {
      it(c.name, () => {
        expect(projectCoverage({ ...base, ...c.input })).to.deep.equal({
          ...c.expected,
          awaitingReview: 0,
          notYetDelivered: c.expected.remaining,
        });
      });
    }

    const backlog: [string, Partial<ProjectionInput>, Partial<ReturnType<typeof projectCoverage>>][] = [
      [
        'when 30 await review and 70 are approved, then 100 remain and the date counts both',
        { awaitingReview: 30 },
        { awaitingReview: 30, notYetDelivered: 70, remaining: 100, daysToComplete: 100, complete: false },
      ],
      [
        'when every eligible household is delivered but 5 await review, then it is not complete',
        { delivered: 100, awaitingReview: 5 },
        { awaitingReview: 5, notYetDelivered: 0, remaining: 5, complete: false, daysToComplete: 5 },
      ],
      [
        'when nothing is approved yet but 10 await review with no delivery, then it will miss the date',
        { eligible: 0, delivered: 0, awaitingReview: 10, rate: { delivered: 0, days: 0 } },
        { remaining: 10, projectedDate: null, willMissSwitchOff: true },
      ],
    ];
    for (const [name, input, expected] of backlog) {
      it(name, () => {
        expect(projectCoverage({ ...base, ...input })).to.deep.include(expected);
      });
    }
  });

  describe('deliverySeries', () => {
    const days = [
      { day: '2025-03-01', delivered: 2 },
      { day: '2025-03-03', delivered: 3 },
      { day: '2025-03-10', delivered: 1 },
    ];

    it('when by day, then every day of the range appears and the cumulative counts earlier deliveries', () => {
      expect(deliverySeries(days, '2025-03-02', '2025-03-04', 'day')).to.deep.equal([
        { period: '2025-03-02', delivered: 0, cumulative: 2 },
        { period: '2025-03-03', delivered: 3, cumulative: 5 },
        { period: '2025-03-04', delivered: 0, cumulative: 5 },
      ]);
    });

    it('when by week, then periods are Mondays and each week sums its days', () => {
      expect(deliverySeries(days, '2025-03-01', '2025-03-10', 'week')).to.deep.equal([
        { period: '2025-02-24', delivered: 2, cumulative: 2 },
        { period: '2025-03-03', delivered: 3, cumulative: 5 },
        { period: '2025-03-10', delivered: 1, cumulative: 6 },
      ]);
    });

    it('when the range is one day with nothing delivered, then one zero point', () => {
      expect(deliverySeries([], '2025-03-05', '2025-03-05', 'day')).to.deep.equal([
        { period: '2025-03-05', delivered: 0, cumulative: 0 },
      ]);
    });
  });
});
