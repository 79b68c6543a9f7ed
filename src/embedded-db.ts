import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, existsSync, mkdirSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { buildFerretdb, hasGo, projectFerretdbPath } from './ferretdb';
import type { Logger } from './logger';

// The embedded default (DESIGN §11): with no MONGODB_URI the service and the tests start a local
// server themselves: FerretDB if installed (or buildable with Go), else mongodb-memory-server.

export interface EmbeddedServer {
  readonly uri: string;
  readonly kind: 'ferretdb' | 'mongodb-memory-server';
  /** Starts the same server again on the same port and data (used to test database outages). */
  restart(): Promise<void>;
  stop(): Promise<void>;
}

export interface EmbeddedOptions {
  dataDir: string;
  ferretdbBin?: string;
  log: Logger;
}

export async function startEmbeddedServer(opts: EmbeddedOptions): Promise<EmbeddedServer> {
  mkdirSync(opts.dataDir, { recursive: true });
  const ferretdb = locateFerretdb(opts);
  if (ferretdb) return startFerretdb(ferretdb, opts);
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

async function startFerretdb(bin: string, opts: EmbeddedOptions): Promise<EmbeddedServer> {
  const port = await freePort();
  const sqliteDir = path.join(opts.dataDir, 'ferretdb');
  mkdirSync(sqliteDir, { recursive: true });
  const args = [
    '--handler=sqlite',
    `--sqlite-url=file:${sqliteDir}/`,
    `--listen-addr=127.0.0.1:${port}`,
    `--state-dir=${sqliteDir}`,
    '--debug-addr=-',
    '--telemetry=disable',
    '--log-level=warn',
  ];
  let child: ChildProcess | undefined;
  const launch = async (): Promise<void> => {
    const logFile = createWriteStream(path.join(opts.dataDir, 'ferretdb.log'), { flags: 'a' });
    const proc = spawn(bin, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    proc.stdout.pipe(logFile);
    proc.stderr.pipe(logFile);
    child = proc;
    await waitForPort(port, proc);
  };
  await launch();
  opts.log.info({ port, dataDir: sqliteDir }, 'embedded FerretDB started');
  const stop = async (): Promise<void> => {
    const proc = child;
    child = undefined;
    if (proc && proc.exitCode === null) await stopProcess(proc);
  };
  return {
    uri: `mongodb://127.0.0.1:${port}/`,
    kind: 'ferretdb',
    restart: async () => {
      await stop();
      await launch();
    },
    stop,
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

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const address = srv.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

async function waitForPort(port: number, proc: ChildProcess, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (proc.exitCode !== null)
      throw new Error(`FerretDB exited at start (code ${proc.exitCode}); see ferretdb.log`);
    if (await canConnect(port)) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  proc.kill('SIGKILL');
  throw new Error(`FerretDB did not accept connections on port ${port} within ${timeoutMs} ms`);
}

function canConnect(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

function stopProcess(proc: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    const killer = setTimeout(() => proc.kill('SIGKILL'), 5_000);
    proc.once('exit', () => {
      clearTimeout(killer);
      resolve();
    });
    proc.kill('SIGTERM');
  });
}
