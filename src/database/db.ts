import mongoose from 'mongoose';
import type { Config } from '../config';
import { watchDriver } from './driver-watchdog';
import { startEmbeddedServer, type EmbeddedServer } from './embedded-db';
import { useLocks } from './locks';
import { logger, type Logger } from '../logger';
import { useAdvisoryLocks } from './advisory-locks';
import { usePostgresPages } from './postgres-reads';
import { addGinIndexes, type PostgresAccess } from './postgres-indexes';
import { isPostgresGoingAway } from './postgres-errors';

export interface DbHandle {
  readonly uri: string;
  readonly dbName: string;
  readonly embedded: EmbeddedServer | undefined;
}

// Fail fast instead of queueing: while the database is unreachable a request answers 503 within
// seconds rather than hanging, and the driver reconnects by itself when the server is back.
mongoose.set('bufferCommands', false);
mongoose.set('strictQuery', true);

/**
 * How the driver notices an outage and a recovery (issue 10.2). Measured through a TCP proxy in front
 * of FerretDB (test/integration/health.test.ts): with the driver's defaults a query sent while the
 * server hung took 65 s to fail and recovery waited for a 10 s heartbeat; with these, /readyz says 503
 * within its 1.5 s ping and 200 again within 0.5 s, and a request fails with 503 within 5 s.
 * - heartbeatFrequencyMS 1 s: the monitor checks the server every second (and retries every 0.5 s
 *   while an operation waits for it), so a server back up is in use again within about a second.
 * - connectTimeoutMS 10 s: also the monitor's timeout for its check; when that times out (a hung
 *   server or network) the driver marks the server unknown and interrupts the operations in flight.
 *   Not 2 s: at province scale, during a bulk job on two cores, FerretDB took over 2 s to answer a
 *   check, and the driver then interrupted the job's healthy writes and answered every request 503
 *   (seen in bench:scale). A killed or stopped server resets its connections and is noticed at once
 *   whatever this is; only a hung one now takes up to ~11 s before requests answer 503 (/readyz still
 *   says 503 within its own 1.5 s ping).
 * A driver whose monitor stopped after a server restart (a race in the driver, see driver-watchdog.ts)
 * is closed and connected again by the watchdog connectDb starts.
 * - serverSelectionTimeoutMS 1 s: while the server is unknown an operation waits this long for it,
 *   then fails (503); a retried read waits once more. The outage test's slowest 503 is a request
 *   sent as FerretDB starts a SIGTERM shutdown: it holds the connections unanswered for about 3 s
 *   before it exits, then the retry waits for a server. With 2 s that took 4–6 s on a loaded machine.
 * - socketTimeoutMS 120 s: only a bound on one stuck operation. Not shorter: on FerretDB a filter it
 *   cannot push down scans the collection, which at province scale takes tens of seconds, and an
 *   outage is caught by the monitor above, not by this.
 */
export const DRIVER_OPTIONS = {
  serverSelectionTimeoutMS: 1_000,
  heartbeatFrequencyMS: 1_000,
  connectTimeoutMS: 10_000,
  socketTimeoutMS: 120_000,
  maxPoolSize: 50,
} as const;

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
    await mongoose.connect(uri, { dbName, ...DRIVER_OPTIONS });
  } catch (err) {
    await embedded?.stop();
    throw err;
  }
  stopWatchingDriver = watchDriver({ uri, dbName, driverOptions: DRIVER_OPTIONS, log });
  await detectServer();
  return { uri, dbName, embedded };
}

let stopWatchingDriver = () => {};

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
  usePostgresPages(undefined);
  useAdvisoryLocks(undefined);
  stopWatchingDriver();
  await mongoose.disconnect();
  await handle?.embedded?.stop();
}

let postgres: PostgresAccess | undefined;

/** The embedded PostgreSQL under FerretDB, when there is one: syncAllIndexes then tunes it too. */
export function usePostgresAccess(access: PostgresAccess | undefined): void {
  postgres = access;
  usePostgresPages(access);
  useAdvisoryLocks(access);
}

/** The embedded PostgreSQL's address, when this process started it (or was given it). */
export function postgresAccess(): PostgresAccess | undefined {
  return postgres;
}

/**
 * Builds the declared indexes of every registered model (unique constraints are invariants) and, on
 * the embedded PostgreSQL, the GIN indexes FerretDB's pushed-down filters need (postgres-indexes.ts).
 */
export async function syncAllIndexes(): Promise<void> {
  for (const name of mongoose.modelNames()) await mongoose.model(name).syncIndexes();
  if (postgres) await addGinIndexes(postgres, mongoose.connection.name, logger);
}

/**
 * True when the database answers a ping within `timeoutMs`. Asks the server every time it is not
 * known to be down: the driver's own view (mongoose's readyState) lags an outage by a heartbeat, so
 * "connected" is never taken on trust; "disconnected" is (it once stayed so after the server was
 * back: the driver's monitor had stopped, which the watchdog now repairs).
 */
export async function pingDb(timeoutMs = 1_500): Promise<boolean> {
  const db = mongoose.connection.db;
  // The driver marked the server unknown (an operation or a check failed): no need to wait for the
  // ping's server selection to fail. A server back up is known again within a heartbeat (1 s); a
  // monitor that stopped is reconnected by the watchdog (driver-watchdog.ts).
  if (!db || mongoose.connection.readyState === mongoose.ConnectionStates.disconnected) return false;
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<false>((resolve) => (timer = setTimeout(() => resolve(false), timeoutMs)));
  try {
    return await Promise.race([
      db
        .admin()
        .ping()
        .then(() => true),
      timedOut,
    ]);
  } catch {
    return false;
  } finally {
    clearTimeout(timer);
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
  // A request still in flight while the service shuts down (its client closed under it).
  'MongoClientClosedError',
]);

// A socket error the driver did not wrap (seen as a plain Error when the server vanished mid-write).
const SOCKET_ERROR_CODES = new Set(['ECONNRESET', 'ECONNREFUSED', 'EPIPE', 'ETIMEDOUT', 'ENOTCONN']);

// What FerretDB answers on a connection still open while it shuts down (its Go context is
// cancelled) or while its PostgreSQL backend is away; not a bug of the request, so 503 not 500.
const FERRETDB_GOING_AWAY =
  /context canceled|context deadline exceeded|the database system is (shutting down|starting up)|terminating connection due to administrator command|failed to connect to/i;

export function isDbUnavailableError(err: unknown, depth = 0): boolean {
  if (!(err instanceof Error) || depth > 3) return false;
  if (UNAVAILABLE_ERRORS.has(err.name)) return true;
  const { code, cause } = err as { code?: unknown; cause?: unknown };
  if (typeof code === 'string' && SOCKET_ERROR_CODES.has(code)) return true;
  if (isPostgresGoingAway(err)) return true;
  if (err.name === 'MongoServerError' && FERRETDB_GOING_AWAY.test(err.message)) return true;
  // With bufferCommands off Mongoose refuses operations on a closed connection with a plain MongooseError.
  if (err.name === 'MongooseError' && /not connected|buffering|connection.*closed/i.test(err.message))
    return true;
  return isDbUnavailableError(cause, depth + 1);
}
