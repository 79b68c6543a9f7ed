import { expect } from 'chai';
import sinon from 'sinon';
import request from 'supertest';
import { DeliveryModel } from '../../src/batches/delivery-model';
import { reconcile } from '../../src/batches/reconcile';
import { HouseholdCounterModel } from '../../src/households/counter-model';
import { DeliveryDayCounterModel } from '../../src/batches/day-counter-model';
import { vietnamDay } from '../../src/vietnam-time';
import { recomputeDeliveryStats } from '../../src/batches/recompute-counters';
import { testApp } from '../support/app';
import { confirmBody, givenStartedBatch, type GivenBatch } from '../support/batches';
import { dbGone, failNextCounterWrite } from '../support/counter-faults';
import { useTestDb } from '../support/db';
import { failNthSettleInPostgres } from '../support/settle-faults';
import { givenAreas } from '../support/factories';

// Issue 10 item 5 for the delivery counters: the confirmed deliveries per commune and Vietnam day
// and the failed attempts per commune move once per transition (keyed by the delivery's pending
// marker), however often a confirmation or a failure is retried, raced or crashes mid-way.

const API = '/api/v1';

/** Confirmed deliveries per day of commune 07888, counted from the deliveries themselves. */
async function deliveredByDay(): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  const ds = await DeliveryModel.find({ 'area.communeCode': '07888', status: 'delivered' }).lean();
  for (const d of ds) {
    const day = vietnamDay(d.deliveredAt as Date);
    out[day] = (out[day] ?? 0) + 1;
  }
  return out;
}

async function dayCounters(): Promise<Record<string, number>> {
  const docs = await DeliveryDayCounterModel.find({ communeCode: '07888' }).lean();
  return Object.fromEntries(docs.filter((d) => d.delivered !== 0).map((d) => [d.day, d.delivered]));
}

async function attemptsRecounted(): Promise<number> {
  const ds = await DeliveryModel.find({ 'area.communeCode': '07888' }).lean();
  return ds.reduce((n, d) => n + (d.attempts?.length ?? 0), 0);
}

async function attemptsCounted(): Promise<number> {
  return (await HouseholdCounterModel.findById('07888').lean())?.failedAttempts ?? 0;
}

async function expectCountersEqualRecount(): Promise<void> {
  expect(await dayCounters(), 'delivery-day counters').to.deep.equal(await deliveredByDay());
  expect(await attemptsCounted(), 'failed attempts').to.equal(await attemptsRecounted());
  expect(await recomputeDeliveryStats(true)).to.deep.equal({ failedAttempts: [], deliveryDays: [] });
}

