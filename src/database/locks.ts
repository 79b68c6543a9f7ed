import { isDuplicateKeyError } from './duplicate-key';
import { randomUUID } from 'node:crypto';
import { model, Schema } from 'mongoose';
import { text, UnavailableError } from '../errors';
import { advisoryLocksInUse, takeAdvisoryLocks } from './advisory-locks';
import { recordBusy } from './busy';
import { localTurn } from './local-turns';

// Why this exists: DESIGN §11 builds invariants on conditional single-document updates
// (`updateOne({_id, status: 'approved'}, …)`, `$inc`). MongoDB applies those atomically. FerretDB 1.x
// does not: it reads the matching document, changes it in Go and writes it back by _id, on both its
// SQLite and PostgreSQL backends. Measured here: 50 parallel `updateOne({k, s: 'in_stock'}, {$set})`
// → 11 "winners"; 100 parallel `$inc` → 4. What FerretDB does enforce under concurrency is a unique
// index on insert. So on FerretDB a read-check-write runs while holding a lock document whose _id
// is the key: inserting it is atomic everywhere. On MongoDB the lock is skipped (its updates are
// atomic already) unless the caller asks for it (`always`).
//
// How the lock stays exclusive on FerretDB, where even `deleteOne({_id, holder})` is "find the
// matching _id, then delete that _id" (two steps another caller can run between):
// - Acquire = insert `{_id: key, holder, expiresAt}`. Atomic: one inserter wins.
// - Lease: the holder renews `expiresAt` every quarter lease while its work runs, and counts itself
//   the holder only until `expiresAt − margin` (margin = a quarter lease) from its own last renewal.
//   Past that (renewals failing, event loop blocked) it is lost: `assertHeld()` throws, the signal
//   aborts, withLock fails with 503 and the holder does not delete the document.
// - Takeover of an expired lock is the dangerous step: two waiters that both saw holder H expired
//   would both run "find {_id, holder: H}, delete _id"; the first deletes and a new holder inserts,
//   then the second's delete by _id removes that new holder's lock, and two run at once (the test
//   "waiters race for an expired lock" counted 3 to 21 double holders in 200 rounds of 8 waiters).
//   So a waiter must first win a claim: insert `{_id: "<key>~takeover~<H>~<n>"}`, unique per seen
//   holder, so exactly one waiter deletes H's document. Between that waiter's find and its delete
//   nobody else can delete and re-insert the key: H itself stopped writing a margin before the expiry
//   (and never deletes once its lease ran out), and every other waiter lost the claim. A claimant
//   that died mid-takeover leaves an expired claim; the next waiter uses claim n + 1.
// - Release deletes `{_id: key, holder: me}` only while the lease is still ours, for the same reason.
// What this assumes: a process is not paused longer than the margin between checking its lease and
// the write it guards, and instances' clocks agree within that margin (NTP). A generation number in
// the _id (a fresh insert per takeover) would avoid the delete but needs the current generation,
// which on FerretDB means a query beyond an _id lookup (a scan of the locks collection) on every
// acquisition; the claim keeps the uncontended path at one insert and one delete.

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
  /** How long a holder keeps the key without renewing it; renewed every quarter lease (ms). */
  leaseMs?: number;
  /**
   * Lock on MongoDB too: for a read-compute-write over several documents (a batch's capacity: its
   * receivers minus its deliveries), which no single conditional update can guard.
   */
  always?: boolean;
  /**
   * Skip this process's queue (local-turns.ts) and meet the other callers at the database, as a
   * caller from another process does: for the tests of the database's own race.
   */
  asAnotherProcess?: boolean;
}

/** What the work sees of its lock: check it before a write that must not run unguarded. */
export interface HeldLock {
  readonly key: string;
  /** Aborted once the lease is lost. */
  readonly signal: AbortSignal;
  /** Throws LockLostError when the lease was lost (taken over, or not renewed in time). */
  assertHeld(): void;
}

