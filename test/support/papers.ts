import request from 'supertest';
import type { FailureReason } from '../../src/batches/status';
import { testApp } from './app';
import { deliveryIdOf, givenStartedBatch, type GivenBatch } from './batches';
import { confirmDeliveries } from './deliveries';
import { givenAreas, givenUser, type GivenUser } from './factories';

/**
 * The acceptance papers' scene: a started batch of three households in Phường Dữu Lâu, two delivered,
 * the third's visit failed with `reason` (through the API, as the installer).
 */
export async function givenBatchForPapers(
  reason: FailureReason,
): Promise<{ official: GivenUser; given: GivenBatch }> {
  await givenAreas();
  const official = await givenUser('official', '25');
  const given = await givenStartedBatch({ receivers: 3, households: 3 });
  await confirmDeliveries(given, given.households.slice(0, 2), official.auth);
  const id = await deliveryIdOf(given.households[2].id, official.auth);
  await request(testApp)
    .post(`/api/v1/deliveries/${id}/fail`)
    .set(given.installer.auth)
    .send({ reason })
    .expect(200);
  return { official, given };
}
