import { Types } from 'mongoose';
import { DeliveryModel } from '../../src/batches/delivery-model';
import { HouseholdCounterModel } from '../../src/households/counter-model';
import { approveHousehold, transition } from '../../src/households/review';
import type { Household } from '../../src/households/service';
import { withLock } from '../../src/database/locks';
import { countDeliveryDayOnce } from '../../src/batches/day-counters';
import { SYSTEM_ACTOR } from '../../src/users/roles';

// Delivered and failed states for report tests, built the way the batches feature leaves them:
// the household moves through its own transitions (which keep the household counters), a delivery
// document is stored, and the reports' counters are moved (day counter, failed attempts).

const BATCH = 'report-test-batch';

/** What every delivery copies from its household when it is added to a batch. */
function fromHousehold(h: Household) {
  return {
    batchId: BATCH,
    householdId: h.id,
    area: h.area,
    village: h.village,
    household: {
      fullName: h.head.fullName,
      nationalId: h.head.nationalId,
      address: h.address,
      phone: h.phone,
    },
    createdBy: 'system',
  };
}

export async function givenApproved(h: Household): Promise<Household> {
  return approveHousehold(h.id, {}, SYSTEM_ACTOR);
}

/** approved → assigned, with a pending delivery. */
export async function givenAssigned(h: Household): Promise<Household> {
  const assigned = await transition(h.id, 'assign', SYSTEM_ACTOR);
  await DeliveryModel.create({
    ...fromHousehold(h),
    status: 'pending',
    slot: `pending:${h.id}`,
  });
  return assigned;
}

/** approved → assigned → delivered at `at`, counted on its Vietnam day. */
export async function givenDelivered(h: Household, at: Date): Promise<Household> {
  await transition(h.id, 'assign', SYSTEM_ACTOR);
  const delivered = await transition(h.id, 'deliver', SYSTEM_ACTOR, {
    patch: () => ({ deliveredAt: at, receiverSerial: `SN-${h.id}` }),
  });
  await DeliveryModel.create({
    ...fromHousehold(h),
    status: 'delivered',
    slot: `delivered:${h.id}`,
    serial: `SN-${h.id}`,
    deliveredAt: at,
  });
  await countDeliveryDayOnce(`delivery:report-test:${h.id}`, h.area, at);
  return delivered;
}

/** A failed attempt (temporary reason) at an approved household, which stays approved. */
export async function givenFailedAttempt(h: Household, at: Date): Promise<void> {
  const id = new Types.ObjectId();
  await DeliveryModel.create({
    _id: id,
    ...fromHousehold(h),
    status: 'failed',
    slot: String(id),
    failureReason: 'absent',
    failedAt: at,
  });
  await withLock(`household-counter:${h.area.communeCode}`, () =>
    HouseholdCounterModel.updateOne({ _id: h.area.communeCode }, { $inc: { failedAttempts: 1 } }),
  );
}