export class LockLostError extends UnavailableError {
  constructor(key: string) {
    super(
      text(
        'Hệ thống mất quyền xử lý bản ghi này giữa chừng (quá thời hạn khóa); vui lòng thử lại',
        'The lock on this record was lost before the work finished (lease ran out); try again',
      ),
      { key },
    );
  }
}

/** How long a release waits for its delete before answering (it goes on in the background). */
const RELEASE_WAIT_MS = 250;

const NO_LOCK: Omit<HeldLock, 'key'> = { signal: new AbortController().signal, assertHeld: () => {} };

/**
 * Runs `work` while no other caller, in this process or another, runs work for the same key. Fails
 * with UnavailableError when the key stays busy past `waitMs`, and with LockLostError when the lease
 * was lost before `work` finished.
 */
export async function withLock<T>(
  key: string,
  work: (lock: HeldLock) => Promise<T>,
  opts: LockOptions = {},
): Promise<T> {
  if (!lockingNeeded && !opts.always) return work({ key, ...NO_LOCK });
  const leaseMs = opts.leaseMs ?? 30_000;
  const waitMs = opts.waitMs ?? 10_000;
  const deadline = Date.now() + waitMs;
  // This process's callers in turn (local-turns.ts), then the database.
  const next = opts.asAnotherProcess ? () => {} : await localTurn(key, waitMs);
  try {
    if (advisoryLocksInUse()) return await withAdvisoryLock(key, work, deadline, opts);
    const lease = new Lease(key, randomUUID(), leaseMs);
    await lease.acquire(Math.max(0, deadline - Date.now()));
    // A holder that lost its lease (stalled past it) lets the next caller go to the database, which
    // takes the expired key over as a caller from another process would.
    lease.signal.addEventListener('abort', next, { once: true });
    try {
      const result = await work(lease);
      lease.assertHeld();
      return result;
    } finally {
      await lease.release();
    }
  } finally {
    next();
  }
}

/** The same on the embedded PostgreSQL: its advisory lock, held until released or its session ends. */
async function withAdvisoryLock<T>(
  key: string,
  work: (lock: HeldLock) => Promise<T>,
  deadline: number,
  opts: LockOptions,
): Promise<T> {
  const locks = await takeAdvisoryLocks([key], {
    waitMs: Math.max(0, deadline - Date.now()),
    all: true,
    separate: opts.asAnotherProcess,
  });
  const assertHeld = () => {
    if (locks.signal.aborted) throw new LockLostError(key);
  };
  try {
    const result = await work({ key, signal: locks.signal, assertHeld });
    assertHeld();
    return result;
  } finally {
    await locks.release();
  }
}

class Lease implements HeldLock {
  private readonly controller = new AbortController();
  readonly signal = this.controller.signal;
  private validUntil = 0;
  private timer: NodeJS.Timeout | undefined;
  private renewing: Promise<void> | undefined;

  constructor(
    readonly key: string,
    private readonly holder: string,
    private readonly leaseMs: number,
  ) {}

  private get marginMs(): number {
    return this.leaseMs / 4;
  }

  async acquire(waitMs: number): Promise<void> {
    const deadline = Date.now() + waitMs;
    let delay = 2;
    for (;;) {
      const start = Date.now();
      const inserted = await insertIfAbsent(this.key, this.holder, new Date(start + this.leaseMs)).catch(
        (err: unknown) => {
          // The insert may have been stored before the connection failed: remove it once the
          // database is back rather than leave the key busy for a whole lease.
          void deleteOwnLock(this.key, this.holder, start + this.leaseMs - this.marginMs);
          throw err;
        },
      );
      if (inserted) {
        this.validUntil = start + this.leaseMs - this.marginMs;
        this.timer = setInterval(() => this.renewInBackground(), this.leaseMs / 4);
        return;
      }
      const seen = await LockModel.findById(this.key).lean();
      if (seen && seen.expiresAt.getTime() < Date.now()) {
        await takeOverExpired(this.key, seen.holder, this.holder, this.leaseMs);
        continue; // the key is free now (or another waiter is freeing it): race for it again
      }
      if (Date.now() > deadline) {
        throw recordBusy(this.key);
      }
      await new Promise((r) => setTimeout(r, delay + Math.random() * delay));
      delay = Math.min(delay * 2, 50);
    }
  }

