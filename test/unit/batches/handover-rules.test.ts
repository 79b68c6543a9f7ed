import { expect } from 'chai';
import { CLOCK_SKEW_MS, handoverTime, recipientOf } from '../../../src/batches/handover-rules';
import { matchesWorklist } from '../../../src/batches/worklist';
import { RuleViolationError, ValidationError } from '../../../src/errors';

describe('handover rules', () => {
  describe('recipientOf', () => {
    const cases: [
      string,
      string | null | undefined,
      { isHead: boolean; relation: string | null } | 'refused',
    ][] = [
      ['5678', undefined, { isHead: true, relation: null }],
      ['5678', 'Chủ hộ', { isHead: true, relation: 'Chủ hộ' }],
      ['1111', ' Vợ ', { isHead: false, relation: 'Vợ' }],
      ['1111', undefined, 'refused'],
      ['1111', null, 'refused'],
      ['1111', '   ', 'refused'],
    ];
    for (const [last4, relation, expected] of cases) {
      it(`when the digits are ${last4} and the relation ${JSON.stringify(relation)}, then ${JSON.stringify(expected)}`, () => {
        const run = () => recipientOf('001234565678', last4, relation);
        if (expected === 'refused') expect(run).to.throw(RuleViolationError, /recipientRelation/);
        else expect(run()).to.deep.equal(expected);
      });
    }
  });

  describe('handoverTime', () => {
    const now = new Date('2026-03-10T08:00:00Z');
    const startedAt = new Date('2026-03-01T00:00:00Z');
    const at = (ms: number) => new Date(now.getTime() + ms);

    it('when nothing is given, then now', () => {
      expect(handoverTime({}, startedAt, now)).to.deep.equal(now);
    });
    it('when capturedAt is an hour ago, then it', () => {
      expect(handoverTime({ capturedAt: at(-3_600_000) }, startedAt, now)).to.deep.equal(at(-3_600_000));
    });
    it('when capturedAt is within the clock skew ahead, then it', () => {
      expect(handoverTime({ capturedAt: at(CLOCK_SKEW_MS) }, startedAt, now)).to.deep.equal(
        at(CLOCK_SKEW_MS),
      );
    });
    it('when capturedAt is beyond the skew ahead, then now', () => {
      expect(handoverTime({ capturedAt: at(CLOCK_SKEW_MS + 1) }, startedAt, now)).to.deep.equal(now);
    });
    it('when capturedAt is before the batch started, then now', () => {
      expect(handoverTime({ capturedAt: new Date('2026-02-28T00:00:00Z') }, startedAt, now)).to.deep.equal(
        now,
      );
    });
    it('when the batch has no start and capturedAt is old, then capturedAt', () => {
      const old = new Date('2025-01-01T00:00:00Z');
      expect(handoverTime({ capturedAt: old }, null, now)).to.deep.equal(old);
    });
    it('when deliveredAt is plausible, then it wins over capturedAt', () => {
      expect(handoverTime({ deliveredAt: at(-60_000), capturedAt: at(-1000) }, startedAt, now)).to.deep.equal(
        at(-60_000),
      );
    });
    it('when deliveredAt is in the future or before the start, then a 400 naming deliveredAt', () => {
      for (const deliveredAt of [at(86_400_000), new Date('2026-02-01T00:00:00Z')]) {
        try {
          handoverTime({ deliveredAt }, startedAt, now);
          expect.fail('should throw');
        } catch (err) {
          expect(err).to.be.instanceOf(ValidationError);
          expect((err as ValidationError).details).to.have.nested.property('[0].path', 'deliveredAt');
        }
      }
    });
  });

  describe('matchesWorklist', () => {
    const d = {
      area: { provinceCode: '25', districtCode: '227', communeCode: '07888' },
      village: 'Thôn Đồng Sơn',
      household: { fullName: 'Nguyễn Thị Hoà', address: 'Xóm Đình' },
    };
    const cases: [Parameters<typeof matchesWorklist>[1], boolean][] = [
      [{}, true],
      [{ areaCode: '07888' }, true],
      [{ areaCode: '227' }, true],
      [{ areaCode: '25' }, true],
      [{ areaCode: '07891' }, false],
      [{ village: 'thon dong son' }, true],
      [{ village: 'Thôn Bãi Bằng' }, false],
      [{ foldedQ: 'thi hoa' }, true],
      [{ foldedQ: 'xom dinh' }, true],
      [{ foldedQ: 'sang' }, false],
    ];
    for (const [filter, ok] of cases) {
      it(`when filtered by ${JSON.stringify(filter)}, then ${ok ? 'kept' : 'left out'}`, () => {
        expect(matchesWorklist(d, filter)).to.equal(ok);
      });
    }
  });
});
