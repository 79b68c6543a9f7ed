import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createWriteStream } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { expect } from 'chai';
import mongoose from 'mongoose';
import pg from 'pg';
import request from 'supertest';
import { checkInvariants } from '../../src/batches/invariants';
import { BadBackupError, writeBackup, BACKUP_FORMAT } from '../../src/database/backup';
import { postgresAccess, syncAllIndexes } from '../../src/database/db';
import { restoreBackup, RestoreRefusedError } from '../../src/database/restore';
import { HouseholdModel } from '../../src/households/model';
import { testApp } from '../support/app';
import { confirmDeliveries } from '../support/deliveries';
import { givenDeliveries } from '../support/batches';
import { testServerUri, useTestDb } from '../support/db';
import { givenHousehold } from '../support/factories';

// npm run db:backup / db:restore (src/database/backup.ts, restore.ts): a backup read from
// PostgreSQL in one snapshot, restored into FerretDB's tables; compared document by document, types
// included, with the database it came from, and checked against DESIGN §7.

type Db = NonNullable<mongoose.Connection['db']>;

async function everything(db: Db): Promise<Record<string, string[]>> {
  const out: Record<string, string[]> = {};
  for (const { name } of await db.listCollections({}, { nameOnly: true }).toArray()) {
    const docs = await db.collection(name).find({}).sort({ _id: 1 }).toArray();
    if (docs.length) out[name] = docs.map((d) => mongoose.mongo.BSON.EJSON.stringify(d, { relaxed: false }));
  }
  return out;
}

describe('backup and restore of the embedded database (npm run db:backup, db:restore)', function () {
  this.timeout(60_000);
  useTestDb();
  let dir: string;
  let client: pg.Client;
  let source: string;

  before(async function () {
    const access = postgresAccess();
    if (!access) return this.skip(); // the embedded PostgreSQL only
    client = new pg.Client({ host: '127.0.0.1', ...access, database: 'postgres' });
    await client.connect();
    source = mongoose.connection.name;
  });

  after(async () => {
    await client?.end();
  });

  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'dtv-backup-'));
  });

  afterEach(async () => {
    rmSync(dir, { recursive: true, force: true });
    if (mongoose.connection.name !== source) {
      await mongoose.connection.dropDatabase();
      await mongoose.disconnect();
      await mongoose.connect(await testServerUri(), { dbName: source, serverSelectionTimeoutMS: 5_000 });
    }
  });

  async function backup(reached?: (collection: string) => Promise<void>): Promise<string> {
    const file = path.join(dir, 'backup.jsonl.gz');
    await writeBackup(client, mongoose.connection.name, createWriteStream(file), reached);
    return file;
  }

  /** Connects the service's models to a new, empty database and restores `file` into it. */
  async function restoreIntoNew(file: string): Promise<string> {
    const target = `${source}_restored`;
    await mongoose.disconnect();
    await mongoose.connect(await testServerUri(), { dbName: target, serverSelectionTimeoutMS: 5_000 });
    await restoreBackup({
      file,
      client,
      connection: mongoose.connection,
      replace: false,
      prepare: syncAllIndexes,
    });
    return target;
  }

  it('when a backup is restored into an empty database, then every document comes back as it was, and the service works on it', async () => {
    const given = await givenDeliveries(3);
    await confirmDeliveries(given, given.households.slice(0, 2), given.official.auth);
    const db = mongoose.connection.db as Db;
    const before = await everything(db);
    const file = await backup();

    await restoreIntoNew(file);

    const restored = await everything(mongoose.connection.db as Db);
    expect(Object.keys(restored)).to.deep.equal(Object.keys(before));
    for (const name of Object.keys(before)) expect(restored[name], name).to.deep.equal(before[name]);
    expect(await checkInvariants()).to.deep.equal([]);
    // The same sign-in still works, and the official sees the delivered households.
    const list = await request(testApp)
      .get('/api/v1/households?areaCode=07888&status=delivered')
      .set(given.official.auth)
      .expect(200);
    expect(list.body.total).to.equal(2);
  });

  it('when the service writes while the backup is read, then the backup shows one instant: the new household in none of its collections', async () => {
    await givenDeliveries(2);
    const before = await HouseholdModel.countDocuments({});
    let written = false;
    // Collections are read by name: the audit trail and the counters before the households.
    const file = await backup(async (collection) => {
      if (collection !== 'households') return;
      await givenHousehold('07888'); // its audit entry, counter and the household itself, committed
      written = true;
    });
    expect(written).to.equal(true);
    expect(await HouseholdModel.countDocuments({})).to.equal(before + 1);

    await restoreIntoNew(file);

    expect(await HouseholdModel.countDocuments({})).to.equal(before);
    expect(await checkInvariants()).to.deep.equal([]);
  });

  it('when the file was cut short, then the restore refuses before writing anything', async () => {
    await givenDeliveries(2);
    const file = await backup();
    const whole = readFileSync(file);
    writeFileSync(file, whole.subarray(0, Math.floor(whole.length / 2)));

    const failed = await restoreIntoNew(file).catch((err: unknown) => err);

    expect(failed).to.be.instanceOf(BadBackupError);
    expect(await everything(mongoose.connection.db as Db)).to.deep.equal({});
  });

  it('when the counts at its end disagree with its rows, then the restore refuses and names the collection', async () => {
    const header = { format: BACKUP_FORMAT, version: 1, database: 'x', createdAt: '', postgres: '16' };
    const file = path.join(dir, 'altered.jsonl.gz');
    const row = '{"_id": "a", "$s": {"$k": ["_id"], "p": {"_id": {"t": "string"}}}}';
    writeFileSync(file, gzipSync(`${JSON.stringify(header)}\nnotes\t${row}\n#end\t{"notes":2}\n`));

    const failed = (await restoreIntoNew(file).catch((err: unknown) => err)) as Error;

    expect(failed).to.be.instanceOf(BadBackupError);
    expect(failed.message).to.equal('notes: the backup says 2 documents, the file holds 1');
  });

  it('when the database already holds documents, then the restore refuses unless told to replace them', async () => {
    const given = await givenDeliveries(1);
    const file = await backup();
    const db = mongoose.connection.db as Db;
    const before = await everything(db);
    await givenHousehold('07888');
    const restore = (replace: boolean) =>
      restoreBackup({ file, client, connection: mongoose.connection, replace, prepare: syncAllIndexes });

    const refused = (await restore(false).catch((err: unknown) => err)) as Error;
    expect(refused).to.be.instanceOf(RestoreRefusedError);
    expect(refused.message).to.include('already holds data (areas, audit,');
    expect(await HouseholdModel.countDocuments({})).to.equal(given.households.length + 1);

    await restore(true);
    expect(await everything(db)).to.deep.equal(before);
  });
});
