import { expect } from 'chai';
import sinon from 'sinon';
import request from 'supertest';
import { AuditModel } from '../../src/audit/model';
import { recountHouseholds, countersOf } from '../../src/households/counters';
import { HouseholdModel } from '../../src/households/model';
import { approveHousehold } from '../../src/households/review';
import { setJobChunkSize } from '../../src/jobs/service';
import { SYSTEM_ACTOR } from '../../src/users/roles';
import { testApp } from '../support/app';
import { useTestDb } from '../support/db';
import { givenAreas, givenHousehold, givenUser, type GivenUser } from '../support/factories';
import { failOnce } from '../support/faults';
import { finishedJob } from '../support/jobs';

const API = '/api/v1/households';

const auditCount = (id: string, action: string) =>
  AuditModel.countDocuments({ entityType: 'household', entityId: id, action });

async function approvedCount(communeCode: string) {
  const [c] = await countersOf({ communeCode });
  return c?.counts.approved ?? 0;
}

describe('bulk review: POST /api/v1/households/approve, /reject', () => {
  useTestDb();

  let official: GivenUser;
  let chunkBefore: number;

  before(() => {
    chunkBefore = setJobChunkSize(2); // several chunks with few households
  });
  after(() => setJobChunkSize(chunkBefore));

  beforeEach(async () => {
    await givenAreas();
    official = await givenUser('official', '25');
  });

  afterEach(() => sinon.restore());

  it('when ids mix eligible, ineligible, flagged, reviewed, stale, unknown and out-of-scope households, then only the eligible are approved, each audited and counted once', async () => {
    const ok = [await givenHousehold('07888'), await givenHousehold('07891'), await givenHousehold('07888')];
    const ineligible = await givenHousehold('07888', { hasTv: false });
    await givenHousehold('07888', { phone: '0912345678' });
    const flagged = await givenHousehold('07888', { phone: '0912345678' });
    const reviewed = await approveHousehold((await givenHousehold('07888')).id, {}, SYSTEM_ACTOR);
    const stale = await givenHousehold('07888');
    const outside = await givenHousehold('00001');
    const unknown = '0123456789abcdef01234567';

    const started = await request(testApp)
      .post(`${API}/approve`)
      .set(official.auth)
      .send({
        ids: [
          ...ok.map((h) => h.id),
          ineligible.id,
          flagged.id,
          reviewed.id,
          { id: stale.id, version: stale.version + 1 },
          outside.id,
          unknown,
          ok[0].id,
        ],
      })
      .expect(202);
    const job = await finishedJob(started.body.id, official.auth);

    expect(started.headers.location).to.equal(`/api/v1/jobs/${started.body.id}`);
    expect(job.status).to.equal('done');
    expect(job.total).to.equal(9);
    expect(job.done).to.equal(9);
    expect(job.counts).to.deep.equal({ approved: 3, skipped: 6 });
    const by = Object.fromEntries(job.results.map((r: { id: string }) => [r.id, r]));
    expect(job.results.map((r: { id: string }) => r.id)).to.deep.equal([
      ...ok.map((h) => h.id),
      ineligible.id,
      flagged.id,
      reviewed.id,
      stale.id,
      outside.id,
      unknown,
    ]);
    for (const h of ok) expect(by[h.id]).to.include({ outcome: 'approved', version: h.version + 1 });
    expect(by[ineligible.id]).to.include({ outcome: 'skipped', reason: 'ineligible' });
    expect(by[ineligible.id].reasons).to.deep.equal(['no_tv']);
    expect(by[flagged.id]).to.include({ reason: 'flagged_duplicate' });
    expect(by[reviewed.id]).to.include({ reason: 'wrong_status', status: 'approved' });
    expect(by[stale.id]).to.include({ reason: 'stale_version', currentVersion: stale.version });
    // Outside the official's area reads exactly like an unknown id.
    const { id: _o, ...outsideResult } = by[outside.id];
    const { id: _u, ...unknownResult } = by[unknown];
    expect(outsideResult).to.deep.equal(unknownResult);
    expect(unknownResult).to.include({ outcome: 'skipped', reason: 'not_found' });
    expect((await HouseholdModel.findById(outside.id).lean())?.status).to.equal('registered');
    for (const h of ok) {
      expect((await HouseholdModel.findById(h.id).lean())?.status).to.equal('approved');
      expect(await auditCount(h.id, 'household.approved')).to.equal(1);
    }
    const entry = await AuditModel.findOne({ entityId: ok[0].id, action: 'household.approved' }).lean();
    expect(entry?.actor.id).to.equal(official.id);
    expect(entry?.before).to.deep.equal({ status: 'registered', version: ok[0].version, statusReason: null });
    expect(entry?.after).to.deep.equal({
      status: 'approved',
      version: ok[0].version + 1,
      statusReason: null,
    });
    expect(await auditCount(ineligible.id, 'household.approved')).to.equal(0);
    expect(await approvedCount('07888')).to.equal(3); // 2 of ok + reviewed
    expect(await recountHouseholds()).to.deep.equal([]);
  });

  it('when the job dies mid-way (audit insert of the second chunk fails once) and the request is retried with its key, then it finishes and nothing is counted or audited twice', async () => {
    const hs: Awaited<ReturnType<typeof givenHousehold>>[] = [];
    for (let i = 0; i < 5; i++) hs.push(await givenHousehold(i % 2 ? '07891' : '07888'));
    failOnce(AuditModel, 'insertMany', 2);
    const send = () =>
      request(testApp)
        .post(`${API}/approve`)
        .set(official.auth)
        .set('Idempotency-Key', 'bulk-approve-0001')
        .send({ ids: hs.map((h) => h.id) })
        .expect(202);

    const first = await finishedJob((await send()).body.id, official.auth);
    sinon.restore();
    const retried = await send();
    const done = await finishedJob(retried.body.id, official.auth);

    expect(first.status).to.equal('failed');
    expect(first.error.code).to.equal('INTERNAL');
    expect(first.done).to.equal(2); // chunk 0 stored; chunk 1 stopped before its results
    expect(retried.body.id).to.equal(first.id);
    expect(done.status).to.equal('done');
    expect(done.counts).to.deep.equal({ approved: 5 });
    for (const h of hs) expect(await auditCount(h.id, 'household.approved')).to.equal(1);
    expect(await approvedCount('07888')).to.equal(3);
    expect(await approvedCount('07891')).to.equal(2);
    expect(await recountHouseholds()).to.deep.equal([]);
  });

  it('when a finished job is asked again with the same key, then the same job comes back; another body with that key is 409', async () => {
    const h = await givenHousehold('07888');
    const key = 'bulk-approve-0002';

    const a = await request(testApp)
      .post(`${API}/approve`)
      .set(official.auth)
      .set('Idempotency-Key', key)
      .send({ ids: [h.id] })
      .expect(202);
    await finishedJob(a.body.id, official.auth);
    const b = await request(testApp)
      .post(`${API}/approve`)
      .set(official.auth)
      .set('Idempotency-Key', key)
      .send({ ids: [h.id] })
      .expect(202);
    const c = await request(testApp)
      .post(`${API}/approve`)
      .set(official.auth)
      .set('Idempotency-Key', key)
      .send({ ids: [h.id, h.id] });

    expect(b.body.id).to.equal(a.body.id);
    expect(b.body.status).to.equal('done');
    expect(b.body.counts).to.deep.equal({ approved: 1 });
    expect(c.status).to.equal(409);
    expect(await auditCount(h.id, 'household.approved')).to.equal(1);
  });

  it('when a filter names communes, then the registered eligible unflagged households of those communes are approved', async () => {
    const a = await givenHousehold('07888');
    const b = await givenHousehold('07891');
    const ineligible = await givenHousehold('07888', { hasPaidTv: true });
    const elsewhere = await givenHousehold('07894');

    const started = await request(testApp)
      .post(`${API}/approve`)
      .set(official.auth)
      .send({ filter: { communeCodes: ['07888', '07891'], eligible: true, needsDuplicateReview: false } })
      .expect(202);
    const job = await finishedJob(started.body.id, official.auth);

    expect(job.counts).to.deep.equal({ approved: 2 });
    expect(job.results.map((r: { id: string }) => r.id).sort()).to.deep.equal([a.id, b.id].sort());
    expect((await HouseholdModel.findById(ineligible.id).lean())?.status).to.equal('registered');
    expect((await HouseholdModel.findById(elsewhere.id).lean())?.status).to.equal('registered');
  });

  it('when the filter names a commune outside the official’s area, then it answers 404 and starts nothing', async () => {
    const res = await request(testApp)
      .post(`${API}/approve`)
      .set(official.auth)
      .send({ filter: { communeCodes: ['00001'] } })
      .expect(404);

    expect(res.body.error.code).to.equal('NOT_FOUND');
  });

  it('when households are rejected in bulk, then each is rejected with the reason and audited as a single rejection', async () => {
    const hs = [await givenHousehold('07888'), await givenHousehold('07888'), await givenHousehold('07888')];

    const started = await request(testApp)
      .post(`${API}/reject`)
      .set(official.auth)
      .send({ ids: hs.map((h) => h.id), reason: 'Không có tên trong danh sách hộ nghèo 2024' })
      .expect(202);
    const job = await finishedJob(started.body.id, official.auth);

    expect(job.counts).to.deep.equal({ rejected: 3 });
    for (const h of hs) {
      const stored = await HouseholdModel.findById(h.id).lean();
      expect(stored?.status).to.equal('rejected');
      expect(stored?.statusReason).to.equal('Không có tên trong danh sách hộ nghèo 2024');
      expect(await auditCount(h.id, 'household.rejected')).to.equal(1);
    }
    expect(await recountHouseholds()).to.deep.equal([]);
  });

  it('when the body is malformed, the role is wrong, or another user asks for the job, then 400, 403 and 404', async () => {
    const staff = await givenUser('commune_staff', '07888');
    const other = await givenUser('official', '25');
    const h = await givenHousehold('07888');

    const both = await request(testApp)
      .post(`${API}/approve`)
      .set(official.auth)
      .send({ ids: [h.id], filter: { communeCodes: ['07888'] } });
    const noReason = await request(testApp)
      .post(`${API}/reject`)
      .set(official.auth)
      .send({ ids: [h.id] });
    const forbidden = await request(testApp)
      .post(`${API}/approve`)
      .set(staff.auth)
      .send({ ids: [h.id] });
    const started = await request(testApp)
      .post(`${API}/approve`)
      .set(official.auth)
      .send({ ids: [h.id] })
      .expect(202);
    await finishedJob(started.body.id, official.auth);
    const foreign = await request(testApp).get(`/api/v1/jobs/${started.body.id}`).set(other.auth);

    expect(both.status).to.equal(400);
    expect(noReason.status).to.equal(400);
    expect(noReason.body.error.details[0].path).to.equal('reason');
    expect(forbidden.status).to.equal(403);
    expect(foreign.status).to.equal(404);
  });
});
