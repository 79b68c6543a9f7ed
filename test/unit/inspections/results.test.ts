import { expect } from 'chai';
import {
  addInspectionCounts,
  inspectionFigures,
  zeroInspectionCounts,
} from '../../../src/inspections/figures';
import { decideRecording, type RecordedState } from '../../../src/inspections/results';

describe('inspection results', () => {
  describe('decideRecording', () => {
    const pending: RecordedState = { status: 'pending', result: null, notes: null, version: 1 };
    const recorded: RecordedState = { status: 'inspected', result: 'ok', notes: 'Tốt', version: 2 };
    const cases: {
      name: string;
      current: RecordedState;
      input: Parameters<typeof decideRecording>[1];
      want: string;
    }[] = [
      {
        name: 'a pending one is recorded without a version',
        current: pending,
        input: { result: 'ok' },
        want: 'record',
      },
      {
        name: 'a pending one with its version',
        current: pending,
        input: { result: 'ok', version: 1 },
        want: 'record',
      },
      {
        name: 'a pending one with a stale version',
        current: pending,
        input: { result: 'ok', version: 3 },
        want: 'stale',
      },
      { name: 'the same result again', current: recorded, input: { result: 'ok' }, want: 'unchanged' },
      {
        name: 'the same result and notes with an old version',
        current: recorded,
        input: { result: 'ok', notes: 'Tốt', version: 1 },
        want: 'unchanged',
      },
      {
        name: 'another result without a version',
        current: recorded,
        input: { result: 'not_working' },
        want: 'stale',
      },
      {
        name: 'another result with a stale version',
        current: recorded,
        input: { result: 'not_working', version: 1 },
        want: 'stale',
      },
      {
        name: 'another result with the current version',
        current: recorded,
        input: { result: 'not_working', version: 2 },
        want: 'record',
      },
      {
        name: 'the same result with other notes and no version',
        current: recorded,
        input: { result: 'ok', notes: 'Khác' },
        want: 'stale',
      },
      {
        name: 'the same result with other notes and the current version',
        current: recorded,
        input: { result: 'ok', notes: 'Khác', version: 2 },
        want: 'record',
      },
    ];
    for (const c of cases) {
      it(`when ${c.name}, then it is ${c.want}`, () => {
        expect(decideRecording(c.current, c.input)).to.equal(c.want);
      });
    }
  });

  describe('inspectionFigures', () => {
    it('when nothing was inspected, then the problem rate is null', () => {
      const c = { ...zeroInspectionCounts(), sampled: 4 };

      const f = inspectionFigures(c);

      expect(f).to.include({ sampled: 4, inspected: 0, pending: 4, problems: 0, problemRate: null });
    });

    it('when some are inspected, then problems are every result but ok, over those inspected', () => {
      const c = zeroInspectionCounts();
      c.sampled = 10;
      c.results.ok = 5;
      c.results.not_working = 2;
      c.results.receiver_missing = 1;

      const f = inspectionFigures(c);

      expect(f).to.include({ inspected: 8, pending: 2, problems: 3, problemRate: 3 / 8 });
    });

    it('when counts are added, then every result adds up', () => {
      const a = zeroInspectionCounts();
      a.sampled = 2;
      a.results.ok = 1;
      const b = zeroInspectionCounts();
      b.sampled = 3;
      b.results.ok = 2;
      b.results.wrong_household = 1;

      const sum = addInspectionCounts(a, b);

      expect(sum.sampled).to.equal(5);
      expect(sum.results).to.include({ ok: 3, wrong_household: 1, not_installed: 0 });
    });
  });
});
