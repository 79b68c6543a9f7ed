import { expect } from 'chai';
import mongoose from 'mongoose';
import pino from 'pino';
import request from 'supertest';
import { AuditModel } from '../../src/audit/model';
import { DeliveryModel } from '../../src/batches/delivery-model';
import { reconcile } from '../../src/batches/reconcile';
import { DRIVER_OPTIONS } from '../../src/database/db';
import { watchDriver } from '../../src/database/driver-watchdog';
import { HouseholdModel } from '../../src/households/model';
import { checkInvariants } from '../../src/batches/invariants';
import { testApp } from '../support/app';
import { confirmBody, givenStartedBatch, type GivenBatch } from '../support/batches';
import { embeddedTestServer, testServerUri, useTestDb } from '../support/db';
import { givenAreas, givenUser, type GivenUser } from '../support/factories';

// Issue 10 item 6: the embedded database (FerretDB on PostgreSQL) is stopped while parallel clients
// register households and confirm deliveries, then started again on the same data. Clients retry
// what answered 503 (the same body; confirmations with the same Idempotency-Key, as the installer's
// app does). Afterwards every 2xx must be fully stored with its audit entry, /readyz must have
// recovered by itself, and after reconcile every invariant of DESIGN §7 holds (checkInvariants,
// the function behind `npm run check:invariants`). Runs against the embedded server only.

const API = '/api/v1';
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
/** When the stopped database process had exited (requests sent after it meet an outage, not a shutdown). */
let goneAt = Infinity;

const REGISTRARS = 4;
const PER_REGISTRAR = 6;
const CONFIRMERS = 4;
const PER_CONFIRMER = 3;

interface Outcome {
  registered: { id: string; nationalId: string }[];
  confirmed: string[];
  statuses: Map<number, number>;
  /** The longest a request took to answer 503 (ms): any request / one sent once the database was gone. */
  slowest503: number;
  slowest503Gone: number;
}

const registration = (nationalId: string, n: number) => ({
  communeCode: '07888',
  village: 'Thôn Đồng Sơn',
  head: { fullName: `Lê Thị Mai ${n}`, nationalId },
  povertyStatus: 'near_poor',
  povertyListYear: 2024,
  hasTv: true,
  hasPaidTv: false,
  hasDigitalTv: false,
});

/** Sends until an answer that is not 503 (or a dropped connection), or the deadline passes. */
async function untilAnswered(send: () => request.Test, out: Outcome, deadline: number) {
  for (;;) {
    const sent = Date.now();
    const res = await send().catch(() => null);
    const status = res?.status ?? 0;
    if (status === 503) out.slowest503 = Math.max(out.slowest503, Date.now() - sent);
    if (status === 503 && sent >= goneAt)
      out.slowest503Gone = Math.max(out.slowest503Gone, Date.now() - sent);
    out.statuses.set(status, (out.statuses.get(status) ?? 0) + 1);
    if (res && status !== 503) return res;
    if (Date.now() > deadline) return res;
    await sleep(200);
  }
}

/** ms until /readyz answers `status` (its answer included), polling every 100 ms; Infinity past `ms`. */
async function readyzWithin(status: 200 | 503, ms: number): Promise<number> {
  const start = Date.now();
  while (Date.now() - start < ms) {
    const res = await request(testApp)
      .get('/readyz')
      .catch(() => null);
    if (res?.status === status) return Date.now() - start;
    await sleep(100);
  }
  return Infinity;
}

