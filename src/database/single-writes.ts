import pg from 'pg';
import mongoose from 'mongoose';
import { encodeObject } from './postgres-format';
import { postgresReadsInUse, tableOf, thePool, type AnyModel } from './postgres-reads';
import { postgresWriteOf, updateOneInPostgres } from './postgres-writes';

// One document's conditional change, or one insert, written by the embedded PostgreSQL itself
// where it can (DESIGN §11), else by the driver. Why: profiled on a 35,000-household province, a
// confirmation sent five writes through FerretDB (the receiver installed, the delivery delivered,
// the household delivered, a stock counter, the idempotency record), each a FerretDB transaction
// (a SELECT, an UPDATE and a COMMIT) with the document decoded and encoded in Go: at 50 parallel
// confirmations they were most of the machine's CPU. Here each is one SQL statement; the condition
// and the write are one atomic step, where through FerretDB they hold only under the caller's lock
// (which the callers still take, for the driver's path and for MongoDB's lock-free updates).

/**
 * `findOneAndUpdate(filter, update, { returnDocument: 'after' }).lean()`: the document after the
 * write, or null when none matched. The filter is `_id` plus top-level values; the update `$set`
 * plus at most `$inc: { version: 1 }` (anything else takes the driver's path).
 */
export async function updateOneAndRead<T>(
  model: AnyModel,
  filter: { _id: unknown } & Record<string, unknown>,
  update: Record<string, unknown>,
): Promise<T | null> {
  if (postgresReadsInUse()) {
    const { _id, ...expect } = filter;
    const write = postgresWriteOf({ _id, expect, update });
    if (write) {
      const doc = await updateOneInPostgres(model, write);
      if (doc !== 'ordinary') return doc as T | null;
    }
  }
  return model.findOneAndUpdate(filter, update, { returnDocument: 'after' }).lean<T>() as Promise<T | null>;
}

/** Whether a statement is this module's insert (for tests that inject a fault into it). */
export const isSingleInsertStatement = (sql: string) =>
  sql.startsWith('INSERT INTO') && sql.endsWith('-- one');

/**
 * `model.create(doc)` for a document given exactly as the driver would store it (cast, keys in the
 * schema's order, timestamps set), e.g. an idempotency record; a duplicate `_id` or unique key
 * throws what isDuplicateKeyError recognises, on either path.
 */
export async function insertOne(model: AnyModel, doc: Record<string, unknown>): Promise<void> {
  const table = postgresReadsInUse() ? await tableOf(model.collection.collectionName) : null;
  let row: string | null = null;
  if (table) {
    try {
      const { json, schema } = encodeObject(doc);
      row = JSON.stringify({ $s: schema, ...json });
    } catch {
      row = null; // a value postgres-format.ts does not encode (FerretDB will)
    }
  }
  if (!table || row === null) {
    await model.create(doc);
    return;
  }
  const debug: unknown = mongoose.get('debug');
  if (typeof debug === 'function')
    (debug as (...a: unknown[]) => void)(model.collection.collectionName, 'insertOne', {}, {});
  const qualified = `${pg.escapeIdentifier(mongoose.connection.name)}.${pg.escapeIdentifier(table)}`;
  await thePool().query(`INSERT INTO ${qualified} (_jsonb) VALUES ($1::jsonb) -- one`, [row]);
}
