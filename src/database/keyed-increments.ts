import { isDuplicateKeyError } from './duplicate-key';
import { locksInUse, withLock } from './locks';
import { postgresReadsInUse, type AnyModel } from './postgres-reads';
import { addIncrements, rewriteInPostgres } from './postgres-rewrite';

// A counter move applied at most once per transition (issue 10 item 5): the counter document keeps
// the ids of its last moves in `movesField`, and a move whose id is already there is not applied
// again, however often its request, a retry, the entity's next change or reconcile redoes it. On
// MongoDB the conditional update is atomic; on FerretDB, whose updates are read-modify-write, the
// read-check-write runs under the counter's lock (the same key every other writer of it takes).

/** Enough for the moves between a crash and the next reconcile, which settles what is older. */
export const KEPT_MOVES = 500;

export interface KeyedIncrement {
  /** The counter document's _id. */
  id: string;
  /** The lock its writers take on FerretDB. */
  lockKey: string;
  /** The transition's id (its pending-audit marker's key). */
  moveId: string;
  /** The array field of the counter document that remembers the applied moves. */
  movesField: string;
  inc: Record<string, number>;
  /** Fields of a counter document created by this move. */
  onInsert: Record<string, unknown>;
}

/** What this needs of a counter's Mongoose model. */
export interface CounterModel {
  updateOne(filter: object, update: object, options: { upsert: boolean }): PromiseLike<unknown>;
  findById(id: string, projection: object): { lean(): PromiseLike<unknown> };
}

export async function incrementOnce(model: CounterModel, move: KeyedIncrement): Promise<void> {
  const { id, moveId, movesField, inc, onInsert } = move;
  if (Object.keys(inc).length === 0) return;
  if (!locksInUse()) {
    try {
      await model.updateOne(
        { _id: id, [movesField]: { $ne: moveId } },
        {
          $inc: inc,
          $push: { [movesField]: { $each: [moveId], $slice: -KEPT_MOVES } },
          $setOnInsert: onInsert,
        },
        { upsert: true },
      );
    } catch (err) {
      if (!isDuplicateKeyError(err)) throw err; // the upsert met our own earlier move: applied
    }
    return;
  }
  // FerretDB ignores $slice and applies updates non-atomically: read, check and write under the lock.
  // The write keeps its condition: the driver retries a write whose answer was lost (retryWrites),
  // and FerretDB, which does not remember retried writes, would apply the $inc a second time.
  await withLock(move.lockKey, async () => {
    if (postgresReadsInUse()) {
      // The embedded default reads and writes the counter in PostgreSQL (postgres-rewrite.ts);
      // a counter not created yet is created by the upsert below.
      const done = await rewriteInPostgres(model as unknown as AnyModel, id, (doc) => {
        const moves = (doc[movesField] as string[] | undefined) ?? [];
        if (moves.includes(moveId)) return false;
        addIncrements(doc, inc);
        doc[movesField] = [...moves, moveId].slice(-KEPT_MOVES);
        return true;
      });
      if (done !== 'ordinary') return;
    }
    const have = (await model.findById(id, { [movesField]: 1 }).lean()) as Record<string, unknown> | null;
    const moves = (have?.[movesField] as string[] | undefined) ?? [];
    if (moves.includes(moveId)) return;
    try {
      await model.updateOne(
        { _id: id, [movesField]: { $ne: moveId } },
        { $inc: inc, $set: { [movesField]: [...moves, moveId].slice(-KEPT_MOVES) }, $setOnInsert: onInsert },
        { upsert: true },
      );
    } catch (err) {
      if (!isDuplicateKeyError(err)) throw err; // a retried upsert met its own first try: applied
    }
  });
}
