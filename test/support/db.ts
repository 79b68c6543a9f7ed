import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import mongoose from 'mongoose';
import { loadConfig } from '../../src/config';
import { detectServer, syncAllIndexes, usePostgresAccess } from '../../src/database/db';
import { startEmbeddedServer, type EmbeddedServer } from '../../src/database/embedded-db';
import { logger } from '../../src/logger';
import { recordQueryShapes } from './query-shapes';

// The only file that knows how the test database server is provided: MONGODB_URI when set, else
// the same embedded server `npm start` uses (FerretDB on PostgreSQL, FerretDB built if needed; else
// mongodb-memory-server), started once per test run on a throw-away data directory without fsync.

let server: EmbeddedServer | undefined;
let dataDir: string | undefined;
let starting: Promise<string> | undefined;
let databases = 0;

async function startServer(): Promise<string> {
  const uri = loadConfig(process.env).mongo.uri;
  if (uri) return uri;
  dataDir = mkdtempSync(path.join(tmpdir(), 'dtv-test-'));
  server = await startEmbeddedServer({ dataDir, log: logger, durable: false });
  return server.uri;
}

export function testServerUri(): Promise<string> {
  starting ??= startServer();
  return starting;
}

/** The embedded server, for tests that stop and restart it (outage tests); undefined with MONGODB_URI. */
export function embeddedTestServer(): EmbeddedServer | undefined {
  return server;
}

export async function stopTestServer(): Promise<void> {
  await server?.stop();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
}

/** Gives the calling test file its own database: indexes built, collections emptied before each test. */
export function useTestDb(): void {
  before(async function () {
    this.timeout(600_000); // the first run may build FerretDB
    const uri = await testServerUri();
    await mongoose.connect(uri, {
      dbName: `dtv_test_${process.pid}_${++databases}`,
      serverSelectionTimeoutMS: 5_000,
    });
    recordQueryShapes();
    usePostgresAccess(server?.postgres);
    await detectServer();
    await syncAllIndexes();
  });

  beforeEach(async () => {
    for (const name of mongoose.modelNames()) await mongoose.model(name).deleteMany({});
  });

  after(async () => {
    await mongoose.connection.dropDatabase().catch(() => undefined);
    await mongoose.disconnect();
  });
}
