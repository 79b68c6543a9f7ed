import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, existsSync, mkdirSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { preparePostgres } from './embedded-postgres';
import { buildFerretdb, hasGo, projectFerretdbPath } from './ferretdb';
import type { Logger } from '../logger';
import { stopLeftRunning } from './left-running';
import { canConnect, freePort, stopProcess, waitUntil } from './processes';

// The embedded default (DESIGN §11): with no MONGODB_URI the service and the tests start a local
// server themselves: FerretDB v1.24 on an embedded PostgreSQL when FerretDB is installed (or
// buildable with Go), else mongodb-memory-server. FerretDB's SQLite backend decodes the whole
// collection for every query but `_id` equality (3.7 s to register one household at 3,000 stored);
// on PostgreSQL with nested pushdown, flat equality filters run inside PostgreSQL.

export interface EmbeddedServer {
  readonly uri: string;
  readonly kind: 'ferretdb-postgresql' | 'mongodb-memory-server';
  /** The PostgreSQL under FerretDB (loopback), for tuning it directly; undefined for mongod. */
  readonly postgres?: { readonly port: number; readonly user: string; readonly password: string };
  /** Starts again what stop() stopped, on the same ports and data (used to test database outages). */
  restart(): Promise<void>;
  /**
   * Stops the server; `signal` is what FerretDB gets (SIGKILL: a crash, nothing flushed or closed;
   * outage tests use it). PostgreSQL under it always gets a fast shutdown.
   */
  stop(signal?: 'SIGTERM' | 'SIGKILL'): Promise<void>;
}

export interface EmbeddedOptions {
  dataDir: string;
  ferretdbBin?: string;
  log: Logger;
  /** false for throw-away test data: PostgreSQL skips fsync. Default true. */
  durable?: boolean;
  /** Start again a database process that died by itself (the service does; tests that stop it do not). */
  supervise?: boolean;
  /** Start even though the data folder holds SQLite data of an earlier version (the migration does). */
  ignoreSqliteData?: boolean;
}

export async function startEmbeddedServer(opts: EmbeddedOptions): Promise<EmbeddedServer> {
  mkdirSync(opts.dataDir, { recursive: true });
  const ferretdb = locateFerretdb(opts);
  if (ferretdb) {
    if (!opts.ignoreSqliteData) refuseSqliteData(opts.dataDir);
    return startFerretdbOnPostgres(ferretdb, opts);
  }
  try {
    return await startMemoryServer(opts);
  } catch (err) {
    throw new Error(
      'No database could be started. Do one of these:\n' +
        '  - set MONGODB_URI to a MongoDB (or FerretDB) server;\n' +
        '  - install Go (https://go.dev/dl/) and run `npm run ferretdb:install`;\n' +
        '  - or allow mongodb-memory-server to download a mongod binary (needs the internet).\n' +
        `(mongodb-memory-server said: ${(err as Error).message})`,
    );
  }
}

/** The folder where versions before the PostgreSQL default kept FerretDB's SQLite files. */
export function sqliteDataDir(dataDir: string): string {
  return path.join(dataDir, 'ferretdb');
}

export function hasSqliteData(dataDir: string): boolean {
  const dir = sqliteDataDir(dataDir);
  return existsSync(dir) && readdirSync(dir).some((f) => f.endsWith('.sqlite'));
}

// An earlier version's data is never silently abandoned: starting on an empty PostgreSQL next to it
// would look like lost data to the province.
function refuseSqliteData(dataDir: string): void {
  if (!hasSqliteData(dataDir)) return;
  throw new Error(
    `${sqliteDataDir(dataDir)} holds data of an earlier version (FerretDB on SQLite).\n` +
      'Copy it to the new embedded PostgreSQL once with:  npm run db:migrate-from-sqlite\n' +
      '(or move that folder away to start with an empty database).',
  );
}

function locateFerretdb(opts: EmbeddedOptions): string | undefined {
  if (opts.ferretdbBin) {
    if (!existsSync(opts.ferretdbBin))
      throw new Error(`FERRETDB_BIN points to a missing file: ${opts.ferretdbBin}`);
    return opts.ferretdbBin;
  }
  const local = projectFerretdbPath();
  if (existsSync(local)) return local;
  if (!hasGo()) return undefined;
  opts.log.warn('FerretDB is not installed yet and Go is available: building it once now (takes minutes).');
  return buildFerretdb(local, (line) => opts.log.info(line));
}

