import { DeliveryModel } from './delivery-model';

// Delivered deliveries under an area, for the inspections feature to draw its samples from.

const DELIVERED_FIELDS = {
  batchId: 1,
  householdId: 1,
  area: 1,
  village: 1,
  household: 1,
  serial: 1,
  deliveredAt: 1,
} as const;

/**
 * The delivered deliveries matching `areaFilter` (flat equality filters on `area.*`), delivered
 * within the window when one is given.
 */
export async function deliveredUnder(
  areaFilter: Record<string, string>,
  window: { from?: Date; to?: Date } = {},
) {
  const filter: Record<string, unknown> = { ...areaFilter, status: 'delivered' };
  if (window.from || window.to) {
    filter.deliveredAt = {
      ...(window.from ? { $gte: window.from } : {}),
      ...(window.to ? { $lte: window.to } : {}),
    };
  }
  const docs = await DeliveryModel.find(filter, DELIVERED_FIELDS).lean();
  return docs.map(({ _id, ...d }) => ({ id: String(_id), ...d }));
}

export type DeliveredDelivery = Awaited<ReturnType<typeof deliveredUnder>>[number];