  assertHeld(): void {
    if (!this.signal.aborted && Date.now() >= this.validUntil) this.lose();
    if (this.signal.aborted) throw new LockLostError(this.key);
  }

  async release(): Promise<void> {
    clearInterval(this.timer);
    await this.renewing;
    // Past our lease a waiter may be taking the key over: deleting now could remove its lock.
    if (this.signal.aborted || Date.now() >= this.validUntil) return;
    const deleted = LockModel.deleteOne({ _id: this.key, holder: this.holder }).then(
      () => undefined,
      () => deleteOwnLock(this.key, this.holder, this.validUntil), // the database is away: retry
    );
    // A healthy database deletes it in milliseconds; an unreachable one would hold the request's
    // answer (a 503 already) for a server selection or two, so the delete goes on in the background.
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([deleted, new Promise((r) => (timer = setTimeout(r, RELEASE_WAIT_MS)))]);
    clearTimeout(timer);
  }

  private lose(): void {
    clearInterval(this.timer);
    this.controller.abort(new LockLostError(this.key));
  }

  private renewInBackground(): void {
    if (this.renewing || this.signal.aborted) return;
    this.renewing = this.renew().finally(() => {
      this.renewing = undefined;
    });
  }

  private async renew(): Promise<void> {
    const start = Date.now();
    if (start >= this.validUntil) return this.lose();
    try {
      const { matchedCount } = await LockModel.updateOne(
        { _id: this.key, holder: this.holder },
        { $set: { expiresAt: new Date(start + this.leaseMs) } },
      );
      if (matchedCount === 0) return this.lose();
      this.validUntil = start + this.leaseMs - this.marginMs;
    } catch {
      // Database unreachable: the lease still runs to validUntil; the next tick tries again.
    }
  }
}

async function insertIfAbsent(id: string, holder: string, expiresAt: Date): Promise<boolean> {
  try {
    await LockModel.create({ _id: id, holder, expiresAt });
    return true;
  } catch (err) {
    if (isDuplicateKeyError(err)) return false; // inserts are E11000 on both servers
    throw err;
  }
}

/**
 * Deletes our own lock document in the background, retrying every half second while the database is
 * unreachable, but only until `until` (our lease minus its margin): past that a waiter may be taking
 * the key over, and a delete by _id could remove its lock (see top). Without this, a request whose
 * release met an outage left its key busy for the rest of the lease (30 s), and every retry after
 * the database came back answered 503 "busy" meanwhile.
 */
async function deleteOwnLock(key: string, holder: string, until: number): Promise<void> {
  while (Date.now() + 500 < until) {
    await new Promise((r) => setTimeout(r, 500));
    try {
      await LockModel.deleteOne({ _id: key, holder });
      return;
    } catch {
      // still away: try again
    }
  }
}

/** Deletes `seenHolder`'s expired lock, if this caller wins the one claim to do so (see top). */
async function takeOverExpired(key: string, seenHolder: string, me: string, leaseMs: number): Promise<void> {
  for (let n = 1; ; n++) {
    const claim = `${key}~takeover~${seenHolder}~${n}`;
    if (await insertIfAbsent(claim, me, new Date(Date.now() + leaseMs))) {
      await LockModel.deleteOne({ _id: key, holder: seenHolder });
      await LockModel.deleteOne({ _id: claim });
      return;
    }
    const other = await LockModel.findById(claim).lean();
    // Another waiter is taking it over (or has: its claim is gone once the lock is deleted).
    if (!other || other.expiresAt.getTime() >= Date.now()) return;
  }
}
