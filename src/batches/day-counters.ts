import { withLock } from '../database/locks';
import { vietnamDay } from '../vietnam-time';
import { DeliveryDayCounterModel } from './day-counter-model';

/**
 * Counts `n` confirmed deliveries (n = -1 undoes one) on the Vietnam day of `at` in the commune.
 * Called by the batches feature after the delivery is stored; if the process dies in between,
 * `npm run stats:recompute` finds and repairs the drift. The lock makes the upserted $inc safe on
 * FerretDB, whose updates are read-modify-write (see locks.ts).
 */
export async function countDeliveryDay(
  area: { provinceCode: string; districtCode?: string | null; communeCode: string },
  at: Date,
  n = 1,
): Promise<void> {
  if (n === 0) return;
  const day = vietnamDay(at);
  const _id = `${area.communeCode}:${day}`;
  await withLock(`delivery-day-counter:${_id}`, () =>
    DeliveryDayCounterModel.updateOne(
      { _id },
      {
        $inc: { delivered: n },
        $setOnInsert: {
          provinceCode: area.provinceCode,
          districtCode: area.districtCode ?? null,
          communeCode: area.communeCode,
          day,
        },
      },
      { upsert: true },
    ),
  );
}
