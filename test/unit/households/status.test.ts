import { expect } from 'chai';
import { RuleViolationError } from '../../../src/errors';
import {
  canTransition,
  CONTACT_FIELDS,
  editableFields,
  HOUSEHOLD_ACTIONS,
  HOUSEHOLD_STATUSES,
  nextStatus,
  type HouseholdAction,
  type HouseholdStatus,
} from '../../../src/households/status';

// The whole life cycle of DESIGN §4, written out by hand: every status × action, '-' where forbidden.
// Its type makes the compiler refuse a matrix missing a status or an action.
const MATRIX: Record<HouseholdStatus, Record<HouseholdAction, HouseholdStatus | '-'>> = {
  registered: {
    approve: 'approved',
    reject: 'rejected',
    withdraw: 'withdrawn',
    reopen: '-',
    assign: '-',
    release: '-',
    deliver: '-',
  },
  approved: {
    approve: '-',
    reject: '-',
    withdraw: 'withdrawn',
    reopen: '-',
    assign: 'assigned',
    release: '-',
    deliver: '-',
  },
  rejected: {
    approve: '-',
    reject: '-',
    withdraw: '-',
    reopen: 'registered',
    assign: '-',
    release: '-',
    deliver: '-',
  },
  assigned: {
    approve: '-',
    reject: '-',
    withdraw: 'withdrawn',
    reopen: '-',
    assign: '-',
    release: 'approved',
    deliver: 'delivered',
  },
  delivered: {
    approve: '-',
    reject: '-',
    withdraw: '-',
    reopen: '-',
    assign: '-',
    release: '-',
    deliver: '-',
  },
  withdrawn: {
    approve: '-',
    reject: '-',
    withdraw: '-',
    reopen: '-',
    assign: '-',
    release: '-',
    deliver: '-',
  },
};

describe('household status transitions', () => {
  for (const from of HOUSEHOLD_STATUSES) {
    for (const action of HOUSEHOLD_ACTIONS) {
      const expected = MATRIX[from][action];
      if (expected === '-') {
        it(`when a ${from} household is asked to ${action}, then it throws RuleViolationError`, () => {
          const attempt = () => nextStatus(from, action);

          expect(attempt).to.throw(RuleViolationError);
          expect(canTransition(from, action)).to.equal(false);
        });
      } else {
        it(`when a ${from} household is asked to ${action}, then it becomes ${expected}`, () => {
          const to = nextStatus(from, action);

          expect(to).to.equal(expected);
          expect(canTransition(from, action)).to.equal(true);
        });
      }
    }
  }

  it('when a transition is refused, then the error names the status and action in both languages', () => {
    let caught: unknown;

    try {
      nextStatus('delivered', 'withdraw');
    } catch (err) {
      caught = err;
    }

    expect(caught).to.be.instanceOf(RuleViolationError);
    const err = caught as RuleViolationError;
    expect(err.code).to.equal('RULE_VIOLATION');
    expect(err.details).to.deep.equal({ status: 'delivered', action: 'withdraw' });
    expect(err.text.vi).to.include('đã bàn giao');
    expect(err.text.en).to.equal('Cannot withdraw a household that is delivered');
  });

  it('when every status is followed, then delivered and withdrawn are final (no action leaves them)', () => {
    const leaving = (s: HouseholdStatus) => HOUSEHOLD_ACTIONS.filter((a) => canTransition(s, a));

    expect(leaving('delivered')).to.deep.equal([]);
    expect(leaving('withdrawn')).to.deep.equal([]);
  });
});

describe('editableFields', () => {
  const cases: [HouseholdStatus, 'all' | 'contact' | 'none'][] = [
    ['registered', 'all'],
    ['rejected', 'all'],
    ['approved', 'contact'],
    ['assigned', 'contact'],
    ['delivered', 'none'],
    ['withdrawn', 'none'],
  ];
  for (const [status, expected] of cases) {
    it(`when the household is ${status}, then ${expected} fields may change`, () => {
      const editable = editableFields(status);

      expect(editable).to.equal(expected);
    });
  }

  it('when a household is approved, then only contact details are contact fields (not TV, poverty or head)', () => {
    const fields: readonly string[] = CONTACT_FIELDS;

    expect([...fields].sort()).to.deep.equal(['address', 'memberCount', 'notes', 'phone', 'village']);
    for (const f of ['hasTv', 'hasPaidTv', 'hasDigitalTv', 'povertyStatus', 'povertyListYear', 'head']) {
      expect(fields).not.to.include(f);
    }
  });
});
