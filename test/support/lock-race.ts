import mongoose from 'mongoose';
import { withLock, type LockOptions } from '../../src/database/locks';

// Races under withLock, shared by the tests of the lock documents (locks.test.ts) and of the
// advisory locks (advisory-locks.test.ts): each counts what two holders at once would break.

export const Tally = mongoose.model(
  'LockTestTally',
  new mongoose.Schema({ _id: String, n: Number, owner: String }),
  'lock_test_tally',
);

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** `callers` race to claim one document by read-check-write under `key`; how many claimed it. */
export async function raceClaim(key: string, callers: number, opts: LockOptions): Promise<number> {
  const id = `${key}-box`;
  await Tally.create({ _id: id, n: 0, owner: null });
  const results = await Promise.all(
    Array.from({ length: callers }, (_, i) =>
      withLock(
        key,
        async () => {
          const doc = await Tally.findById(id).lean();
          if (doc?.owner) return false;
          await sleep(1); // room for a second holder, were there one
          await Tally.updateOne({ _id: id }, { $set: { owner: `caller-${i}` } });
          return true;
        },
        opts,
      ),
    ),
  );
  return results.filter(Boolean).length;
}

/**
 * `callers` read a counter and write it back one higher, each under `key`; the final count, which
 * equals `callers` only when no two of them held the lock at once.
 */
export async function raceReadRewrite(key: string, callers: number): Promise<number | null | undefined> {
  const id = `${key}-counter`;
  await Tally.create({ _id: id, n: 0 });
  await Promise.all(
    Array.from({ length: callers }, () =>
      withLock(key, async () => {
        const doc = await Tally.findById(id).lean();
        await Tally.updateOne({ _id: id }, { $set: { n: (doc?.n ?? 0) + 1 } });
      }),
    ),
  );
  return (await Tally.findById(id).lean())?.n;
}
