import { expect } from 'chai';
import mongoose from 'mongoose';
import request from 'supertest';
import { DRIVER_OPTIONS } from '../../src/database/db';
import { testApp } from '../support/app';
import { embeddedTestServer, testServerUri, useTestDb } from '../support/db';
import { givenAreas, givenUser, type GivenUser } from '../support/factories';
import { startTcpProxy, type TcpProxy } from '../support/tcp-proxy';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('health', () => {
  useTestDb();

  it('GET /healthz answers 200 while the process is up', async () => {
    const res = await request(testApp).get('/healthz');

    expect(res.status).to.equal(200);
    expect(res.body).to.deep.equal({ status: 'ok' });
  });

  it('GET /readyz answers 200 when the database is reachable', async () => {
    const res = await request(testApp).get('/readyz');

    expect(res.status).to.equal(200);
    expect(res.body.database).to.equal('ok');
  });
});

// Issue 10.2: /readyz answers 503 within 2 s of the database going away and 200 within 5 s of its
// return, and requests answer 503 within 5 s meanwhile, without restarting the service. The service's
// connection goes through a TCP proxy with the driver settings `connectDb` uses (src/database/db.ts), so a
// test can make the database vanish the ways it does: killed (what the driver sees of a SIGKILL:
// connections reset, port closed), hung (connections open, no answer), and stopped for real with
// SIGTERM (embedded server only).
describe('database outages: /readyz and the API answer 503 in time and recover by themselves', () => {
  useTestDb();
  let proxy: TcpProxy | undefined;
  let official: GivenUser;

  before(async function () {
    const target = new URL(await testServerUri());
    if (target.protocol !== 'mongodb:' || target.host.includes(',')) this.skip(); // SRV or replica set
    proxy = await startTcpProxy(target.hostname, Number(target.port || 27017));
    const dbName = mongoose.connection.name;
    await mongoose.disconnect();
    await mongoose.connect(`mongodb://127.0.0.1:${proxy.port}/`, { dbName, ...DRIVER_OPTIONS });
  });

  after(async () => {
    await proxy?.close();
  });

  beforeEach(async () => {
    await givenAreas();
    official = await givenUser('official', '25');
  });

  /** ms until /readyz answers `status` (polled every 100 ms), or Infinity after `withinMs`. */
  async function readyzAnswers(status: number, withinMs: number): Promise<number> {
    const start = Date.now();
    while (Date.now() - start < withinMs) {
      const res = await request(testApp).get('/readyz');
      if (res.status === status) return Date.now() - start;
      await sleep(100);
    }
    return Infinity;
  }

  async function timedApiCall(): Promise<{ status: number; ms: number; code?: string }> {
    const start = Date.now();
    const res = await request(testApp).get('/api/v1/areas/25').set(official.auth);
    return { status: res.status, ms: Date.now() - start, code: res.body.error?.code };
  }

  async function expectOutageThenRecovery(
    goAway: () => Promise<void>,
    comeBack: () => Promise<void>,
    apiWithinMs = 5_000,
  ) {
    await goAway();
    const down = await readyzAnswers(503, 10_000);
    const during = await timedApiCall();
    const readyBody = (await request(testApp).get('/readyz')).body;
    await comeBack();
    const up = await readyzAnswers(200, 15_000);
    const after = await timedApiCall();

    expect(down, 'ms until /readyz said 503').to.be.below(2_000);
    expect(readyBody.error.code).to.equal('UNAVAILABLE');
    expect(during.status, 'API status during the outage').to.equal(503);
    expect(during.code).to.equal('UNAVAILABLE');
    expect(during.ms, 'ms the API took to answer 503').to.be.below(apiWithinMs);
    expect(up, 'ms until /readyz said 200 again').to.be.below(5_000);
    expect(after.status, 'API status after the outage').to.equal(200);
  }

  it('when the database is killed (connections reset, port refused), three times, then 503 within 2 s and 200 within 5 s each time', async function () {
    this.timeout(90_000);
    const p = proxy as TcpProxy;

    for (let round = 0; round < 3; round++) {
      await expectOutageThenRecovery(
        () => p.kill(),
        () => p.revive(),
      );
    }
  });

  // A hung server is only noticed when the driver's check times out (connectTimeoutMS, 10 s: see
  // src/database/db.ts for why not less), so the API takes longer to give up than when the server is gone.
  it('when the database hangs (connections open, no answers), then /readyz 503 within 2 s, the API 503 within 12 s, and 200 within 5 s of its return', async function () {
    this.timeout(60_000);
    const p = proxy as TcpProxy;

    await expectOutageThenRecovery(
      async () => p.hang(),
      () => p.revive(),
      12_000,
    );
  });

  it('when the embedded database is stopped with SIGTERM and started again, twice, then 503 within 2 s of its exit and 200 within 5 s each time', async function () {
    const server = embeddedTestServer();
    if (!server) this.skip(); // MONGODB_URI given: the test cannot stop that server
    this.timeout(120_000);

    for (let round = 0; round < 2; round++) {
      // Gone means exited: FerretDB keeps answering for about 3 s after SIGTERM while it shuts down.
      await expectOutageThenRecovery(
        () => server.stop(),
        () => server.restart(),
      );
    }
  });
});
