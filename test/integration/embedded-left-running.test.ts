import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import mongoose from 'mongoose';
import { startEmbeddedServer, type EmbeddedServer } from '../../src/database/embedded-db';
import { projectFerretdbPath } from '../../src/database/ferretdb';
import { logger } from '../../src/logger';

// A service killed outright (kill -9, out of memory) leaves its PostgreSQL and FerretDB running.
// The next start on the same DATA_DIR stops them and comes up on the same data; a start while
// another live service runs there refuses and names it, and leaves that one working
// (left-running.ts). Before, the next start failed with 'lock file "postmaster.pid" already exists'.

const CHILD = path.join(__dirname, '..', 'support', 'embedded-child.ts');

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return !readFileSync(`/proc/${pid}/stat`, 'utf8').includes(') Z ');
  } catch {
    return false;
  }
}

async function startChild(dataDir: string): Promise<{ child: ChildProcess; uri: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', CHILD, dataDir], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stderr?.on('data', (c: Buffer) => (err += c.toString()));
  const uri = await new Promise<string>((resolve, reject) => {
    child.stdout?.on('data', (c: Buffer) => {
      out += c.toString();
      const m = /ready (\S+)/.exec(out);
      if (m) resolve(m[1] as string);
    });
    child.once('exit', (code) => reject(new Error(`the child exited (${code}): ${err}`)));
  });
  return { child, uri };
}

const postmasterOf = (dataDir: string) =>
  Number(readFileSync(path.join(dataDir, 'postgres', 'postmaster.pid'), 'utf8').split('\n')[0]);

describe('embedded database left running by an earlier run (Linux)', function () {
  this.timeout(120_000);
  let dataDir: string;
  let server: EmbeddedServer | undefined;
  let child: ChildProcess | undefined;

  before(function () {
    if (process.platform !== 'linux' || process.env.MONGODB_URI || !existsSync(projectFerretdbPath()))
      this.skip();
  });
  beforeEach(() => {
    dataDir = mkdtempSync(path.join(tmpdir(), 'dtv-left-'));
  });
  afterEach(async () => {
    await server?.stop();
    server = undefined;
    if (child && child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      await once(child, 'exit');
    }
    child = undefined;
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('after the service was killed, the next start stops what it left and keeps its data', async () => {
    const first = await startChild(dataDir);
    child = first.child;
    const orphanPostgres = postmasterOf(dataDir);
    child.kill('SIGKILL');
    await once(child, 'exit');
    expect(alive(orphanPostgres), 'PostgreSQL outlives a killed service').to.equal(true);

    server = await startEmbeddedServer({ dataDir, log: logger, durable: false });
    expect(alive(orphanPostgres), 'the orphan is stopped').to.equal(false);
    expect(postmasterOf(dataDir)).to.not.equal(orphanPostgres);
    const conn = await mongoose.createConnection(server.uri, { dbName: 'left_running' }).asPromise();
    try {
      const kept = await conn.collection('notes').findOne({ _id: 'kept' as never });
      expect(kept?.by).to.equal(first.child.pid);
    } finally {
      await conn.close();
    }
  });

  it('a start while another service runs on the same DATA_DIR refuses, naming it, and leaves it working', async () => {
    const first = await startChild(dataDir);
    child = first.child;
    const running = postmasterOf(dataDir);
    let refused: Error | undefined;
    try {
      server = await startEmbeddedServer({ dataDir, log: logger, durable: false });
    } catch (err) {
      refused = err as Error;
    }
    expect(refused?.message).to.include(`Another running service (process ${first.child.pid})`);
    expect(alive(running)).to.equal(true);
    const conn = await mongoose.createConnection(first.uri, { dbName: 'left_running' }).asPromise();
    try {
      expect(await conn.collection('notes').countDocuments()).to.equal(1);
    } finally {
      await conn.close();
    }
  });
});