describe('delivery counters: exactly once per confirmation and failed attempt', () => {
  useTestDb();
  let given: GivenBatch;
  let ids: string[];

  const confirm = (k: number, key: string) =>
    request(testApp)
      .post(`${API}/deliveries/${ids[k]}/confirm`)
      .set(given.installer.auth)
      .set('Idempotency-Key', key)
      .send(confirmBody(given.serials[k]));
  const fail = (k: number, key: string, reason = 'absent') =>
    request(testApp)
      .post(`${API}/deliveries/${ids[k]}/fail`)
      .set(given.installer.auth)
      .set('Idempotency-Key', key)
      .send({ reason });

  beforeEach(async function () {
    this.timeout(60_000);
    await givenAreas();
    given = await givenStartedBatch({ receivers: 8, households: 8 });
    const ds = await DeliveryModel.find({ batchId: given.batch.id }, { householdId: 1 }).lean();
    const byHousehold = new Map(ds.map((d) => [d.householdId, String(d._id)]));
    ids = given.households.map((h) => byHousehold.get(h.id) ?? '');
  });

  afterEach(() => sinon.restore());

  it('when confirmations and failures are each sent three times at once with one Idempotency-Key, then every counter equals a recount', async function () {
    this.timeout(120_000);
    const thrice = (send: () => request.Test) => Promise.all([send(), send(), send()]);
    const first = await Promise.all([
      ...[0, 1, 2, 3].map((k) => thrice(() => confirm(k, `confirm-${k}`))),
      ...[4, 5, 6].map((k) => thrice(() => fail(k, `failure-${k}`))),
      thrice(() => fail(7, 'failure-7', 'moved')),
    ]);
    // What answered 409/503 (busy with its twin) is sent again, as the installer's outbox does.
    const again = await Promise.all([
      ...[0, 1, 2, 3].map((k) => confirm(k, `confirm-${k}`)),
      ...[4, 5, 6].map((k) => fail(k, `failure-${k}`)),
      fail(7, 'failure-7', 'moved'),
    ]);

    for (const res of first.flat()) expect([200, 409, 503]).to.include(res.status);
    expect(again.map((r) => r.status)).to.deep.equal(Array(8).fill(200));
    expect(await deliveredByDay()).to.deep.equal({ [vietnamDay(new Date())]: 4 });
    expect(await attemptsRecounted()).to.equal(4);
    await expectCountersEqualRecount();
    const report = await reconcile({ graceMs: 0 });
    expect(report.statsDrift).to.deep.equal({ failedAttempts: [], deliveryDays: [] });
    expect(report.counterDrift).to.deep.equal([]);
  });

  it('when temporary failures of one delivery are recorded in parallel under different keys, then each attempt counts once', async function () {
    this.timeout(60_000);
    const answers = await Promise.all(Array.from({ length: 5 }, (_, i) => fail(0, `visit-key-${i}`)));

    const ok = answers.filter((a) => a.status === 200).length;
    expect(ok).to.be.above(0);
    expect(await attemptsRecounted()).to.equal(ok);
    await expectCountersEqualRecount();
  });

  // A step dies: before its counter move, after it (the move stored, its answer lost), or after the
  // audit entry (the marker not cleared). The retry with the same key finishes it; counted once.
  const steps = [
    { name: 'before the counter move', applied: false },
    { name: 'after the counter move was stored (its answer lost)', applied: true },
  ];
  for (const step of steps) {
    it(`when a confirmation dies ${step.name}, then it answers 503, its retry 200, and the day counts it once`, async () => {
      await failNextCounterWrite(DeliveryDayCounterModel, step.applied);
      expect((await confirm(0, 'crash-confirm')).status).to.equal(503);
      sinon.restore();
      expect((await confirm(0, 'crash-confirm')).status).to.equal(200);
      expect(await dayCounters()).to.deep.equal({ [vietnamDay(new Date())]: 1 });
      await expectCountersEqualRecount();
    });

    it(`when a failed attempt dies ${step.name}, then it answers 503, its retry 200, and it counts once`, async () => {
      await failNextCounterWrite(HouseholdCounterModel, step.applied);
      expect((await fail(0, 'crash-failure')).status).to.equal(503);
      sinon.restore();
      expect((await fail(0, 'crash-failure')).status).to.equal(200);
      expect(await attemptsCounted()).to.equal(1);
      await expectCountersEqualRecount();
    });
  }

  it('when stats are recomputed while a confirmation is stored but not yet counted, then the recount leaves it to its own move, which counts it once', async () => {
    await failNextCounterWrite(DeliveryDayCounterModel, false);
    expect((await confirm(0, 'half-done-1')).status).to.equal(503); // delivered, marker open, not counted
    sinon.restore();

    const during = await recomputeDeliveryStats();
    expect(during.deliveryDays, 'a recount in the middle').to.deep.equal([]);
    expect(await dayCounters()).to.deep.equal({});
    expect((await confirm(0, 'half-done-1')).status).to.equal(200);

    expect(await dayCounters()).to.deep.equal({ [vietnamDay(new Date())]: 1 });
    await expectCountersEqualRecount();
  });

  it('when a confirmation dies after its counter move and audit entry, then reconcile settles it without counting it again', async () => {
    // The marker's clear (with the entry's insert, one statement on the embedded PostgreSQL; else
    // DeliveryModel.updateOne: the handover number is written with the delivery).
    if (!(await failNthSettleInPostgres(1, { clearing: DeliveryModel }))) {
      const clear = sinon.stub(DeliveryModel, 'updateOne');
      clear.callThrough();
      clear.onFirstCall().rejects(dbGone());
    }
    expect((await confirm(0, 'crash-clear')).status).to.equal(503);
    sinon.restore();
    expect(await DeliveryModel.countDocuments({ 'pendingAudit.open': true })).to.equal(1);

    await reconcile({ graceMs: 0 });

    expect(await DeliveryModel.countDocuments({ 'pendingAudit.open': true })).to.equal(0);
    expect(await dayCounters()).to.deep.equal({ [vietnamDay(new Date())]: 1 });
    await expectCountersEqualRecount();
  });
});
