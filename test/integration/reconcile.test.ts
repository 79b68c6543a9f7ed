import { expect } from 'chai';
import { execFile } from 'node:child_process';
import path from 'node:path';
import mongoose from 'mongoose';
import sinon from 'sinon';
import request from 'supertest';
import { AuditModel } from '../../src/audit/model';
import { DeliveryModel } from '../../src/batches/delivery-model';
import { reconcile } from '../../src/batches/reconcile';
import { reconcileExclusively } from '../../src/batches/reconcile-schedule';
import { UnavailableError } from '../../src/errors';
import { BatchModel } from '../../src/batches/model';
import { HouseholdCounterModel } from '../../src/households/counter-model';
import { countersOf, recountHouseholds } from '../../src/households/counters';
import { HouseholdModel } from '../../src/households/model';
import { ReceiverModel } from '../../src/receivers/model';
import { checkInvariants } from '../../src/batches/invariants';
import { DeliveryDayCounterModel } from '../../src/batches/day-counter-model';
import { recomputeDeliveryStats } from '../../src/batches/recompute-counters';
import { testApp } from '../support/app';
import { failDocumentWrites } from '../support/faults';
import { confirmBody, deliveryIdOf, givenStartedBatch, type GivenBatch } from '../support/batches';
import { testServerUri, useTestDb } from '../support/db';
import { givenAreas, givenUser, type GivenUser } from '../support/factories';

// A crash between two steps is simulated by making the database write of the later step fail
// once (sinon on the model's method): the request fails, the earlier steps stay, as if the
// process had died there. Then `reconcile` must leave every invariant of DESIGN §7 true.

const API = '/api/v1/deliveries';

async function assertInvariants(): Promise<void> {
  const households = await HouseholdModel.find({}).lean();
  for (const h of households) {
    const ds = await DeliveryModel.find({ householdId: String(h._id) }).lean();
    const pending = ds.filter((d) => d.status === 'pending').length;
    const delivered = ds.filter((d) => d.status === 'delivered').length;
    expect(pending, `pending deliveries of ${h.status} household`).to.equal(h.status === 'assigned' ? 1 : 0);
    expect(delivered, `delivered deliveries of ${h.status} household`).to.equal(
      h.status === 'delivered' ? 1 : 0,
    );
  }
  const installed = await ReceiverModel.find({ status: 'installed' }).lean();
  for (const r of installed) {
    const d = await DeliveryModel.findById(r.deliveryId).lean();
    expect(d?.status, `delivery of installed ${r.serial}`).to.equal('delivered');
    expect(d?.serial).to.equal(r.serial);
  }
  expect(new Set(installed.map((r) => r.householdId)).size).to.equal(installed.length);
  expect(await recountHouseholds()).to.deep.equal([]);
  expect(await checkInvariants()).to.deep.equal([]);
}

