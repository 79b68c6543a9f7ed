import { expect } from 'chai';
import mongoose from 'mongoose';
import { LockModel, locksInUse, withLock } from '../../src/locks';
import { useTestDb } from '../support/db';

const Tally = mongoose.model(
  'LockTestTally',
  new mongoose.Schema({ _id: String, n: Number, owner: String }),
  'lock_test_tally',
);

describe('withLock (atomic read-check-write on every supported server)', () => {
  useTestDb();

  it('when 50 callers increment one document in parallel under the lock, then no increment is lost', async () => {
    await Tally.create({ _id: 't', n: 0 });

    await Promise.all(
      Array.from({ length: 50 }, () =>
        withLock('tally:t', async () => {
          await Tally.updateOne({ _id: 't' }, { $inc: { n: 1 } });
        }),
      ),
    );

    expect((await Tally.findById('t').lean())?.n).to.equal(50);
    expect(await LockModel.countDocuments()).to.equal(0);
  });

  it('when 30 callers race to claim one document with a read-check-write, then exactly one wins', async () => {
    await Tally.create({ _id: 'box', n: 0, owner: null });

    const results = await Promise.all(
      Array.from({ length: 30 }, (_, i) =>
        withLock('tally:box', async () => {
          const doc = await Tally.findById('box').lean();
          if (doc?.owner) return false;
          await Tally.updateOne({ _id: 'box' }, { $set: { owner: `caller-${i}` } });
          return true;
        }),
      ),
    );

    expect(results.filter(Boolean)).to.have.length(1);
  });

  it('when a holder crashed and its lease ran out, then the next caller takes the key over', async function () {
    if (!locksInUse()) this.skip();
    await LockModel.create({ _id: 'tally:stale', holder: 'crashed', expiresAt: new Date(Date.now() - 1000) });

    const ran = await withLock('tally:stale', async () => true, { waitMs: 2000 });

    expect(ran).to.equal(true);
  });

  it('when the key stays busy past the wait, then it fails with UNAVAILABLE rather than running unguarded', async function () {
    if (!locksInUse()) this.skip();
    await LockModel.create({ _id: 'tally:busy', holder: 'other', expiresAt: new Date(Date.now() + 60_000) });

    const outcome = await withLock('tally:busy', async () => 'ran', { waitMs: 200 }).catch(
      (e: { code?: string }) => e.code,
    );

    expect(outcome).to.equal('UNAVAILABLE');
  });
});
