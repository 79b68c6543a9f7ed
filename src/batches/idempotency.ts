import { findOneByKey } from '../database/bulk-reads';
import { isDuplicateKeyError } from '../database/duplicate-key';
import { createHash } from 'node:crypto';
import { ConflictError, text } from '../errors';
import type { Actor } from '../users/roles';
import { insertOne } from '../database/single-writes';
import { IdempotencyModel } from './idempotency-model';

/** What makes two requests "the same": the operation, its target and its input as sent. */
export function requestHash(operation: string, targetId: string, input: unknown): string {
  return createHash('sha256')
    .update(JSON.stringify([operation, targetId, input]))
    .digest('hex');
}

type StoredKey = { requestHash: string; response: unknown };

const keyReused = (key: string) =>
  new ConflictError(
    text(
      `Mã Idempotency-Key "${key}" đã dùng cho một yêu cầu khác`,
      `Idempotency-Key "${key}" was already used for a different request`,
    ),
    { idempotencyKey: key },
  );

/**
 * Runs `work` once per (actor, key): a retry with the same request gets the stored first answer;
 * the same key with a different request is 409. Without a key, `work` runs (and must itself be
 * safe to repeat, as confirm and fail are). Callers hold the target's lock, so retries queue.
 */
export async function onceForKey<T>(
  actor: Actor,
  key: string | undefined,
  hash: string,
  work: () => Promise<T>,
): Promise<T> {
  if (!key) return work();
  const id = `${actor.id}:${key}`;
  const seen = await findOneByKey<StoredKey>(IdempotencyModel, '_id', id);
  if (seen) {
    if (seen.requestHash !== hash) throw keyReused(key);
    return seen.response as T;
  }
  const response = await work();
  try {
    const now = new Date(); // the record as create() stores it (timestamps: true, no __v)
    await insertOne(IdempotencyModel, {
      _id: id,
      requestHash: hash,
      response,
      createdAt: now,
      updatedAt: now,
    });
  } catch (err) {
    if (!isDuplicateKeyError(err)) throw err;
    // A parallel retry stored its answer first (MongoDB, no lock): same request, same outcome.
    const first = await IdempotencyModel.findById(id).lean();
    if (first && first.requestHash !== hash) throw keyReused(key);
    if (first) return first.response as T;
  }
  return response;
}
