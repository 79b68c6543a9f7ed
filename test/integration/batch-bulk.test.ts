import { expect } from 'chai';
import request from 'supertest';
import { AuditModel } from '../../src/audit/model';
import { allocateToBatch } from '../../src/batches/assignment';
import { DeliveryModel } from '../../src/batches/delivery-model';
import { BatchModel } from '../../src/batches/model';
import { createBatch, type Batch } from '../../src/batches/service';
import { recountHouseholds } from '../../src/households/counters';
import { HouseholdModel } from '../../src/households/model';
import { setJobChunkSize } from '../../src/jobs/service';
import { ReceiverModel } from '../../src/receivers/model';
import { SYSTEM_ACTOR } from '../../src/users/roles';
import { testApp } from '../support/app';
import { givenApprovedHouseholds, givenStock } from '../support/batches';
import { useTestDb } from '../support/db';
import { givenAreas, givenUser, type GivenUser } from '../support/factories';
import { finishedJob } from '../support/jobs';

const API = '/api/v1/batches';

async function givenBatch(name: string, receivers: number): Promise<Batch> {
  const batch = await createBatch(
    {
      provinceCode: '25',
      name,
      phase: 1,
      communeCodes: ['07888', '07891'],
      receiverType: 'dvb-t2',
      installerIds: [],
    },
    SYSTEM_ACTOR,
  );
  if (receivers)
    await allocateToBatch(batch.id, { serials: await givenStock('25', receivers) }, SYSTEM_ACTOR);
  return batch;
}

/** DESIGN §7.2 and capacity: per household at most one pending delivery, matching its status. */
async function assertBatchInvariants(batches: Batch[]): Promise<void> {
  for (const b of batches) {
    const pending = await DeliveryModel.countDocuments({ batchId: b.id, status: 'pending' });
    const held = await ReceiverModel.countDocuments({ batchId: b.id, status: 'allocated' });
    expect(pending, `pending deliveries of ${b.name}`).to.be.at.most(held);
    expect((await BatchModel.findById(b.id).lean())?.promisedCount ?? pending).to.equal(pending);
  }
  for (const h of await HouseholdModel.find({}).lean()) {
    const ds = await DeliveryModel.find({ householdId: String(h._id), status: 'pending' }).lean();
    expect(ds.length, `pending deliveries of a ${h.status} household`).to.equal(
      h.status === 'assigned' ? 1 : 0,
    );
    if (ds.length) expect(ds[0].batchId).to.equal(h.batchId);
  }
  expect(await recountHouseholds()).to.deep.equal([]);
}

describe('batch work in chunks: POST /batches/:id/households, /receivers', () => {
  useTestDb();

  let official: GivenUser;
  let chunkBefore: number;

  before(() => {
    chunkBefore = setJobChunkSize(3);
  });
  after(() => setJobChunkSize(chunkBefore));

  beforeEach(async () => {
    await givenAreas();
    official = await givenUser('official', '25');
  });

  it('when auto-adding to a batch with fewer receivers than approved households, then exactly its receivers are promised, oldest approval first, each audited once', async () => {
    const batch = await givenBatch('Đợt A', 5);
    const hs = await givenApprovedHouseholds('07888', 7);

    const res = await request(testApp)
      .post(`${API}/${batch.id}/households`)
      .set(official.auth)
      .send({})
      .expect(200);

    expect(res.body.added).to.deep.equal(hs.slice(0, 5).map((h) => h.id));
    expect(res.body.capacity).to.equal(0);
    for (const h of hs.slice(0, 5)) {
      expect(await AuditModel.countDocuments({ entityId: h.id, action: 'household.assigned' })).to.equal(1);
    }
    expect(await AuditModel.countDocuments({ action: 'delivery.created' })).to.equal(5);
    expect((await HouseholdModel.findById(hs[5].id).lean())?.status).to.equal('approved');
    await assertBatchInvariants([batch]);
  });

  it('when two batches auto-add from the same communes at once, then no household is in both and neither promises more than its receivers', async () => {
    const a = await givenBatch('Đợt A', 4);
    const b = await givenBatch('Đợt B', 3);
    await givenApprovedHouseholds('07888', 5);
    await givenApprovedHouseholds('07891', 5);

    const [ra, rb] = await Promise.all(
      [a, b].map((x) =>
        request(testApp).post(`${API}/${x.id}/households`).set(official.auth).send({}).expect(200),
      ),
    );

    const added = [...ra.body.added, ...rb.body.added];
    expect(new Set(added).size).to.equal(added.length);
    expect(ra.body.added.length).to.be.at.most(4);
    expect(rb.body.added.length).to.be.at.most(3);
    expect(await HouseholdModel.countDocuments({ status: 'assigned' })).to.equal(added.length);
    await assertBatchInvariants([a, b]);
  });

  it('when two requests auto-add to one batch at once, then together they promise no more than its receivers', async () => {
    const batch = await givenBatch('Đợt A', 4);
    await givenApprovedHouseholds('07888', 8);

    const results = await Promise.all(
      [1, 2].map(() =>
        request(testApp).post(`${API}/${batch.id}/households`).set(official.auth).send({}).expect(200),
      ),
    );

    expect(results[0].body.added.length + results[1].body.added.length).to.equal(4);
    expect(await DeliveryModel.countDocuments({ batchId: batch.id, status: 'pending' })).to.equal(4);
    await assertBatchInvariants([batch]);
  });

  it('when the request prefers respond-async, then it answers 202 with a job whose results list each household', async () => {
    const batch = await givenBatch('Đợt A', 2);
    const hs = await givenApprovedHouseholds('07888', 3);

    const started = await request(testApp)
      .post(`${API}/${batch.id}/households`)
      .set(official.auth)
      .set('Prefer', 'respond-async')
      .set('Idempotency-Key', 'auto-add-00001')
      .send({ householdIds: hs.slice(0, 2).map((h) => h.id) })
      .expect(202);
    const job = await finishedJob(started.body.id, official.auth);

    expect(job.kind).to.equal('batches.add_households');
    expect(job.status).to.equal('done');
    expect(job.results.map((r: { outcome: string }) => r.outcome)).to.deep.equal(['added', 'added']);
    expect(job.summary).to.deep.equal({ added: 2, capacity: 0 });
    await assertBatchInvariants([batch]);
  });

  it('when two batches allocate by count from the same stock at once, then no receiver is allocated twice', async () => {
    const a = await givenBatch('Đợt A', 0);
    const b = await givenBatch('Đợt B', 0);
    await givenStock('25', 10);

    const [ra, rb] = await Promise.all(
      [a, b].map((x) =>
        request(testApp).post(`${API}/${x.id}/receivers`).set(official.auth).send({ count: 7 }).expect(200),
      ),
    );

    const all = [...ra.body.allocated, ...rb.body.allocated];
    expect(all.length).to.equal(10);
    expect(new Set(all).size).to.equal(10);
    expect(ra.body.shortBy + rb.body.shortBy).to.equal(4);
    for (const [batch, res] of [
      [a, ra],
      [b, rb],
    ] as const) {
      for (const serial of res.body.allocated) {
        expect((await ReceiverModel.findOne({ serial }).lean())?.batchId).to.equal(batch.id);
      }
    }
    expect(await AuditModel.countDocuments({ action: 'receiver.allocated' })).to.equal(10);
  });
});
