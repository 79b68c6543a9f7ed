import mongoose from 'mongoose';
import type { Config } from './config';
import { startEmbeddedServer, type EmbeddedServer } from './embedded-db';
import { useLocks } from './locks';
import { logger, type Logger } from './logger';
import { addGinIndexes, type PostgresAccess } from './postgres-indexes';

export interface DbHandle {
  readonly uri: string;
  readonly dbName: string;
  readonly embedded: EmbeddedServer | undefined;
}

// Fail fast instead of queueing: while the database is unreachable a request answers 503 within
// seconds rather than hanging, and the driver reconnects by itself when the server is back.
mongoose.set('bufferCommands', false);
mongoose.set('strictQuery', true);

export async function connectDb(
  config: Config,
  log: Logger,
  dbName = config.mongo.dbName,
): Promise<DbHandle> {
  const embedded = config.mongo.uri
    ? undefined
    : await startEmbeddedServer({
        dataDir: config.embedded.dataDir,
        ferretdbBin: config.embedded.ferretdbBin,
        log,
        supervise: true,
      });
  const uri = config.mongo.uri ?? (embedded as EmbeddedServer).uri;
  usePostgresAccess(embedded?.postgres);
  try {
    await mongoose.connect(uri, { dbName, serverSelectionTimeoutMS: 5_000, maxPoolSize: 50 });
  } catch (err) {
    await embedded?.stop();
    throw err;
  }
  await detectServer();
  return { uri, dbName, embedded };
}

/** FerretDB answers buildInfo with ferretdbVersion; its updates need locks (see locks.ts). */
export async function detectServer(): Promise<{ ferretdb: boolean; version: string }> {
  const db = mongoose.connection.db;
  if (!db) throw new Error('not connected');
  const info = await db.admin().command({ buildInfo: 1 });
  const ferretdb = typeof info.ferretdbVersion === 'string';
  useLocks(ferretdb);
  return { ferretdb, version: String(info.ferretdbVersion ?? info.version) };
}

export async function disconnectDb(handle: DbHandle | undefined): Promise<void> {
  await mongoose.disconnect();
  await handle?.embedded?.stop();
}

let postgres: PostgresAccess | undefined;

/** The embedded PostgreSQL under FerretDB, when there is one: syncAllIndexes then tunes it too. */
export function usePostgresAccess(access: PostgresAccess | undefined): void {
  postgres = access;
}

/**
 * Builds the declared indexes of every registered model (unique constraints are invariants) and, on
 * the embedded PostgreSQL, the GIN indexes FerretDB's pushed-down filters need (postgres-indexes.ts).
 */
export async function syncAllIndexes(): Promise<void> {
  for (const name of mongoose.modelNames()) await mongoose.model(name).syncIndexes();
  if (postgres) await addGinIndexes(postgres, mongoose.connection.name, logger);
}

/** True when the database answers a ping within the driver's server-selection timeout. */
export async function pingDb(): Promise<boolean> {
  const db = mongoose.connection.db;
  if (!db || mongoose.connection.readyState !== 1) return false;
  try {
    await db.admin().ping();
    return true;
  } catch {
    return false;
  }
}

const UNAVAILABLE_ERRORS = new Set([
  'MongoServerSelectionError',
  'MongooseServerSelectionError',
  'MongoNetworkError',
  'MongoNetworkTimeoutError',
  'MongoNotConnectedError',
  'MongoTopologyClosedError',
  'MongoPoolClearedError',
]);

export function isDbUnavailableError(err: unknown): boolean {
  if (!(err instanceof Error)) return false;
  if (UNAVAILABLE_ERRORS.has(err.name)) return true;
  // With bufferCommands off Mongoose refuses operations on a closed connection with a plain MongooseError.
  return err.name === 'MongooseError' && /not connected|buffering|connection.*closed/i.test(err.message);
}

/**
 * A unique index refused the write. MongoDB answers E11000; FerretDB 1.24 does on insert only, and
 * answers an update that breaks a unique index with InternalError (code 1) carrying its backend's
 * message: SQLite's "UNIQUE constraint failed: index '<collection>_<field>_1'", PostgreSQL's
 * "duplicate key value violates unique constraint … (SQLSTATE 23505)". The index still holds.
 */
export function isDuplicateKeyError(err: unknown): boolean {
  const { code, message } = (err ?? {}) as { code?: unknown; message?: unknown };
  if (code === 11000) return true;
  return (
    code === 1 &&
    typeof message === 'string' &&
    (message.includes('UNIQUE constraint failed') || message.includes('SQLSTATE 23505'))
  );
}