async function startFerretdbOnPostgres(bin: string, opts: EmbeddedOptions): Promise<EmbeddedServer> {
  await stopLeftRunning(opts.dataDir, opts.log);
  const postgres = await preparePostgres({
    dir: path.join(opts.dataDir, 'postgres'),
    log: opts.log,
    durable: opts.durable ?? true,
  });
  const port = await freePort();
  const stateDir = path.join(opts.dataDir, 'ferretdb-state');
  mkdirSync(stateDir, { recursive: true });
  const args = [
    '--handler=postgresql',
    '--test-enable-nested-pushdown', // filters on nested fields (area.communeCode, head.folded) run in PostgreSQL
    `--listen-addr=127.0.0.1:${port}`,
    `--state-dir=${stateDir}`,
    '--debug-addr=-',
    '--telemetry=disable',
    '--log-level=warn',
  ];
  // The URL carries the password: passed in the environment, not on the command line (ps shows that).
  // FerretDB's pool (pool_max_conns, 50 by default) must be larger than the driver's (50): FerretDB
  // holds a PostgreSQL connection for each cursor still open, so with equal pools every driver
  // connection could wait on a query that waits for a PostgreSQL connection held by a cursor whose
  // next batch needs a driver connection (a bulk job stalled like this here). PostgreSQL allows 200.
  const env = {
    ...process.env,
    FERRETDB_POSTGRESQL_URL: `postgres://${postgres.user}:${encodeURIComponent(postgres.password)}@127.0.0.1:${postgres.port}/postgres?pool_max_conns=150`,
  };
  let child: ChildProcess | undefined;
  let stopping = false;

  const launch = async (): Promise<void> => {
    const logFile = createWriteStream(path.join(opts.dataDir, 'ferretdb.log'), { flags: 'a' });
    const proc = spawn(bin, args, { stdio: ['ignore', 'pipe', 'pipe'], env });
    proc.stdout.pipe(logFile);
    proc.stderr.pipe(logFile);
    child = proc;
    proc.once('exit', (code, signal) => {
      if (stopping || child !== proc || !opts.supervise) return;
      opts.log.warn({ code, signal }, 'embedded FerretDB exited by itself: starting it again in 1 s');
      setTimeout(
        () => void launch().catch((err: unknown) => opts.log.error({ err }, 'FerretDB restart failed')),
        1_000,
      );
    });
    await waitUntil(async () => {
      if (proc.exitCode !== null)
        throw new Error(`FerretDB exited at start (code ${proc.exitCode}); see ferretdb.log`);
      return canConnect(port);
    }, 30_000);
  };
  const stop = async (signal: 'SIGTERM' | 'SIGKILL' = 'SIGTERM'): Promise<void> => {
    stopping = true;
    const proc = child;
    child = undefined;
    if (proc) await stopProcess(proc, signal, 5_000);
    await postgres.stop();
  };
  const start = async (): Promise<void> => {
    stopping = false;
    await postgres.start();
    await launch();
  };

  try {
    await start();
  } catch (err) {
    await stop();
    throw err;
  }
  opts.log.info(
    { port, postgresPort: postgres.port, dataDir: opts.dataDir },
    'embedded FerretDB on PostgreSQL started',
  );
  return {
    uri: `mongodb://127.0.0.1:${port}/`,
    kind: 'ferretdb-postgresql',
    postgres: { port: postgres.port, user: postgres.user, password: postgres.password },
    restart: async () => {
      await stop();
      await start();
    },
    stop: (signal) => stop(signal),
  };
}

async function startMemoryServer(opts: EmbeddedOptions): Promise<EmbeddedServer> {
  const { MongoMemoryServer } = await import('mongodb-memory-server-core');
  const dbPath = path.join(opts.dataDir, 'mongod');
  mkdirSync(dbPath, { recursive: true });
  const server = await MongoMemoryServer.create({
    instance: { dbPath, storageEngine: 'wiredTiger', ip: '127.0.0.1' },
  });
  opts.log.info({ dbPath }, 'embedded mongod (mongodb-memory-server) started');
  return {
    uri: server.getUri(),
    kind: 'mongodb-memory-server',
    restart: async () => {
      await server.stop({ doCleanup: false });
      await server.start(true);
    },
    stop: async () => {
      await server.stop({ doCleanup: false });
    },
  };
}
