import { expect } from 'chai';
import { ValidationError } from '../../../src/errors';
import { drawSample, sampleSizeFor, type SampleCandidate } from '../../../src/inspections/sampling';

/** `perCommune[i]` deliveries in commune `0000i`, ids `d-<commune>-<n>`. */
function candidates(...perCommune: number[]): SampleCandidate[] {
  return perCommune.flatMap((n, c) =>
    Array.from({ length: n }, (_, i) => ({ deliveryId: `d-${c}-${i}`, communeCode: `0000${c}` })),
  );
}

const communeOf = (id: string) => `0000${id.split('-')[1]}`;

describe('drawing an inspection sample', () => {
  describe('sampleSizeFor', () => {
    const cases: { name: string; n: number; rule: { size?: number; rate?: number }; want: number }[] = [
      { name: 'a size below the candidates is kept', n: 50, rule: { size: 7 }, want: 7 },
      { name: 'a size above the candidates takes them all', n: 5, rule: { size: 20 }, want: 5 },
      { name: 'a rate is rounded up', n: 21, rule: { rate: 0.1 }, want: 3 },
      {
        name: 'an exact rate is not rounded up by float error (0.1 × 30)',
        n: 30,
        rule: { rate: 0.1 },
        want: 3,
      },
      { name: 'a tiny rate still draws one', n: 40, rule: { rate: 0.001 }, want: 1 },
      { name: 'rate 1 takes them all', n: 9, rule: { rate: 1 }, want: 9 },
      { name: 'no candidates draws none (rate)', n: 0, rule: { rate: 0.5 }, want: 0 },
      { name: 'no candidates draws none (size)', n: 0, rule: { size: 3 }, want: 0 },
    ];
    for (const c of cases) {
      it(`when ${c.name}, then the size is ${c.want}`, () => {
        expect(sampleSizeFor(c.n, c.rule)).to.equal(c.want);
      });
    }

    const invalid: { name: string; rule: { size?: number; rate?: number } }[] = [
      { name: 'both size and rate are given', rule: { size: 3, rate: 0.5 } },
      { name: 'neither is given', rule: {} },
      { name: 'the rate is 0', rule: { rate: 0 } },
      { name: 'the rate is above 1', rule: { rate: 1.5 } },
      { name: 'the size is 0', rule: { size: 0 } },
      { name: 'the size is fractional', rule: { size: 2.5 } },
    ];
    for (const c of invalid) {
      it(`when ${c.name}, then it is a ValidationError`, () => {
        expect(() => sampleSizeFor(10, c.rule)).to.throw(ValidationError);
      });
    }
  });

  describe('drawSample', () => {
    it('when drawn twice with the same seed, then the sample and its order are the same', () => {
      const all = candidates(10, 10, 10);

      const a = drawSample(all, { seed: 'kiem-tra-2025', size: 8 });
      const b = drawSample(all, { seed: 'kiem-tra-2025', size: 8 });

      expect(a).to.have.length(8);
      expect(b).to.deep.equal(a);
    });

    it('when the candidates come in another order, then the sample is still the same', () => {
      const all = candidates(6, 9, 4);

      const a = drawSample(all, { seed: '42', rate: 0.3 });
      const b = drawSample([...all].reverse(), { seed: '42', rate: 0.3 });

      expect(b).to.deep.equal(a);
    });

    it('when the seeds differ, then the samples usually differ', () => {
      const all = candidates(20, 20, 20);
      const seen = new Set<string>();

      for (let s = 0; s < 10; s++) seen.add(drawSample(all, { seed: `seed-${s}`, size: 6 }).join(','));

      expect(seen.size).to.be.greaterThan(8);
    });

    it('when the size allows, then every commune with a delivered household is in the sample', () => {
      const all = candidates(50, 1, 3, 1);

      for (let s = 0; s < 20; s++) {
        const drawn = drawSample(all, { seed: String(s), size: 4 });

        expect(new Set(drawn.map(communeOf))).to.have.length(4);
      }
    });

    it('when the size is below the number of communes, then no commune gets two', () => {
      const drawn = drawSample(candidates(5, 5, 5, 5), { seed: 'x', size: 3 });

      expect(drawn).to.have.length(3);
      expect(new Set(drawn.map(communeOf))).to.have.length(3);
    });

    it('when the size exceeds the candidates, then all are drawn, each once', () => {
      const all = candidates(2, 3);

      const drawn = drawSample(all, { seed: 'x', size: 100 });

      expect([...drawn].sort()).to.deep.equal(all.map((c) => c.deliveryId).sort());
    });

    it('when a rate is given, then it is rounded up (10 % of 21 is 3)', () => {
      expect(drawSample(candidates(7, 7, 7), { seed: 'r', rate: 0.1 })).to.have.length(3);
    });

    it('when there are no candidates, then the sample is empty', () => {
      expect(drawSample([], { seed: 'x', size: 5 })).to.deep.equal([]);
      expect(drawSample([], { seed: 'x', rate: 0.2 })).to.deep.equal([]);
    });

    it('when the sample is larger than the communes, then the rest is filled and nothing repeats', () => {
      const drawn = drawSample(candidates(10, 2), { seed: 'fill', size: 7 });

      expect(drawn).to.have.length(7);
      expect(new Set(drawn)).to.have.length(7);
      expect(new Set(drawn.map(communeOf))).to.have.length(2);
    });
  });
});
