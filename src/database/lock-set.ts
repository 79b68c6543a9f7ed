import { isDuplicateKeyError } from './duplicate-key';
import { randomUUID } from 'node:crypto';
import { advisoryLocksInUse, takeAdvisoryLocks } from './advisory-locks';
import { LockModel, locksInUse } from './locks';

// Many keys locked in one round trip, for bulk work (bulk review, batch work): the same lock
// documents as locks.ts (`{_id: key, holder, expiresAt}`), inserted with one unordered insertMany.
// Each insert is atomic against the unique _id on every server, so a key is held by us or by
// somebody else, never by both. Keys still busy after `waitMs` are not waited for here: the caller
// handles them one at a time through the single-item path (withLock), which also takes over an
// expired lease. On MongoDB (no locks needed) every key counts as held.

export interface LockSetOptions {
  /** How long to keep retrying busy keys (ms) before giving them back to the caller. */
  waitMs?: number;
  /** Lease of each lock (ms); bulk steps hold them for one chunk only. */
  leaseMs?: number;
}

interface BulkInsertFailure {
  code?: number;
  writeErrors?: { index: number; code?: number }[] | { index: number; code?: number };
}

function duplicateIndexes(err: unknown): Set<number> | null {
  const e = err as BulkInsertFailure;
  const list = e.writeErrors === undefined ? [] : [e.writeErrors].flat();
  if (list.length === 0 || list.some((w) => !isDuplicateKeyError(w))) return null;
  return new Set(list.map((w) => w.index));
}

/** Runs `work(held)` holding the locks of `held` ⊆ `keys`; always releases them. */
export async function withLockSet<T>(
  keys: readonly string[],
  work: (held: ReadonlySet<string>) => Promise<T>,
  opts: LockSetOptions = {},
): Promise<T> {
  if (!locksInUse() || keys.length === 0) return work(new Set(keys));
  if (advisoryLocksInUse()) {
    const locks = await takeAdvisoryLocks(keys, { waitMs: opts.waitMs ?? 2_000, all: false });
    try {
      return await work(locks.held);
    } finally {
      await locks.release();
    }
  }
  const holder = randomUUID();
  const held = new Set<string>();
  const deadline = Date.now() + (opts.waitMs ?? 2_000);
  let pending = [...new Set(keys)];
  let delay = 5;
  try {
    for (;;) {
      const expiresAt = new Date(Date.now() + (opts.leaseMs ?? 60_000));
      const docs = pending.map((_id) => ({ _id, holder, expiresAt }));
      let busy = new Set<number>();
      try {
        await LockModel.collection.insertMany(docs as never[], { ordered: false });
      } catch (err) {
        const dup = duplicateIndexes(err);
        if (!dup) throw err;
        busy = dup;
      }
      pending.forEach((k, i) => {
        if (!busy.has(i)) held.add(k);
      });
      pending = pending.filter((_, i) => busy.has(i));
      if (pending.length === 0 || Date.now() > deadline) break;
      await new Promise((r) => setTimeout(r, delay + Math.random() * delay));
      delay = Math.min(delay * 2, 100);
    }
    return await work(held);
  } finally {
    if (held.size > 0) {
      await LockModel.deleteMany({ _id: { $in: [...held] }, holder }).catch(() => undefined);
    }
  }
}
