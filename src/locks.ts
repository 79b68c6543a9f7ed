import { randomUUID } from 'node:crypto';
import { model, Schema } from 'mongoose';
import { text, UnavailableError } from './errors';

// Why this exists: DESIGN §11 builds invariants on conditional single-document updates
// (`updateOne({_id, status: 'approved'}, …)`, `$inc`). MongoDB applies those atomically. FerretDB 1.x
// does not: it reads the matching document, changes it in Go and writes it back by _id, on both its
// SQLite and PostgreSQL backends. Measured here: 50 parallel `updateOne({k, s: 'in_stock'}, {$set})`
// → 11 "winners"; 100 parallel `$inc` → 4. What FerretDB does enforce under concurrency is a unique
// index on insert. So on FerretDB a read-check-write runs while holding a lock document whose _id
// is the key: inserting it is atomic everywhere. On MongoDB the lock is skipped (its updates are
// atomic already). A crashed holder's lock expires after its lease and is taken over.

const lockSchema = new Schema(
  {
    _id: { type: String, required: true },
    holder: { type: String, required: true },
    expiresAt: { type: Date, required: true },
  },
  { versionKey: false },
);
export const LockModel = model('Lock', lockSchema, 'locks');

let lockingNeeded = true;

/** Set once the server is known: false on MongoDB (atomic updates), true on FerretDB 1.x. */
export function useLocks(needed: boolean): void {
  lockingNeeded = needed;
}

export function locksInUse(): boolean {
  return lockingNeeded;
}

export interface LockOptions {
  /** How long to wait for a busy key before answering 503 (ms). */
  waitMs?: number;
  /** How long a holder may keep the key before others take it over (ms). */
  leaseMs?: number;
  /**
   * Lock on MongoDB too: for a read-compute-write over several documents (a batch's capacity: its
   * receivers minus its deliveries), which no single conditional update can guard.
   */
  always?: boolean;
}

/** Runs `work` while no other caller, in this process or another, runs work for the same key. */
export async function withLock<T>(key: string, work: () => Promise<T>, opts: LockOptions = {}): Promise<T> {
  if (!lockingNeeded && !opts.always) return work();
  const holder = randomUUID();
  await acquire(key, holder, opts.waitMs ?? 10_000, opts.leaseMs ?? 30_000);
  try {
    return await work();
  } finally {
    await LockModel.deleteOne({ _id: key, holder }).catch(() => undefined);
  }
}

async function acquire(key: string, holder: string, waitMs: number, leaseMs: number): Promise<void> {
  const deadline = Date.now() + waitMs;
  let delay = 2;
  for (;;) {
    try {
      await LockModel.create({ _id: key, holder, expiresAt: new Date(Date.now() + leaseMs) });
      return;
    } catch (err) {
      if ((err as { code?: number }).code !== 11000) throw err;
    }
    await LockModel.deleteOne({ _id: key, expiresAt: { $lt: new Date() } }); // a crashed holder's lease ran out
    if (Date.now() > deadline) {
      throw new UnavailableError(
        text('Hệ thống đang bận xử lý bản ghi này; vui lòng thử lại', 'This record is busy; try again'),
        { key },
      );
    }
    await new Promise((r) => setTimeout(r, delay + Math.random() * delay));
    delay = Math.min(delay * 2, 50);
  }
}
