import { expect } from 'chai';
import { LIST_TOTAL_CAP, totalCapOf } from '../../../src/database/list-total';

describe('totalCapOf (how far a household list counts)', () => {
  const cases: [string, Record<string, unknown>, number | undefined][] = [
    ['a commune’s list: exact', { 'area.communeCode': '07888' }, undefined],
    [
      'a commune’s review queue with its tabs: exact',
      { 'area.communeCode': '07888', status: 'registered', 'eligibility.eligible': true },
      undefined,
    ],
    [
      'a commune outside the scope (finds nothing): exact',
      { 'area.communeCode': '__outside_scope__' },
      undefined,
    ],
    ['a province: capped', { 'area.provinceCode': '25' }, LIST_TOTAL_CAP],
    [
      'a district with a status: capped',
      { 'area.districtCode': '227', status: 'registered' },
      LIST_TOTAL_CAP,
    ],
    [
      'a name search in a province: capped',
      { 'area.provinceCode': '01', 'head.fullNameFolded': { $regex: 'nguyen van' } },
      LIST_TOTAL_CAP,
    ],
    ['the whole nation (an admin, no filter): capped', {}, LIST_TOTAL_CAP],
  ];
  for (const [title, filter, expected] of cases) {
    it(`${title}`, () => {
      expect(totalCapOf(filter)).to.equal(expected);
    });
  }

  it('the cap is the 1,000 the screens name (“Hơn 1.000 hộ”)', () => {
    expect(LIST_TOTAL_CAP).to.equal(1000);
  });
});
