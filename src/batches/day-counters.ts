import { incrementOnce } from '../database/keyed-increments';
import { vietnamDay } from '../vietnam-time';
import { DeliveryDayCounterModel } from './day-counter-model';

/** The delivery-day counter's _id and lock key for a commune and an instant. */
export function deliveryDayKey(communeCode: string, at: Date): { id: string; day: string; lockKey: string } {
  const day = vietnamDay(at);
  const id = `${communeCode}:${day}`;
  return { id, day, lockKey: `delivery-day-counter:${id}` };
}

/**
 * Counts one confirmed delivery on the Vietnam day of `at` in the commune, once per `moveId` (the
 * confirmation's pending-audit marker): the confirmation, its retry and reconcile may all run it.
 * Called by the batches feature after the delivery is stored and before its marker is cleared; if
 * the process dies in between, the marker stays and the next settle (a retry, reconcile) counts it.
 */
export async function countDeliveryDayOnce(
  moveId: string,
  area: { provinceCode: string; districtCode?: string | null; communeCode: string },
  at: Date,
): Promise<void> {
  const { id, day, lockKey } = deliveryDayKey(area.communeCode, at);
  await incrementOnce(DeliveryDayCounterModel, {
    id,
    lockKey,
    moveId,
    movesField: 'moves',
    inc: { delivered: 1 },
    onInsert: {
      provinceCode: area.provinceCode,
      districtCode: area.districtCode ?? null,
      communeCode: area.communeCode,
      day,
    },
  });
}
