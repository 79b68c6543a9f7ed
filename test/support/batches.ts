import request from 'supertest';
import { addHouseholds, allocateToBatch } from '../../src/batches/assignment';
import { createBatch, startBatch, type Batch } from '../../src/batches/service';
import { approveHousehold } from '../../src/households/review';
import type { Household } from '../../src/households/service';
import { registerReceivers } from '../../src/receivers/service';
import type { ReceiverType } from '../../src/receiver-types';
import { SYSTEM_ACTOR } from '../../src/users/roles';
import { testApp } from './app';
import { givenAreas, givenHousehold, givenUser, type GivenUser } from './factories';

// Batches, receivers and deliveries arranged through the services (as the system actor), for
// tests that then act through HTTP.

let serials = 0;

/** `n` new receivers in a province's stock; returns their serials. */
export async function givenStock(
  provinceCode: string,
  n: number,
  type: ReceiverType = 'dvb-t2',
): Promise<string[]> {
  const list = Array.from({ length: n }, () => `SN-${process.pid}-${String(++serials).padStart(6, '0')}`);
  await registerReceivers(
    { provinceCode, receivers: list.map((serial) => ({ serial, type, model: 'DVB-T2 HD-01', lot: 'L1' })) },
    SYSTEM_ACTOR,
  );
  return list;
}

export async function givenApprovedHouseholds(communeCode: string, n: number): Promise<Household[]> {
  const out: Household[] = [];
  for (let i = 0; i < n; i++) {
    const h = await givenHousehold(communeCode, { phone: null });
    out.push(await approveHousehold(h.id, {}, SYSTEM_ACTOR));
  }
  return out;
}

export interface GivenBatch {
  batch: Batch;
  installer: GivenUser;
  serials: string[];
  households: Household[];
}

/**
 * A started batch of province 25 (communes 07888, 07891) with `receivers` allocated and
 * `households` approved households of 07888 added (pending deliveries).
 */
export async function givenStartedBatch(opts: {
  receivers: number;
  households: number;
  installer?: GivenUser;
}): Promise<GivenBatch> {
  const installer = opts.installer ?? (await givenUser('installer', '25'));
  const batch = await createBatch(
    {
      provinceCode: '25',
      name: 'Đợt 1 – Việt Trì',
      phase: 1,
      communeCodes: ['07888', '07891'],
      receiverType: 'dvb-t2',
      installerIds: [installer.id],
    },
    SYSTEM_ACTOR,
  );
  const serialList = opts.receivers ? await givenStock('25', opts.receivers) : [];
  if (serialList.length) await allocateToBatch(batch.id, { serials: serialList }, SYSTEM_ACTOR);
  const households = await givenApprovedHouseholds('07888', opts.households);
  if (households.length)
    await addHouseholds(batch.id, { householdIds: households.map((h) => h.id) }, SYSTEM_ACTOR);
  const started = await startBatch(batch.id, SYSTEM_ACTOR);
  return { batch: started, installer, serials: serialList, households };
}

/** The pending delivery of a household, through the API as an official of province 25. */
export async function deliveryIdOf(householdId: string, auth: { Authorization: string }): Promise<string> {
  const res = await request(testApp).get('/api/v1/deliveries').query({ pageSize: 500 }).set(auth).expect(200);
  const d = (res.body.items as { id: string; householdId: string; status: string }[]).find(
    (x) => x.householdId === householdId && x.status === 'pending',
  );
  if (!d) throw new Error(`no pending delivery for ${householdId}`);
  return d.id;
}

export function confirmBody(serial: string, extra: Record<string, unknown> = {}) {
  return {
    serial,
    recipientName: 'Nguyễn Thị Hoà',
    recipientIdLast4: '1234',
    recipientRelation: 'Con gái',
    signalReceived: true,
    ...extra,
  };
}

/** The first household's delivery confirmed through the API by the batch's installer (its first serial). */
export async function confirmFirstDelivery(
  given: GivenBatch,
  auth: { Authorization: string },
): Promise<void> {
  const delivered = await deliveryIdOf(given.households[0]?.id as string, auth);
  await request(testApp)
    .post(`/api/v1/deliveries/${delivered}/confirm`)
    .set(given.installer.auth)
    .send(confirmBody(given.serials[0] as string))
    .expect(200);
}

export interface GivenDeliveries extends GivenBatch {
  official: GivenUser;
  /** The pending deliveries' ids, in the order of `households`. */
  ids: string[];
}

/** Areas, an official of province 25 and a started batch of `n` receivers and `n` pending deliveries. */
export async function givenDeliveries(n: number): Promise<GivenDeliveries> {
  await givenAreas();
  const official = await givenUser('official', '25');
  const given = await givenStartedBatch({ receivers: n, households: n });
  const ids = await Promise.all(given.households.map((h) => deliveryIdOf(h.id, official.auth)));
  return { ...given, official, ids };
}
