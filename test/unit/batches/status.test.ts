import { expect } from 'chai';
import {
  assertBatchAllows,
  assertDeliveryPending,
  BATCH_ACTIONS,
  BATCH_STATUSES,
  batchAllows,
  DELIVERY_STATUSES,
  FAILURE_REASONS,
  isPermanentFailure,
  type BatchAction,
  type BatchStatus,
} from '../../../src/batches/status';
import { RuleViolationError } from '../../../src/errors';

describe('batch status rules', () => {
  const allowed: Record<BatchAction, BatchStatus[]> = {
    allocate: ['planned', 'in_progress'],
    add_households: ['planned', 'in_progress'],
    start: ['planned'],
    close: ['planned', 'in_progress'],
    deliver: ['in_progress'],
    edit: ['planned', 'in_progress'],
  };

  for (const action of BATCH_ACTIONS) {
    for (const status of BATCH_STATUSES) {
      const ok = allowed[action].includes(status);
      it(`when a ${status} batch is asked to ${action}, then it is ${ok ? 'allowed' : 'a rule violation'}`, () => {
        expect(batchAllows(status, action)).to.equal(ok);
        if (ok) expect(() => assertBatchAllows(status, action)).not.to.throw();
        else expect(() => assertBatchAllows(status, action)).to.throw(RuleViolationError);
      });
    }
  }

  for (const status of DELIVERY_STATUSES) {
    it(`when a ${status} delivery is to be ended, then it is ${status === 'pending' ? 'allowed' : 'refused'}`, () => {
      if (status === 'pending') expect(() => assertDeliveryPending(status)).not.to.throw();
      else expect(() => assertDeliveryPending(status)).to.throw(RuleViolationError);
    });
  }

  const permanent = ['moved', 'deceased', 'refused', 'no_tv', 'has_paid_tv', 'has_digital_tv'];
  for (const reason of FAILURE_REASONS) {
    it(`when a delivery fails for ${reason}, then it is ${permanent.includes(reason) ? 'permanent' : 'temporary'}`, () => {
      expect(isPermanentFailure(reason)).to.equal(permanent.includes(reason));
    });
  }
});
