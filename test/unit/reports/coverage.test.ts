import { expect } from 'chai';
import {
  addTargets,
  coverageFigures,
  coverageRate,
  percentCell,
  rowsBelowRate,
  sortCoverageRows,
  zeroCounts,
  type CoverageCounts,
} from '../../../src/reports/coverage';

const counts = (c: Partial<CoverageCounts>): CoverageCounts => ({ ...zeroCounts(), ...c });

describe('coverage math', () => {
  describe('coverageFigures', () => {
    const cases: {
      name: string;
      counts: Partial<CoverageCounts>;
      target: number | null;
      eligible: number;
      coverage: number | null;
      completeness: number | null;
    }[] = [
      {
        name: 'when nothing is eligible, then coverage is null, not 0',
        counts: { registered: 4, rejected: 1 },
        target: 10,
        eligible: 0,
        coverage: null,
        completeness: 0.4,
      },
      {
        name: 'when 3 of 4 eligible are delivered, then coverage is 0.75',
        counts: { approved: 1, delivered: 3 },
        target: 8,
        eligible: 4,
        coverage: 0.75,
        completeness: 0.5,
      },
      {
        name: 'when approved, assigned and delivered are mixed, then all three are eligible',
        counts: { registered: 2, approved: 2, assigned: 3, delivered: 5, withdrawn: 4, rejected: 1 },
        target: 20,
        eligible: 10,
        coverage: 0.5,
        completeness: 0.6, // (2 + 10) / 20: withdrawn and rejected are off the list
      },
      {
        name: 'when every eligible household is delivered, then coverage is exactly 1',
        counts: { delivered: 7 },
        target: 7,
        eligible: 7,
        coverage: 1,
        completeness: 1,
      },
      {
        name: 'when the area has no target, then completeness is null and coverage still computed',
        counts: { approved: 1, delivered: 1 },
        target: null,
        eligible: 2,
        coverage: 0.5,
        completeness: null,
      },
      {
        name: 'when the target is 0, then completeness is null (nothing to divide by)',
        counts: { registered: 3 },
        target: 0,
        eligible: 0,
        coverage: null,
        completeness: null,
      },
      {
        name: 'when the survey found more than the target, then completeness exceeds 1 (not capped)',
        counts: { registered: 6, approved: 6 },
        target: 8,
        eligible: 6,
        coverage: 0,
        completeness: 1.5,
      },
      {
        name: 'when drifted counters hold more delivered than eligible, then coverage exceeds 1 (not capped)',
        counts: { approved: -2, delivered: 4 },
        target: null,
        eligible: 2,
        coverage: 2,
        completeness: null,
      },
    ];
    for (const c of cases) {
      it(c.name, () => {
        const f = coverageFigures(counts(c.counts), c.target);

        expect(f.eligible).to.equal(c.eligible);
        expect(f.coverage).to.equal(c.coverage);
        expect(f.completeness).to.equal(c.completeness);
        expect(f.pendingReview).to.equal(f.registered);
        expect(f.target).to.equal(c.target);
      });
    }
  });

  describe('coverageRate', () => {
    it('when more are delivered than eligible, then the rate is above 1', () => {
      expect(coverageRate(5, 4)).to.equal(1.25);
    });
    it('when 0 are eligible, then the rate is null', () => {
      expect(coverageRate(0, 0)).to.equal(null);
    });
  });

  describe('addTargets', () => {
    it('when both are null, then null; when one is set, then that one; else the sum', () => {
      expect(addTargets(null, null)).to.equal(null);
      expect(addTargets(null, 5)).to.equal(5);
      expect(addTargets(5, null)).to.equal(5);
      expect(addTargets(5, 0)).to.equal(5);
      expect(addTargets(2, 3)).to.equal(5);
    });
  });

  describe('percentCell', () => {
    const cases: [number | null, number | null][] = [
      [null, null],
      [0, 0],
      [1, 100],
      [0.8333333, 83.3],
      [2 / 3, 66.7],
      [0.0005, 0.1],
      [1.25, 125],
    ];
    for (const [rate, cell] of cases) {
      it(`when the rate is ${rate}, then the cell reads ${cell}`, () => {
        expect(percentCell(rate)).to.equal(cell);
      });
    }
  });

  describe('sortCoverageRows and rowsBelowRate', () => {
    const rows = [
      { code: '003', name: 'Đông Anh', coverage: 0.5, delivered: 5, target: 20 },
      { code: '001', name: 'Ba Đình', coverage: null, delivered: 0, target: null },
      { code: '002', name: 'Cầu Giấy', coverage: 0.9, delivered: 9, target: 10 },
      { code: '004', name: 'Ân Thi', coverage: 0.5, delivered: 2, target: 4 },
    ];
    const codes = (r: { code: string }[]) => r.map((x) => x.code);

    it('when sorted by code, then in code order', () => {
      expect(codes(sortCoverageRows(rows, 'code', 'asc'))).to.deep.equal(['001', '002', '003', '004']);
      expect(codes(sortCoverageRows(rows, 'code', 'desc'))).to.deep.equal(['004', '003', '002', '001']);
    });
    it('when sorted by coverage, then nulls come last in either order and ties keep code order', () => {
      expect(codes(sortCoverageRows(rows, 'coverage', 'asc'))).to.deep.equal(['003', '004', '002', '001']);
      expect(codes(sortCoverageRows(rows, 'coverage', 'desc'))).to.deep.equal(['002', '003', '004', '001']);
    });
    it('when sorted by target or delivered, then numerically', () => {
      expect(codes(sortCoverageRows(rows, 'target', 'desc'))).to.deep.equal(['003', '002', '004', '001']);
      expect(codes(sortCoverageRows(rows, 'delivered', 'asc'))).to.deep.equal(['001', '004', '003', '002']);
    });
    it('when sorted by name, then in Vietnamese alphabetical order (Â after A, Đ after D)', () => {
      expect(codes(sortCoverageRows(rows, 'name', 'asc'))).to.deep.equal(['004', '001', '002', '003']);
    });
    it('when filtered below 0.8, then rows under 0.8 and rows with no coverage are kept', () => {
      expect(codes(rowsBelowRate(rows, 0.8))).to.deep.equal(['003', '001', '004']);
      expect(codes(rowsBelowRate(rows, 0.5))).to.deep.equal(['001']);
    });
  });
});