describe('npm run reconcile', () => {
  useTestDb();

  let official: GivenUser;
  let given: GivenBatch;

  beforeEach(async () => {
    await givenAreas();
    official = await givenUser('official', '25');
    given = await givenStartedBatch({ receivers: 2, households: 2 });
  });

  afterEach(() => sinon.restore());

  it('when nothing was interrupted, then it changes nothing', async () => {
    const report = await reconcile({ graceMs: 0 });

    expect(report.changes).to.deep.equal([]);
    expect(report.counterDrift).to.deep.equal([]);
    expect(report.statsDrift).to.deep.equal({ failedAttempts: [], deliveryDays: [] });
  });

  it('when a confirmation died after binding the receiver, then the receiver is unbound and the delivery can be confirmed again', async () => {
    const id = await deliveryIdOf(given.households[0].id, official.auth);
    failDocumentWrites(DeliveryModel, () => new Error('process died'));

    const crashed = await request(testApp)
      .post(`${API}/${id}/confirm`)
      .set(given.installer.auth)
      .send(confirmBody(given.serials[0]));
    sinon.restore();
    const report = await reconcile({ graceMs: 0 });
    const retried = await request(testApp)
      .post(`${API}/${id}/confirm`)
      .set(given.installer.auth)
      .send(confirmBody(given.serials[0]));

    expect(crashed.status).to.equal(500);
    expect(report.changes.map((c) => c.kind)).to.deep.equal(['receiver.uninstalled']);
    expect(retried.status).to.equal(200);
    await assertInvariants();
  });

  it('when a confirmation died after closing the delivery, then the household is marked delivered and counted', async () => {
    const h = given.households[0];
    const id = await deliveryIdOf(h.id, official.auth);
    failDocumentWrites(HouseholdModel, () => new Error('process died'));

    const crashed = await request(testApp)
      .post(`${API}/${id}/confirm`)
      .set(given.installer.auth)
      .send(confirmBody(given.serials[0]));
    sinon.restore();
    const report = await reconcile({ graceMs: 0 });

    expect(crashed.status).to.equal(500);
    expect(report.changes).to.deep.include({
      kind: 'household.delivered',
      id: h.id,
      detail: `delivery ${id} was delivered`,
    });
    expect(await HouseholdModel.findById(h.id).lean()).to.include({
      status: 'delivered',
      receiverSerial: given.serials[0],
    });
    const [counter] = await countersOf({ communeCode: '07888' });
    expect(counter.counts.delivered).to.equal(1);
    await assertInvariants();
  });

  it('when a failure died before the household was withdrawn, then reconcile settles it; a revisit needs no repair', async () => {
    const [a, b] = given.households;
    const ida = await deliveryIdOf(a.id, official.auth);
    const idb = await deliveryIdOf(b.id, official.auth);
    failDocumentWrites(HouseholdModel, () => new Error('process died'));

    await request(testApp)
      .post(`${API}/${ida}/fail`)
      .set(given.installer.auth)
      .send({ reason: 'absent' })
      .expect(200); // a temporary failure leaves the household assigned (issue 12): no household write
    await request(testApp)
      .post(`${API}/${idb}/fail`)
      .set(given.installer.auth)
      .send({ reason: 'moved' })
      .expect(500);
    sinon.restore();
    await reconcile({ graceMs: 0 });

    expect((await HouseholdModel.findById(a.id).lean())?.status).to.equal('assigned');
    expect((await HouseholdModel.findById(b.id).lean())?.status).to.equal('withdrawn');
    const [counter] = await countersOf({ communeCode: '07888' });
    expect(counter.failedAttempts).to.equal(2);
    await assertInvariants();
  });

  it('when closing died after the status changed, then pending deliveries are cancelled and receivers returned', async () => {
    await BatchModel.updateOne({ _id: given.batch.id }, { $set: { status: 'closed', closedAt: new Date() } });

    const report = await reconcile({ graceMs: 0 });

    expect(report.changes.map((c) => c.kind)).to.have.members([
      'batch.deliveries_cancelled',
      'batch.receivers_returned',
    ]);
    expect(await ReceiverModel.countDocuments({ status: 'in_stock' })).to.equal(2);
    expect(await HouseholdModel.countDocuments({ status: 'approved' })).to.equal(2);
    await assertInvariants();
  });

  it('when a pending delivery outlived its household (withdrawn outside the batch), then it is cancelled with one entry naming why', async () => {
    const [h] = given.households;
    const id = await deliveryIdOf(h.id, official.auth);
    await HouseholdModel.updateOne({ _id: h.id }, { $set: { status: 'withdrawn', batchId: null } });

    const report = await reconcile({ graceMs: 0 });
    await reconcile({ graceMs: 0 }); // run again: nothing more to repair, no second entry

    expect(report.changes.filter((c) => c.kind === 'delivery.cancelled').map((c) => c.id)).to.deep.equal([
      id,
    ]);
    expect((await DeliveryModel.findById(id).lean())?.status).to.equal('cancelled');
    expect(await DeliveryModel.countDocuments({ 'pendingAudit.open': true })).to.equal(0);
    const entries = await AuditModel.find({ action: 'delivery.cancelled', entityId: id }).lean();
    expect(entries.map((e) => e.after)).to.deep.equal([
      { status: 'cancelled', reason: 'household is withdrawn' },
    ]);
  });

  it('when counters drifted, then they are recounted and the drift reported', async () => {
    await HouseholdCounterModel.updateOne({ _id: '07888' }, { $inc: { 'counts.assigned': 5 } });

    const report = await reconcile({ graceMs: 0 });

    expect(report.counterDrift).to.deep.equal([
      { communeCode: '07888', status: 'assigned', counted: 7, actual: 2 },
    ]);
    await assertInvariants();
  });

  describe('safe live (issue 10 item 4)', () => {
    it('when run with dryRun, then it reports the repair and changes nothing', async () => {
      await HouseholdCounterModel.updateOne({ _id: '07888' }, { $inc: { 'counts.assigned': 5 } });
      await BatchModel.updateOne(
        { _id: given.batch.id },
        { $set: { status: 'closed', closedAt: new Date(0) } },
      );

      const report = await reconcile({ graceMs: 0, dryRun: true });

      expect(report.dryRun).to.equal(true);
      expect(report.changes.map((c) => c.kind)).to.deep.equal(['batch.deliveries_cancelled']);
      expect(report.counterDrift).to.deep.equal([
        { communeCode: '07888', status: 'assigned', counted: 7, actual: 2 },
      ]);
      expect(await DeliveryModel.countDocuments({ status: 'pending' })).to.equal(2);
      expect((await countersOf({ communeCode: '07888' }))[0].counts.assigned).to.equal(7);
    });

    it('when the half-done change is younger than the grace period, then it is left alone and counted as recent', async () => {
      const id = await deliveryIdOf(given.households[0].id, official.auth);
      failDocumentWrites(HouseholdModel, () => new Error('process died'));
      await request(testApp)
        .post(`${API}/${id}/confirm`)
        .set(given.installer.auth)
        .send(confirmBody(given.serials[0]));
      sinon.restore();

      const report = await reconcile({ graceMs: 60_000 });

      expect(report.changes).to.deep.equal([]);
      expect(report.recent).to.be.above(0);
      expect((await HouseholdModel.findById(given.households[0].id).lean())?.status).to.equal('assigned');
    });

    it('when reconcile runs in a loop during parallel confirmations, then every acknowledged confirmation stands and nothing is repaired', async function () {
      this.timeout(120_000);
      const more = await givenStartedBatch({ receivers: 6, households: 6, installer: given.installer });
      const households = [...given.households, ...more.households];
      const serials = [...given.serials, ...more.serials];
      const ids = await Promise.all(households.map((h) => deliveryIdOf(h.id, official.auth)));
      let confirming = true;
      const reports: Awaited<ReturnType<typeof reconcile>>[] = [];
      const loop = (async () => {
        while (confirming) reports.push(await reconcile({ graceMs: 0 }));
      })();

      const answers = await Promise.all(
        ids.map((id, i) =>
          request(testApp)
            .post(`${API}/${id}/confirm`)
            .set(given.installer.auth)
            .send(confirmBody(serials[i])),
        ),
      );
      confirming = false;
      await loop;

      expect(answers.map((a) => a.status)).to.deep.equal(ids.map(() => 200));
      for (const id of ids) expect((await DeliveryModel.findById(id).lean())?.status).to.equal('delivered');
      expect(reports.length).to.be.above(0);
      const undone = reports.flatMap((r) => r.changes).filter((c) => c.kind === 'receiver.uninstalled');
      expect(undone).to.deep.equal([]);
      await assertInvariants();
      // The counters: no recount ran between a confirmation's write and its counter move and
      // counted it a second time (each move is keyed; each recount leaves out unsettled markers).
      expect(reports.flatMap((r) => [...r.counterDrift, ...r.statsDrift.deliveryDays])).to.deep.equal([]);
      const days = await DeliveryDayCounterModel.find({}).lean();
      expect(days.reduce((n, d) => n + d.delivered, 0)).to.equal(ids.length);
      expect(await recomputeDeliveryStats(true)).to.deep.equal({ failedAttempts: [], deliveryDays: [] });
      expect(await recountHouseholds({ dryRun: true })).to.deep.equal([]);
    });
  });

  describe('the commands', () => {
    async function runScript(file: string, ...args: string[]): Promise<{ code: number; stdout: string }> {
      const env = {
        PATH: process.env.PATH,
        MONGODB_URI: await testServerUri(),
        MONGODB_DB_NAME: mongoose.connection.name,
        LOG_LEVEL: 'silent',
      };
      return new Promise((resolve) => {
        execFile(
          process.execPath,
          ['--import', 'tsx', path.join('scripts', file), ...args],
          { cwd: path.join(__dirname, '..', '..'), env },
          (err, stdout) => resolve({ code: err ? Number((err as { code?: number }).code ?? 1) : 0, stdout }),
        );
      });
    }

    it('when a counter drifted, then `check:invariants` names it and exits 1, `reconcile --dry-run` says it would repair it, and after `reconcile` both are clean', async function () {
      this.timeout(120_000);
      await HouseholdCounterModel.updateOne({ _id: '07888' }, { $inc: { 'counts.assigned': 5 } });

      const check = await runScript('check-invariants.ts');
      const dry = await runScript('reconcile.ts', '--dry-run', '--grace-minutes=0');
      const stillDrifted = (await countersOf({ communeCode: '07888' }))[0].counts.assigned;
      const real = await runScript('reconcile.ts', '--grace-minutes=0');
      const again = await runScript('check-invariants.ts');

      expect(check.code).to.equal(1);
      expect(check.stdout).to.include('§7.3 counter 07888: assigned: counted 7, recount 2');
      expect(dry.stdout).to.include('would repair: counter 07888 assigned: counted 7, actual 2');
      expect(stillDrifted).to.equal(7);
      expect(real.stdout).to.include('repaired: counter 07888 assigned: counted 7, actual 2');
      expect(real.stdout).to.match(/Found 1: 1 repaired, 0 left for a person/);
      expect(again.code).to.equal(0);
      expect(again.stdout).to.include('Every invariant holds.');
    });

    it('when two runs start at once, then one runs and the other is refused as busy', async () => {
      const runs = await Promise.allSettled([
        reconcileExclusively({ graceMs: 0 }),
        reconcileExclusively({ graceMs: 0 }),
      ]);

      expect(runs.map((r) => r.status).sort()).to.deep.equal(['fulfilled', 'rejected']);
      const refused = runs.find((r) => r.status === 'rejected') as PromiseRejectedResult;
      expect(refused.reason).to.be.instanceOf(UnavailableError);
    });
  });
});
