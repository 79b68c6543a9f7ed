import request from 'supertest';
import { rejectHousehold } from '../../src/households/review';
import type { Household } from '../../src/households/service';
import { testApp } from './app';
import { confirmFirstDelivery, givenDeliveries, type GivenDeliveries } from './batches';
import { givenHousehold } from './factories';

/** The reason the official gives for the rejected household of givenAuditedDay. */
export const REJECTION_REASON = 'Đã có đầu thu từ trước';

/**
 * A day of work to read in the audit trail: a started batch of two households in Phường Dữu Lâu,
 * one confirmed and one failed visit (absent) by its installer, and a household the official
 * rejected with REJECTION_REASON.
 */
export async function givenAuditedDay(): Promise<GivenDeliveries & { refused: Household }> {
  const given = await givenDeliveries(2);
  await confirmFirstDelivery(given, given.official.auth);
  await request(testApp)
    .post(`/api/v1/deliveries/${given.ids[1]}/fail`)
    .set(given.installer.auth)
    .send({ reason: 'absent' })
    .expect(200);
  const refused = await givenHousehold('07888');
  const { id, username } = given.official;
  await rejectHousehold(
    refused.id,
    { reason: REJECTION_REASON },
    { id, username, role: 'official', scope: null },
  );
  return { ...given, refused };
}
