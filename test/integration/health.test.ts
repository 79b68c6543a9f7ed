import { expect } from 'chai';
import request from 'supertest';
import { testApp } from '../support/app';
import { embeddedTestServer, useTestDb } from '../support/db';
import { givenAreas, givenUser } from '../support/factories';

describe('health and database outages', () => {
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

  it('when the database stops, then /readyz and the API answer 503 UNAVAILABLE, and both recover without a restart', async function () {
    const server = embeddedTestServer();
    if (!server) this.skip(); // MONGODB_URI given: the test cannot stop that server
    this.timeout(120_000);
    await givenAreas();
    const official = await givenUser('official', '25');
    await server.stop();

    try {
      const ready = await request(testApp).get('/readyz');
      const api = await request(testApp).get('/api/v1/areas/25').set(official.auth);

      expect(ready.status).to.equal(503);
      expect(ready.body.error.code).to.equal('UNAVAILABLE');
      expect(api.status).to.equal(503);
      expect(api.body.error.code).to.equal('UNAVAILABLE');
    } finally {
      await server.restart();
    }

    let ready = await request(testApp).get('/readyz');
    for (let i = 0; i < 50 && ready.status !== 200; i++) {
      await new Promise((r) => setTimeout(r, 200));
      ready = await request(testApp).get('/readyz');
    }
    const api = await request(testApp).get('/api/v1/areas/25').set(official.auth);
    expect(ready.status).to.equal(200);
    expect(api.status).to.equal(200);
    expect(api.body.name).to.equal('Tỉnh Phú Thọ');
  });
});
