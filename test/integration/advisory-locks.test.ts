import { expect } from 'chai';
import pg from 'pg';
import { advisoryLocksInUse, takeAdvisoryLocks } from '../../src/database/advisory-locks';
import { withLockSet } from '../../src/database/lock-set';
import { LockLostError, LockModel, withLock } from '../../src/database/locks';
import { UnavailableError } from '../../src/errors';
import { embeddedTestServer, useTestDb } from '../support/db';
import { raceClaim, raceReadRewrite } from '../support/lock-race';

// The locks of the embedded default (advisory-locks.ts): PostgreSQL's advisory locks on a session
// this process keeps, instead of lock documents written through FerretDB.

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function outcome(p: Promise<unknown>): Promise<unknown> {
  return p.then(
    () => 'ran',
    (err: unknown) => err,
  );
}

/** Ends every other session of this database server that holds an advisory lock (a crash, a restart). */
async function endLockSessions(): Promise<number> {
  const access = embeddedTestServer()?.postgres;
  const client = new pg.Client({ host: '127.0.0.1', ...access, database: 'postgres' });
  await client.connect();
  try {
    const res = await client.query(
      `SELECT pg_terminate_backend(pid) FROM (SELECT DISTINCT pid FROM pg_locks WHERE locktype = 'advisory' AND pid <> pg_backend_pid()) s`,
    );
    return res.rowCount ?? 0;
  } finally {
    await client.end();
  }
}

describe('withLock on the embedded PostgreSQL: advisory locks', () => {
  useTestDb();

  before(function () {
    if (!advisoryLocksInUse()) this.skip(); // MONGODB_URI given: lock documents (locks.test.ts)
  });

  it('when 30 callers of as many processes race to claim one document with a read-check-write, then exactly one wins and no lock document is written', async () => {
    expect(await raceClaim('tally:box', 30, { asAnotherProcess: true })).to.equal(1);
    expect(await LockModel.countDocuments()).to.equal(0);
  });

  it('when 50 callers of this process read and rewrite one counter under the lock, then no increment is lost', async () => {
    expect(await raceReadRewrite('tally:t', 50)).to.equal(50);
  });

  it('when a lock set of this process holds a key, then withLock on it waits (the session would let it in again), and runs once the set is released', async () => {
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    let setHeld: ReadonlySet<string> = new Set();
    const set = withLockSet(['tally:a', 'tally:b'], async (keys) => {
      setHeld = new Set(keys);
      await held;
    });
    await sleep(50);

    const refused = await outcome(withLock('tally:a', async () => undefined, { waitMs: 100 }));
    const waiting = withLock('tally:b', async () => 'ran after the set', { waitMs: 5_000 });
    await sleep(50);
    release();
    await set;

    expect([...setHeld]).to.have.members(['tally:a', 'tally:b']);
    expect(refused).to.be.instanceOf(UnavailableError);
    expect(await waiting).to.equal('ran after the set');
  });

  it('when a lock set meets keys another process holds, then it works on the others and gives those back', async () => {
    const other = await takeAdvisoryLocks(['tally:x'], { waitMs: 0, all: true, separate: true });
    try {
      const got = await withLockSet(['tally:x', 'tally:y'], async (keys) => [...keys], { waitMs: 100 });
      expect(got).to.deep.equal(['tally:y']);
    } finally {
      await other.release();
    }
  });

  it('when another process holds the key past the wait, then withLock fails with UNAVAILABLE rather than running unguarded', async () => {
    const other = await takeAdvisoryLocks(['tally:busy'], { waitMs: 0, all: true, separate: true });
    try {
      const result = await outcome(withLock('tally:busy', async () => undefined, { waitMs: 150 }));
      expect(result).to.be.instanceOf(UnavailableError);
      expect((result as UnavailableError).code).to.equal('UNAVAILABLE');
    } finally {
      await other.release();
    }
    expect(await withLock('tally:busy', async () => 'free', { waitMs: 1_000 })).to.equal('free');
  });

  it('when the session holding the lock ends (a restart, a crash), then its holder’s signal aborts, withLock fails with LockLostError, and the next caller gets the key on a new session', async () => {
    let sawAbort = false;
    const first = outcome(
      withLock('tally:lost', async (lock) => {
        lock.signal.addEventListener('abort', () => (sawAbort = true));
        await sleep(300);
        lock.assertHeld();
      }),
    );
    await sleep(100);
    expect(await endLockSessions()).to.be.at.least(1);

    expect(await first).to.be.instanceOf(LockLostError);
    expect(sawAbort).to.equal(true);
    expect(await withLock('tally:lost', async () => 'again', { waitMs: 2_000 })).to.equal('again');
  });
});
