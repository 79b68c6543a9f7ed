import { expect } from 'chai';
import sinon from 'sinon';
import { LockLostError, LockModel, locksInUse, withLock } from '../../src/database/locks';
import { UnavailableError } from '../../src/errors';
import { useAdvisoryLocks } from '../../src/database/advisory-locks';
import { embeddedTestServer, useTestDb } from '../support/db';
import { raceClaim, raceReadRewrite, Tally } from '../support/lock-race';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Blocks the event loop, as a long synchronous step or a GC pause would: no renewal can run. */
function blockEventLoop(ms: number): void {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    /* busy */
  }
}

async function givenExpiredLock(key: string): Promise<void> {
  await LockModel.create({ _id: key, holder: 'crashed', expiresAt: new Date(Date.now() - 1000) });
}

const WAITERS = 8;

/**
 * The lock documents of locks.ts, as an external FerretDB (no access to its PostgreSQL) or MongoDB
 * with `always` uses them; the embedded default takes advisory locks (advisory-locks.test.ts).
 */
function lockDocumentsOnly(): void {
  before(() => useAdvisoryLocks(undefined));
  after(() => useAdvisoryLocks(embeddedTestServer()?.postgres));
}

// `always: true` makes withLock take the lock document on MongoDB too, so these tests check the lock
// itself on whichever server runs them (FerretDB here; MongoDB with MONGODB_URI).
describe('withLock: the lock document (forced with `always`, same on FerretDB and MongoDB)', () => {
  useTestDb();
  lockDocumentsOnly();

  it('when 30 callers race to claim one document with a read-check-write, then exactly one wins', async () => {
    expect(await raceClaim('tally:box', 30, { always: true, asAnotherProcess: true })).to.equal(1);
    expect(await LockModel.countDocuments()).to.equal(0);
  });

  // With the former takeover (`deleteOne({_id, expiresAt < now})`, which FerretDB runs as a find then
  // a delete by _id) this counted 21 double holders in 200 rounds.
  it(`when ${WAITERS} waiters race for an expired lock, then never two of them hold it at once (200 rounds)`, async function () {
    this.timeout(300_000);
    let doubleHolders = 0;
    let roundsWithAHolder = 0;

    for (let round = 0; round < 200; round++) {
      await givenExpiredLock('race');
      let holding = 0;
      let ran = 0;
      // No waiting: a waiter that finds the key held by a live holder gives up (UNAVAILABLE), so a
      // round is just the takeover race.
      await Promise.allSettled(
        Array.from({ length: WAITERS }, () =>
          withLock(
            'race',
            async () => {
              holding++;
              if (holding > 1) doubleHolders++;
              await LockModel.findById('nothing').lean(); // one round trip while holding
              holding--;
              ran++;
            },
            { always: true, waitMs: 0, asAnotherProcess: true },
          ),
        ),
      );
      if (ran > 0) roundsWithAHolder++;
    }

    expect(doubleHolders).to.equal(0);
    expect(roundsWithAHolder).to.equal(200);
    expect(await LockModel.countDocuments()).to.equal(0); // no lock and no takeover claim left behind
  });

  it('when 40 callers of this process want one key, then they take it in turn, each claiming it once at the database', async () => {
    const claims = sinon.spy(LockModel, 'create');
    const order: number[] = [];
    let holding = 0;
    let doubleHolders = 0;
    try {
      await Promise.all(
        Array.from({ length: 40 }, (_, i) =>
          withLock(
            'queued',
            async () => {
              if (++holding > 1) doubleHolders++;
              await sleep(2);
              order.push(i);
              holding--;
            },
            { always: true },
          ),
        ),
      );
      // Polling, each waiter claimed again and again while the key was held.
      expect(claims.callCount).to.equal(40);
    } finally {
      claims.restore();
    }
    expect(doubleHolders).to.equal(0);
    expect(order).to.deep.equal(Array.from({ length: 40 }, (_, i) => i)); // first come, first served
  });

  it('when a caller of this process gives up waiting, then the next one still gets its turn', async () => {
    let releaseFirst: () => void = () => {};
    const firstHolds = new Promise<void>((r) => (releaseFirst = r));
    const first = withLock('turns', () => firstHolds, { always: true });
    await sleep(20);
    const impatient = withLock('turns', async () => 'ran', { always: true, waitMs: 50 }).catch(
      (e: unknown) => e,
    );
    const patient = withLock('turns', async () => 'ran', { always: true, waitMs: 5_000 });

    expect(await impatient).to.be.instanceOf(UnavailableError);
    releaseFirst();
    await first;
    expect(await patient).to.equal('ran');
  });

  it('when the holder crashed and its lease ran out, then the next caller takes the key over', async () => {
    await givenExpiredLock('tally:stale');

    const ran = await withLock('tally:stale', async () => true, { always: true, waitMs: 2000 });

    expect(ran).to.equal(true);
  });

  it('when the key stays busy past the wait, then it fails with UNAVAILABLE rather than running unguarded', async () => {
    await LockModel.create({ _id: 'tally:busy', holder: 'other', expiresAt: new Date(Date.now() + 60_000) });

    const outcome = await withLock('tally:busy', async () => 'ran', { always: true, waitMs: 200 }).catch(
      (e: { code?: string }) => e.code,
    );

    expect(outcome).to.equal('UNAVAILABLE');
  });

  it('when the work runs four times longer than the lease, then renewals keep a second caller out until it ends', async () => {
    const events: string[] = [];

    await Promise.all([
      withLock(
        'long',
        async (lock) => {
          events.push('first starts');
          await sleep(1200);
          lock.assertHeld();
          events.push('first ends');
        },
        { always: true, leaseMs: 300 },
      ),
      sleep(50).then(() =>
        withLock('long', async () => void events.push('second runs'), { always: true, waitMs: 5000 }),
      ),
    ]);

    expect(events).to.deep.equal(['first starts', 'first ends', 'second runs']);
  });

  it('when the holder is stalled past its lease, then assertHeld refuses its write and withLock fails with UNAVAILABLE', async () => {
    await Tally.create({ _id: 'guarded', n: 0 });

    const outcome = await withLock(
      'stalled',
      async (lock) => {
        blockEventLoop(400); // no renewal can run: the 300 ms lease runs out
        lock.assertHeld();
        await Tally.updateOne({ _id: 'guarded' }, { $inc: { n: 1 } });
      },
      { always: true, leaseMs: 300 },
    ).catch((e: unknown) => e);

    expect(outcome).to.be.instanceOf(LockLostError);
    expect((outcome as LockLostError).code).to.equal('UNAVAILABLE');
    expect((await Tally.findById('guarded').lean())?.n).to.equal(0);
  });

  it('when a stalled holder was taken over, then its signal aborts and its release leaves the new holder’s lock alone', async () => {
    let releaseSecond: () => void = () => {};
    const secondHolds = new Promise<void>((r) => (releaseSecond = r));
    let secondStarted: () => void = () => {};
    const secondIsIn = new Promise<void>((r) => (secondStarted = r));
    let firstSawAbort = false;

    const first = withLock(
      'taken',
      async (lock) => {
        blockEventLoop(400);
        await secondIsIn; // the second caller took the expired key over meanwhile
        firstSawAbort = lock.signal.aborted;
      },
      { always: true, leaseMs: 300 },
    ).catch((e: unknown) => e);
    const second = sleep(20).then(() =>
      withLock(
        'taken',
        async () => {
          secondStarted();
          await secondHolds;
        },
        { always: true, waitMs: 5000 },
      ),
    );

    const firstOutcome = await first;
    const lockWhileSecondHolds = await LockModel.findById('taken').lean();
    releaseSecond();
    await second;

    expect(firstOutcome).to.be.instanceOf(LockLostError);
    expect(firstSawAbort).to.equal(true);
    expect(lockWhileSecondHolds).to.not.equal(null);
    expect(await LockModel.countDocuments()).to.equal(0);
  });
});

describe('withLock without `always`: a lock on FerretDB, none on MongoDB', () => {
  useTestDb();
  lockDocumentsOnly();

  it('on FerretDB, when 50 callers read and rewrite one counter in parallel under the lock, then no increment is lost', async function () {
    if (!locksInUse()) this.skip(); // MongoDB: no lock is taken (use atomic updates there)
    expect(await raceReadRewrite('tally:t', 50)).to.equal(50);
    expect(await LockModel.countDocuments()).to.equal(0);
  });

  it('on MongoDB, when work runs, then no lock document is taken (its conditional updates are atomic)', async function () {
    if (locksInUse()) this.skip(); // FerretDB: covered above
    let locksDuringWork = -1;

    await withLock('tally:m', async () => {
      locksDuringWork = await LockModel.countDocuments();
    });

    expect(locksDuringWork).to.equal(0);
  });
});
