import { expect } from 'chai';
import { auditEn } from '../../../web/src/official/audit-words-en';
import { AUDIT_GROUPS, auditGroupOf, auditVi } from '../../../web/src/official/audit-words-vi';

describe('audit page words', () => {
  it('when an action has Vietnamese words, then it has English ones too, and the reverse', () => {
    expect(Object.keys(auditEn.actions).sort()).to.deep.equal(Object.keys(auditVi.actions).sort());
  });

  it('when the filter groups the actions, then every action falls in one group and every group holds one', () => {
    const groups = Object.keys(auditVi.actions).map(auditGroupOf);
    expect(groups.filter((g) => g === null)).to.deep.equal([]);
    for (const g of AUDIT_GROUPS) expect(groups, g).to.include(g);
  });

  for (const [action, group] of [
    ['household.approved', 'household'],
    ['households.imported', 'household'],
    ['handover_form.reserved', 'delivery'],
    ['inspection_sample.drawn', 'inspection'],
    ['areas.imported', 'area'],
    ['user.signed_in', 'user'],
    ['job.started', null],
  ] as const)
    it(`when the action is ${action}, then its group is ${group ?? 'none'}`, () => {
      expect(auditGroupOf(action)).to.equal(group);
    });
});
