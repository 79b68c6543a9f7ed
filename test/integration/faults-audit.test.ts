import { expect } from 'chai';
import sinon from 'sinon';
import request from 'supertest';
import { AuditModel } from '../../src/audit/model';
import { DeliveryModel } from '../../src/batches/delivery-model';
import { reconcile } from '../../src/batches/reconcile';
import { HouseholdCounterModel } from '../../src/households/counter-model';
import { HouseholdModel } from '../../src/households/model';
import { ReceiverModel } from '../../src/receivers/model';
import { checkInvariants } from '../../src/batches/invariants';
import { postgresReadsInUse, type AnyModel } from '../../src/database/postgres-reads';
import { testApp } from '../support/app';
import { confirmBody, deliveryIdOf, givenStartedBatch, type GivenBatch } from '../support/batches';
import { dbGone, failNextCounterWrite } from '../support/counter-faults';
import { failDocumentWrites } from '../support/faults';
import { failNthSettleInPostgres } from '../support/settle-faults';
import { useTestDb } from '../support/db';
import { givenAreas, givenHousehold, givenUser, type GivenUser } from '../support/factories';

// Issue 10 item 1, by fault injection (STYLE §12): one named model call fails once with what the
// driver throws when the database goes away, as if it had vanished at that step. The request must
// answer 503 UNAVAILABLE (never 2xx), and what it stored must be finished by a retry or by
// reconcile, with exactly one audit entry per change and counters equal to a recount.

const API = '/api/v1';

type Step = { name: string; target: object; method: string; nth?: number };

/** A rejected query (callers chain `.lean()` on model calls before awaiting them). */
function failingQuery() {
  const p = Promise.reject(dbGone());
  p.catch(() => undefined);
  return Object.assign(p, { lean: () => p, exec: () => p });
}

/** The step's call fails; a counter's move fails on whichever path it takes (counter-faults.ts). */
async function failAt(step: Step): Promise<void> {
  if (step.target === HouseholdCounterModel && step.method === 'updateOne' && !step.nth)
    return failNextCounterWrite(HouseholdCounterModel);
  // On the embedded PostgreSQL an entry's insert and its marker's clear are one statement: the
  // insert failing leaves both undone, the clear failing is that statement's answer lost.
  if (
    step.target === AuditModel &&
    step.method === 'create' &&
    (await failNthSettleInPostgres(step.nth ?? 1))
  )
    return;
  const clearing = step.target as AnyModel;
  // A document's conditional write: its findOneAndUpdate, or the one statement of the embedded
  // PostgreSQL that stands for it (single-writes.ts), whichever it takes.
  if (step.method === 'findOneAndUpdate') return failDocumentWrites(clearing, dbGone, step.nth ?? 1);
  if (step.method === 'updateOne' && (await failNthSettleInPostgres(1, { clearing, applied: true }))) return;
  const stub = sinon.stub(step.target, step.method as never) as unknown as sinon.SinonStub;
  stub.callThrough();
  stub.onCall((step.nth ?? 1) - 1).callsFake(failingQuery);
}

async function auditCount(action: string, entityId: string): Promise<number> {
  return AuditModel.countDocuments({ action, entityId });
}

async function expectAllHoldAfterReconcile(): Promise<void> {
  await reconcile({ graceMs: 0 });
  expect(await checkInvariants()).to.deep.equal([]);
  expect(await HouseholdModel.countDocuments({ 'pendingAudit.open': true })).to.equal(0);
  expect(await DeliveryModel.countDocuments({ 'pendingAudit.open': true })).to.equal(0);
  expect(await ReceiverModel.countDocuments({ 'pendingAudit.open': true })).to.equal(0);
}

