import { expect } from 'chai';
import { RuleViolationError } from '../../../src/errors';
import {
  canChangeReceiver,
  nextReceiverStatus,
  RECEIVER_ACTIONS,
  RECEIVER_STATUSES,
  type ReceiverAction,
  type ReceiverStatus,
} from '../../../src/receivers/status';

// The whole receiver life cycle of DESIGN §5, written out by hand: every status × action, '-' where forbidden.
const MATRIX: Record<ReceiverStatus, Record<ReceiverAction, ReceiverStatus | '-'>> = {
  in_stock: {
    allocate: 'allocated',
    return: '-',
    install: '-',
    uninstall: '-',
    mark_defective: 'defective',
    mark_lost: 'lost',
    repair: '-',
  },
  allocated: {
    allocate: '-',
    return: 'in_stock',
    install: 'installed',
    uninstall: '-',
    mark_defective: 'defective',
    mark_lost: 'lost',
    repair: '-',
  },
  installed: {
    allocate: '-',
    return: '-',
    install: '-',
    uninstall: 'allocated',
    mark_defective: '-',
    mark_lost: '-',
    repair: '-',
  },
  defective: {
    allocate: '-',
    return: '-',
    install: '-',
    uninstall: '-',
    mark_defective: '-',
    mark_lost: '-',
    repair: 'in_stock',
  },
  lost: {
    allocate: '-',
    return: '-',
    install: '-',
    uninstall: '-',
    mark_defective: '-',
    mark_lost: '-',
    repair: '-',
  },
};

describe('receiver status transitions', () => {
  it('when the matrix is written out, then it covers every status and every action', () => {
    const statuses = Object.keys(MATRIX);
    const actions = Object.values(MATRIX).map((row) => Object.keys(row).sort());

    expect(statuses).to.have.members([...RECEIVER_STATUSES]);
    for (const row of actions) expect(row).to.deep.equal([...RECEIVER_ACTIONS].sort());
  });

  for (const from of RECEIVER_STATUSES) {
    for (const action of RECEIVER_ACTIONS) {
      const expected = MATRIX[from][action];
      if (expected === '-') {
        it(`when a receiver ${from} is asked to ${action}, then it throws RuleViolationError`, () => {
          const attempt = () => nextReceiverStatus(from, action);

          expect(attempt).to.throw(RuleViolationError);
          expect(canChangeReceiver(from, action)).to.equal(false);
        });
      } else {
        it(`when a receiver ${from} is asked to ${action}, then it becomes ${expected}`, () => {
          const to = nextReceiverStatus(from, action);

          expect(to).to.equal(expected);
          expect(canChangeReceiver(from, action)).to.equal(true);
        });
      }
    }
  }

  it('when a change is refused, then the error names the status and action in both languages', () => {
    let caught: unknown;

    try {
      nextReceiverStatus('installed', 'mark_lost');
    } catch (err) {
      caught = err;
    }

    expect(caught).to.be.instanceOf(RuleViolationError);
    const err = caught as RuleViolationError;
    expect(err.details).to.deep.equal({ status: 'installed', action: 'mark_lost' });
    expect(err.text.vi).to.equal('Không thể báo thất lạc đầu thu ở trạng thái "đã lắp đặt"');
    expect(err.text.en).to.equal('Cannot mark_lost a receiver that is installed');
  });

  it('when every status is followed, then lost is final and installed leaves only by the uninstall compensation', () => {
    const leaving = (s: ReceiverStatus) => RECEIVER_ACTIONS.filter((a) => canChangeReceiver(s, a));

    expect(leaving('lost')).to.deep.equal([]);
    expect(leaving('installed')).to.deep.equal(['uninstall']);
  });
});
