import { expect } from 'chai';
import sinon from 'sinon';
import request from 'supertest';
import { AuditModel } from '../../src/audit/model';
import { DeliveryModel } from '../../src/batches/delivery-model';
import { recountHouseholds } from '../../src/households/counters';
import { HouseholdModel } from '../../src/households/model';
import { setJobChunkSize } from '../../src/jobs/service';
import { ReceiverModel } from '../../src/receivers/model';
import { testApp } from '../support/app';
import { confirmFirstDelivery, givenStartedBatch } from '../support/batches';
import { useTestDb } from '../support/db';
import { failDocumentWrites } from '../support/faults';
import { givenAreas, givenUser, type GivenUser } from '../support/factories';
import { finishedJob } from '../support/jobs';

// Closing a batch as a job (Prefer: respond-async): the batch is closed at once, its pending
// deliveries cancelled in chunks (two per chunk here, to cross chunk boundaries), with progress;
// a retry with the same key returns the job or finishes what a dropped run started.

const API = '/api/v1/batches';

describe('POST /api/v1/batches/:id/close as a job', () => {
  useTestDb();

  let official: GivenUser;
  let installer: GivenUser;
  let chunkBefore: number;

  before(() => {
    chunkBefore = setJobChunkSize(2);
  });
  after(() => setJobChunkSize(chunkBefore));
  afterEach(() => sinon.restore());

  beforeEach(async () => {
    await givenAreas();
    official = await givenUser('official', '25');
    installer = await givenUser('installer', '25');
  });

  /** A started batch of 6 households and 7 receivers, one household's delivery confirmed. */
  async function givenBatchWithPending() {
    const given = await givenStartedBatch({ receivers: 7, households: 6, installer });
    await confirmFirstDelivery(given, official.auth);
    return given;
  }

  const closeAsJob = (batchId: string, key: string) =>
    request(testApp)
      .post(`${API}/${batchId}/close`)
      .set(official.auth)
      .set('Prefer', 'respond-async')
      .set('Idempotency-Key', key);

  async function expectClosedCleanly(batchId: string) {
    expect(await DeliveryModel.countDocuments({ batchId, status: 'pending' })).to.equal(0);
    expect(await DeliveryModel.countDocuments({ batchId, status: 'cancelled' })).to.equal(5);
    expect(await HouseholdModel.countDocuments({ status: 'approved', batchId: null })).to.equal(5);
    expect(await ReceiverModel.countDocuments({ status: 'in_stock' })).to.equal(6);
    expect(await AuditModel.countDocuments({ action: 'delivery.cancelled' })).to.equal(5);
    expect(await recountHouseholds()).to.deep.equal([]);
  }

  it('when closed as a job, then it answers 202 at once with the batch closed, and the job counts each cancellation to its end', async () => {
    const given = await givenBatchWithPending();

    const res = await closeAsJob(given.batch.id, 'close-batch-0001').expect(202);
    const batchNow = await request(testApp).get(`${API}/${given.batch.id}`).set(official.auth).expect(200);
    const done = await finishedJob(res.body.id, official.auth);

    expect(res.headers.location).to.equal(`/api/v1/jobs/${res.body.id}`);
    expect(res.body).to.include({ kind: 'batches.close', status: 'running' });
    expect(batchNow.body.status).to.equal('closed');
    expect(done).to.include({ status: 'done', total: 5, done: 5 });
    expect(done.counts).to.deep.equal({ cancelled: 5 });
    expect(done.summary).to.deep.equal({ cancelled: 5, returned: 6 });
    await expectClosedCleanly(given.batch.id);
  });

  it('when the finished job is asked again with its key, then the same job comes back and nothing is cancelled twice; without a key a closed batch is 422', async () => {
    const given = await givenBatchWithPending();
    const first = await finishedJob(
      (await closeAsJob(given.batch.id, 'close-batch-0002').expect(202)).body.id,
      official.auth,
    );

    const again = await closeAsJob(given.batch.id, 'close-batch-0002');
    const plain = await request(testApp).post(`${API}/${given.batch.id}/close`).set(official.auth);

    expect([200, 202]).to.include(again.status);
    expect(again.body).to.include({ id: first.id, status: 'done' });
    expect(again.body.counts).to.deep.equal({ cancelled: 5 });
    expect(plain.status).to.equal(422);
    await expectClosedCleanly(given.batch.id);
  });

  it('when the job dies mid-way (the third cancellation fails) and the request is retried with its key, then it finishes and each cancellation is counted once', async () => {
    const given = await givenBatchWithPending();
    failDocumentWrites(DeliveryModel, () => new Error('process died (injected)'), 3);

    const first = await finishedJob(
      (await closeAsJob(given.batch.id, 'close-batch-0003').expect(202)).body.id,
      official.auth,
    );
    sinon.restore();
    const retried = await closeAsJob(given.batch.id, 'close-batch-0003');
    const done = await finishedJob(retried.body.id, official.auth);

    expect(first.status).to.equal('failed');
    expect(first.done).to.equal(2); // chunk 0 stored; chunk 1 stopped before its results
    expect(retried.body.id).to.equal(first.id);
    expect(done).to.include({ status: 'done', total: 5, done: 5 });
    expect(done.counts).to.deep.equal({ cancelled: 5 });
    await expectClosedCleanly(given.batch.id);
  });

  it('when another province’s official closes it as a job, then 404 and the batch stays open', async () => {
    const given = await givenBatchWithPending();
    const stranger = await givenUser('official', '01');

    const res = await request(testApp)
      .post(`${API}/${given.batch.id}/close`)
      .set(stranger.auth)
      .set('Prefer', 'respond-async')
      .set('Idempotency-Key', 'close-batch-0004');

    expect(res.status).to.equal(404);
    expect(await DeliveryModel.countDocuments({ batchId: given.batch.id, status: 'pending' })).to.equal(5);
  });
});