describe('faults: acknowledged means stored, audit included (fault injected at each step)', () => {
  useTestDb();
  let staff: GivenUser;
  let official: GivenUser;

  beforeEach(async () => {
    await givenAreas();
    staff = await givenUser('commune_staff', '07888');
    official = await givenUser('official', '25');
  });

  afterEach(() => sinon.restore());

  describe('POST /households (register)', () => {
    const body = (nationalId: string) => ({
      communeCode: '07888',
      village: 'Thôn Đồng Sơn',
      head: { fullName: 'Trần Văn Bình', nationalId },
      povertyStatus: 'poor',
      povertyListYear: 2024,
      hasTv: true,
      hasPaidTv: false,
      hasDigitalTv: false,
    });
    const steps: (Step & { stored: boolean })[] = [
      { name: 'the household insert', target: HouseholdModel, method: 'create', stored: false },
      { name: 'the counter move', target: HouseholdCounterModel, method: 'updateOne', stored: true },
      { name: 'the audit insert', target: AuditModel, method: 'create', stored: true },
      { name: 'the marker clear', target: HouseholdModel, method: 'updateOne', stored: true },
    ];
    steps.forEach((step, i) => {
      it(`when the database goes away at ${step.name}, then 503, and reconcile leaves one audit entry and right counters`, async () => {
        const nationalId = `03620000010${i}`;
        await failAt(step);

        const res = await request(testApp).post(`${API}/households`).set(staff.auth).send(body(nationalId));
        sinon.restore();
        await expectAllHoldAfterReconcile();

        expect(res.status).to.equal(503);
        expect(res.body.error.code).to.equal('UNAVAILABLE');
        const h = await HouseholdModel.findOne({ 'head.nationalId': nationalId }).lean();
        expect(Boolean(h), 'household stored').to.equal(step.stored);
        if (h) expect(await auditCount('household.registered', String(h._id))).to.equal(1);
      });
    });
  });

  describe('POST /households/:id/approve and /reject', () => {
    const steps: Step[] = [
      { name: 'the status write', target: HouseholdModel, method: 'findOneAndUpdate' },
      { name: 'the counter move', target: HouseholdCounterModel, method: 'updateOne' },
      { name: 'the audit insert', target: AuditModel, method: 'create' },
      { name: 'the marker clear', target: HouseholdModel, method: 'updateOne' },
    ];
    for (const action of ['approve', 'reject'] as const) {
      for (const step of steps) {
        it(`when ${action} loses the database at ${step.name}, then 503, and afterwards one ${action} entry and right counters`, async () => {
          const h = await givenHousehold('07888');
          await failAt(step);

          const res = await request(testApp)
            .post(`${API}/households/${h.id}/${action}`)
            .set(official.auth)
            .send(action === 'reject' ? { reason: 'Không đủ giấy tờ' } : {});
          sinon.restore();
          await expectAllHoldAfterReconcile();

          expect(res.status).to.equal(503);
          const stored = await HouseholdModel.findById(h.id).lean();
          const past = action === 'approve' ? 'approved' : 'rejected';
          const changed = stored?.status === past;
          expect(await auditCount(`household.${past}`, h.id)).to.equal(changed ? 1 : 0);
          expect(changed).to.equal(step.method !== 'findOneAndUpdate');
        });
      }
    }

    it('when an approval died after its write, then the next change of the household writes its entry first', async () => {
      const h = await givenHousehold('07888');
      failAt({ name: 'audit', target: AuditModel, method: 'create' });
      await request(testApp)
        .post(`${API}/households/${h.id}/approve`)
        .set(official.auth)
        .send({})
        .expect(503);
      sinon.restore();

      await request(testApp)
        .post(`${API}/households/${h.id}/withdraw`)
        .set(official.auth)
        .send({ reason: 'Chuyển đi nơi khác' })
        .expect(200);

      expect(await auditCount('household.approved', h.id)).to.equal(1);
      expect(await auditCount('household.withdrawn', h.id)).to.equal(1);
      expect(await checkInvariants()).to.deep.equal([]);
    });
  });

  describe('POST /deliveries/:id/confirm and /fail', () => {
    let given: GivenBatch;

    beforeEach(async () => {
      given = await givenStartedBatch({ receivers: 1, households: 1 });
    });

    const confirmSteps: Step[] = [
      { name: 'the receiver install', target: ReceiverModel, method: 'findOneAndUpdate' },
      { name: "the receiver's audit insert", target: AuditModel, method: 'create' },
      { name: "the receiver's marker clear", target: ReceiverModel, method: 'updateOne' },
      { name: 'the delivery write', target: DeliveryModel, method: 'findOneAndUpdate' },
      { name: 'the household write', target: HouseholdModel, method: 'findOneAndUpdate' },
      { name: 'the household counter move', target: HouseholdCounterModel, method: 'updateOne' },
      { name: "the household's audit insert", target: AuditModel, method: 'create', nth: 2 },
      { name: "the delivery's audit insert", target: AuditModel, method: 'create', nth: 3 },
      { name: "the delivery's marker clear", target: DeliveryModel, method: 'updateOne' },
    ];
    for (const step of confirmSteps) {
      it(`when confirm loses the database at ${step.name}, then 503, and a retry with the same Idempotency-Key answers 200 with everything stored once`, async () => {
        const id = await deliveryIdOf(given.households[0].id, official.auth);
        const send = () =>
          request(testApp)
            .post(`${API}/deliveries/${id}/confirm`)
            .set(given.installer.auth)
            .set('Idempotency-Key', 'confirm-once-1')
            .send(confirmBody(given.serials[0]));
        await failAt(step);

        const first = await send();
        sinon.restore();
        const retry = await send();
        await expectAllHoldAfterReconcile();

        expect(first.status).to.equal(503);
        expect(retry.status).to.equal(200);
        expect(retry.body.status).to.equal('delivered');
        expect((await HouseholdModel.findById(given.households[0].id).lean())?.status).to.equal('delivered');
        expect(await auditCount('delivery.confirmed', id)).to.equal(1);
        expect(await auditCount('household.delivered', given.households[0].id)).to.equal(1);
        expect(await auditCount('receiver.installed', given.serials[0])).to.equal(1);
      });
    }

    const failSteps: Step[] = [
      { name: 'the delivery write', target: DeliveryModel, method: 'findOneAndUpdate' },
      { name: 'the household write', target: HouseholdModel, method: 'findOneAndUpdate' },
      { name: "the delivery's audit insert", target: AuditModel, method: 'create', nth: 2 },
      { name: "the delivery's marker clear", target: DeliveryModel, method: 'updateOne' },
    ];
    for (const step of failSteps) {
      it(`when fail (moved) loses the database at ${step.name}, then 503, and reconcile finishes it with one entry each`, async () => {
        const hid = given.households[0].id;
        const id = await deliveryIdOf(hid, official.auth);
        await failAt(step);

        const res = await request(testApp)
          .post(`${API}/deliveries/${id}/fail`)
          .set(given.installer.auth)
          .send({ reason: 'moved' });
        sinon.restore();
        await expectAllHoldAfterReconcile();

        expect(res.status).to.equal(503);
        const d = await DeliveryModel.findById(id).lean();
        const h = await HouseholdModel.findById(hid).lean();
        expect(d?.status).to.equal(
          step.method === 'findOneAndUpdate' && step.target === DeliveryModel ? 'pending' : 'failed',
        );
        expect(h?.status).to.equal(d?.status === 'failed' ? 'withdrawn' : 'assigned');
        expect(await auditCount('delivery.failed', id)).to.equal(d?.status === 'failed' ? 1 : 0);
        expect(await auditCount('household.withdrawn', hid)).to.equal(h?.status === 'withdrawn' ? 1 : 0);
      });
    }
  });

  describe('POST /batches/:id/close (a pending delivery cancelled)', () => {
    let given: GivenBatch;

    beforeEach(async () => {
      given = await givenStartedBatch({ receivers: 1, households: 1 });
    });

    // Entries in order: the batch's (batch.closed, an ordinary insert), the household's (released),
    // the delivery's (cancelled); on the embedded PostgreSQL only the last two are settled markers.
    const closeSteps: Step[] = [
      { name: 'the delivery write', target: DeliveryModel, method: 'findOneAndUpdate' },
      { name: 'the household write', target: HouseholdModel, method: 'findOneAndUpdate' },
      { name: "the household's audit insert", target: AuditModel, method: 'create', nth: 2 },
      { name: "the delivery's audit insert", target: AuditModel, method: 'create', nth: 3 },
      { name: "the delivery's marker clear", target: DeliveryModel, method: 'updateOne' },
    ];
    for (const step of closeSteps) {
      it(`when closing loses the database at ${step.name}, then 503, and reconcile finishes it with one entry each`, async () => {
        const hid = given.households[0].id;
        const id = await deliveryIdOf(hid, official.auth);
        const settledOnly = postgresReadsInUse() && step.target === AuditModel;
        await failAt(settledOnly ? { ...step, nth: (step.nth ?? 1) - 1 } : step);

        const res = await request(testApp).post(`${API}/batches/${given.batch.id}/close`).set(official.auth);
        sinon.restore();
        await expectAllHoldAfterReconcile();

        expect(res.status).to.equal(503);
        expect((await DeliveryModel.findById(id).lean())?.status).to.equal('cancelled');
        expect((await HouseholdModel.findById(hid).lean())?.status).to.equal('approved');
        expect(await auditCount('delivery.cancelled', id)).to.equal(1);
        expect(await auditCount('household.released', hid)).to.equal(1);
      });
    }
  });
});
