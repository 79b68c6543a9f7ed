import { expect } from 'chai';
import {
  eligibilityOf,
  withDuplicateVerdict,
  type EligibilityFacts,
  type IneligibilityReason,
} from '../../../src/households/eligibility';

const eligible: EligibilityFacts = {
  povertyStatus: 'poor',
  povertyListYear: 2024,
  hasTv: true,
  hasPaidTv: false,
  hasDigitalTv: false,
  isDuplicate: false,
};
const LIST_YEAR = 2024;

describe('eligibilityOf', () => {
  const cases: [string, Partial<EligibilityFacts>, number, IneligibilityReason[]][] = [
    ['a poor household with a TV on the current list', {}, LIST_YEAR, []],
    ['a near-poor household with a TV on the current list', { povertyStatus: 'near_poor' }, LIST_YEAR, []],
    ['a list of exactly the programme’s year', { povertyListYear: 2024 }, 2024, []],
    ['a list newer than the programme’s year', { povertyListYear: 2025 }, 2024, []],
    ['a list one year older than the programme’s', { povertyListYear: 2023 }, 2024, ['list_too_old']],
    ['a much older list', { povertyListYear: 2015 }, 2024, ['list_too_old']],
    ['no programme list year (0)', { povertyListYear: 2000 }, 0, []],
    ['no TV', { hasTv: false }, LIST_YEAR, ['no_tv']],
    ['paid TV', { hasPaidTv: true }, LIST_YEAR, ['has_paid_tv']],
    ['DVB-T2 already', { hasDigitalTv: true }, LIST_YEAR, ['has_digital_tv']],
    ['a confirmed duplicate', { isDuplicate: true }, LIST_YEAR, ['duplicate']],
    ['no TV and paid TV', { hasTv: false, hasPaidTv: true }, LIST_YEAR, ['no_tv', 'has_paid_tv']],
    [
      'paid TV and DVB-T2 on an old list',
      { hasPaidTv: true, hasDigitalTv: true, povertyListYear: 2020 },
      LIST_YEAR,
      ['list_too_old', 'has_paid_tv', 'has_digital_tv'],
    ],
    [
      'every reason at once',
      { povertyListYear: 2010, hasTv: false, hasPaidTv: true, hasDigitalTv: true, isDuplicate: true },
      LIST_YEAR,
      ['list_too_old', 'no_tv', 'has_paid_tv', 'has_digital_tv', 'duplicate'],
    ],
  ];
  for (const [name, facts, listYear, reasons] of cases) {
    it(`when given ${name}, then it is ${reasons.length ? `not eligible (${reasons.join(', ')})` : 'eligible'}`, () => {
      const result = eligibilityOf({ ...eligible, ...facts }, listYear);

      expect(result).to.deep.equal({ eligible: reasons.length === 0, reasons });
    });
  }

  it('when the facts object is evaluated, then it is not changed', () => {
    const facts = Object.freeze({ ...eligible, hasTv: false });

    const result = eligibilityOf(facts, LIST_YEAR);

    expect(result.reasons).to.deep.equal(['no_tv']);
    expect(facts.hasTv).to.equal(false);
  });
});

describe('withDuplicateVerdict', () => {
  const cases: [string, IneligibilityReason[], boolean, IneligibilityReason[]][] = [
    ['an eligible household judged a duplicate', [], true, ['duplicate']],
    ['an eligible household judged not a duplicate', [], false, []],
    ['a duplicate judged not a duplicate (reopened)', ['duplicate'], false, []],
    ['a duplicate judged a duplicate again', ['duplicate'], true, ['duplicate']],
    ['a household without TV judged a duplicate', ['no_tv'], true, ['no_tv', 'duplicate']],
    [
      'a household without TV and a duplicate, judged not a duplicate',
      ['no_tv', 'duplicate'],
      false,
      ['no_tv'],
    ],
  ];
  for (const [name, reasons, isDuplicate, expected] of cases) {
    it(`when ${name}, then the reasons are [${expected.join(', ')}]`, () => {
      const before = { eligible: reasons.length === 0, reasons };

      const result = withDuplicateVerdict(before, isDuplicate);

      expect(result).to.deep.equal({ eligible: expected.length === 0, reasons: expected });
      expect(before.reasons).to.deep.equal(reasons);
    });
  }
});