describe('faults: the embedded database stopped and started again under parallel registrations and confirmations', () => {
  useTestDb();
  let staff: GivenUser;
  let given: GivenBatch;
  let deliveryIds: string[];
  let round = 0;

  before(async function () {
    if (!embeddedTestServer()) this.skip(); // MONGODB_URI given: the test cannot stop that server
    // The service's own driver settings (src/database/db.ts), so recovery is what production gets.
    const dbName = mongoose.connection.name;
    await mongoose.disconnect();
    const uri = await testServerUri();
    await mongoose.connect(uri, { dbName, ...DRIVER_OPTIONS });
    // The watchdog's warnings go to the timeline (the suite's logger is silent).
    const log = pino(
      { level: 'warn' },
      {
        write: (line: string) => {
          const msg = String(JSON.parse(line).msg);
          note(msg);
          if (msg.includes('connected again')) reconnects++;
        },
      },
    );
    stopWatching = watchDriver({ uri, dbName, driverOptions: DRIVER_OPTIONS, log });
    const client = mongoose.connection.getClient();
    client.on('serverDescriptionChanged', (e) =>
      note(`server ${e.newDescription.type} ${e.newDescription.error?.message ?? ''}`),
    );
    client.on('serverHeartbeatFailed', (e) => note(`heartbeat failed: ${e.failure.message}`));
  });
  // What the driver saw, printed when a run fails (the service's own watchdog reconnects it).
  const timeline: string[] = [];
  const note = (line: string) => timeline.push(`${new Date().toISOString().slice(17, 23)} ${line}`);
  let stopWatching = () => {};
  let reconnects = 0;
  after(() => stopWatching());
  afterEach(function () {
    if (this.currentTest?.state === 'failed') process.stdout.write(`${timeline.join('\n')}\n`);
    timeline.length = 0;
  });

  beforeEach(async function () {
    this.timeout(120_000);
    await givenAreas();
    staff = await givenUser('commune_staff', '07888');
    const n = CONFIRMERS * PER_CONFIRMER;
    given = await givenStartedBatch({ receivers: n, households: n });
    const ds = await DeliveryModel.find({ batchId: given.batch.id }, { householdId: 1 }).lean();
    const byHousehold = new Map(ds.map((d) => [d.householdId, String(d._id)]));
    deliveryIds = given.households.map((h) => byHousehold.get(h.id) ?? '');
    round++;
    reconnects = 0;
  });

  async function runClients(deadline: number): Promise<Outcome> {
    const out: Outcome = {
      registered: [],
      confirmed: [],
      statuses: new Map(),
      slowest503: 0,
      slowest503Gone: 0,
    };
    const registrar = async (r: number) => {
      for (let i = 0; i < PER_REGISTRAR; i++) {
        const n = r * 100 + i;
        const nationalId = `0${String(process.pid % 100).padStart(2, '0')}${round}${String(n).padStart(8, '0')}`;
        const res = await untilAnswered(
          () => request(testApp).post(`${API}/households`).set(staff.auth).send(registration(nationalId, n)),
          out,
          deadline,
        );
        if (res?.status === 201) out.registered.push({ id: res.body.id, nationalId });
        await sleep(50);
      }
    };
    const confirmer = async (c: number) => {
      for (let i = 0; i < PER_CONFIRMER; i++) {
        const k = c * PER_CONFIRMER + i;
        const id = deliveryIds[k];
        const res = await untilAnswered(
          () =>
            request(testApp)
              .post(`${API}/deliveries/${id}/confirm`)
              .set(given.installer.auth)
              .set('Idempotency-Key', `outage-${round}-${id}`)
              .send(confirmBody(given.serials[k])),
          out,
          deadline,
        );
        if (res?.status === 200) out.confirmed.push(id);
        await sleep(50);
      }
    };
    await Promise.all([
      ...Array.from({ length: REGISTRARS }, (_, r) => registrar(r)),
      ...Array.from({ length: CONFIRMERS }, (_, c) => confirmer(c)),
    ]);
    return out;
  }

  for (const signal of ['SIGTERM', 'SIGKILL'] as const) {
    it(`when FerretDB gets ${signal} mid-run and is started again, then every 2xx is stored with its audit entry, /readyz recovers, and after reconcile every invariant holds`, async function () {
      this.timeout(150_000);
      const server = embeddedTestServer();
      if (!server) this.skip();
      const start = Date.now();
      const clients = runClients(Date.now() + 60_000);

      await sleep(400);
      note(`${signal} sent`);
      goneAt = Infinity;
      await server.stop(signal);
      goneAt = Date.now();
      note('stopped');
      const goneMs = await readyzWithin(503, 5_000);
      await sleep(1_500);
      await server.restart();
      note('started again');
      const readyMs = await readyzWithin(200, 10_000);
      const out = await clients;
      const report = await reconcile({ graceMs: 0 });
      const violations = await checkInvariants();

      expect(goneMs, 'ms from the stop until /readyz answered 503').to.be.below(2_000);
      expect(readyMs, 'ms from restart until /readyz answered 200').to.be.below(5_000);
      // Sent once the database was gone. A request sent as a SIGTERM shutdown begins waits longer:
      // FerretDB holds its connections unanswered for about 3 s before it exits (printed below).
      expect(out.slowest503Gone, 'ms the slowest 503 of the outage took').to.be.below(5_000);
      expect(violations, 'violations of DESIGN §7 after reconcile').to.deep.equal([]);
      // The database going away is 503 (try again), never 500, on every path to it (FerretDB, or
      // the embedded PostgreSQL asked directly).
      expect(out.statuses.get(500) ?? 0, 'answers 500 during the outage').to.equal(0);
      for (const r of out.registered) {
        const h = await HouseholdModel.findById(r.id).lean();
        expect(h?.head.nationalId, `acknowledged registration ${r.id}`).to.equal(r.nationalId);
        expect(await AuditModel.countDocuments({ action: 'household.registered', entityId: r.id })).to.equal(
          1,
        );
      }
      for (const id of out.confirmed) {
        const d = await DeliveryModel.findById(id).lean();
        expect(d?.status, `acknowledged confirmation ${id}`).to.equal('delivered');
        expect((await HouseholdModel.findById(d?.householdId).lean())?.status).to.equal('delivered');
        expect(await AuditModel.countDocuments({ action: 'delivery.confirmed', entityId: id })).to.equal(1);
      }
      expect(out.registered.length + out.confirmed.length, 'acknowledged changes').to.be.above(0);
      process.stdout.write(
        `\n    ${signal}: ${Math.round((Date.now() - start) / 1000)} s, /readyz 503 ${goneMs} ms after the stop, ` +
          `200 ${readyMs} ms after restart, slowest 503 ${out.slowest503Gone} ms (${out.slowest503} ms with the shutdown), driver reconnected ${reconnects}×, ` +
          `answers ${JSON.stringify(Object.fromEntries(out.statuses))}, ${out.registered.length} registrations and ` +
          `${out.confirmed.length} confirmations acknowledged, reconcile repaired ${report.changes.length}\n`,
      );
    });
  }
});
