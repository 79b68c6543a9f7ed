import request from 'supertest';
import type { Household } from '../../src/households/service';
import { testApp } from './app';
import { confirmBody, deliveryIdOf, type GivenBatch } from './batches';

/**
 * Confirms the pending deliveries of `households` through the API as the batch's installer, the
 * i-th with the batch's i-th serial (plus `extra` fields); returns the delivery ids in that order.
 */
export async function confirmDeliveries(
  given: GivenBatch,
  households: readonly Household[],
  official: { Authorization: string },
  extra: (i: number) => Record<string, unknown> = () => ({}),
): Promise<string[]> {
  const ids: string[] = [];
  for (const [i, h] of households.entries()) {
    const id = await deliveryIdOf(h.id, official);
    await request(testApp)
      .post(`/api/v1/deliveries/${id}/confirm`)
      .set(given.installer.auth)
      .send(confirmBody(given.serials[i], extra(i)))
      .expect(200);
    ids.push(id);
  }
  return ids;
}
