import { expect } from 'chai';
import mongoose from 'mongoose';
import pino from 'pino';
import { DRIVER_OPTIONS } from '../../src/database/db';
import { watchDriver } from '../../src/database/driver-watchdog';
import { AreaModel } from '../../src/areas/model';
import { testServerUri, useTestDb } from '../support/db';
import { givenAreas } from '../support/factories';

// The watchdog (src/database/driver-watchdog.ts): a driver whose server is unknown and whose monitor
// has gone silent is closed and connected again; one whose monitor still reports is left alone. The
// stuck monitor itself (a race in the driver when FerretDB shuts down) is what test/faults/outage
// meets by chance; here its visible state is made on purpose: the monitor checks only once a minute,
// and the server is reported unknown as the driver reports it.

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('driver watchdog', () => {
  useTestDb();
  let uri: string;
  let dbName: string;
  let warnings: string[];
  let stop = () => {};

  const log = () =>
    pino({ level: 'warn' }, { write: (line: string) => warnings.push(String(JSON.parse(line).msg)) });

  /** What the driver emits when an operation's connection closes: the server is Unknown now. */
  function reportServerUnknown(): void {
    const client = mongoose.connection.getClient();
    const address = [...(client.options.hosts ?? [])].map(String)[0] ?? '';
    client.emit('serverDescriptionChanged', {
      address,
      previousDescription: { type: 'Standalone' },
      newDescription: { type: 'Unknown', error: new Error('connection 1 closed') },
    } as never);
  }

  async function connectWith(heartbeatFrequencyMS: number): Promise<void> {
    await mongoose.disconnect();
    await mongoose.connect(uri, { dbName, ...DRIVER_OPTIONS, heartbeatFrequencyMS });
    stop = watchDriver({
      uri,
      dbName,
      driverOptions: { ...DRIVER_OPTIONS, heartbeatFrequencyMS },
      log: log(),
      stuckMs: 300,
    });
  }

  beforeEach(async () => {
    uri = await testServerUri();
    dbName = mongoose.connection.name;
    warnings = [];
    await givenAreas();
  });

  afterEach(async () => {
    stop();
    await mongoose.disconnect();
    await mongoose.connect(uri, { dbName, serverSelectionTimeoutMS: 5_000 });
  });

  it('when the server is unknown and the monitor says nothing, then it closes the client and connects again, and queries work', async function () {
    this.timeout(30_000);
    await connectWith(60_000); // after its first check, the monitor is silent for a minute
    await sleep(200);
    const before = mongoose.connection.getClient();

    reportServerUnknown();
    for (let i = 0; i < 50 && !warnings.some((w) => w.includes('connected again')); i++) await sleep(100);

    expect(warnings).to.have.length(2);
    expect(warnings[0]).to.include('stopped checking the server');
    expect(mongoose.connection.getClient()).to.not.equal(before);
    expect(await AreaModel.countDocuments({})).to.be.above(0);
  });

  it('when the server is unknown but the monitor keeps reporting, then it is left alone', async function () {
    this.timeout(30_000);
    await connectWith(100); // a heartbeat every 100 ms, as a live monitor does against a dead server
    const before = mongoose.connection.getClient();

    reportServerUnknown();
    await sleep(1_200);

    expect(warnings).to.deep.equal([]);
    expect(mongoose.connection.getClient()).to.equal(before);
  });
});
