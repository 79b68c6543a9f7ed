import mongoose from 'mongoose';
import pg from 'pg';
import { encodeObject, encodeValue } from './postgres-format';
import { tableOf, thePool, type AnyModel } from './postgres-reads';

// A counter raised by the embedded PostgreSQL itself, in one UPDATE: the row lock makes it atomic,
// so no lock of ours is held around it. Why: FerretDB's `$inc` is a read-modify-write, so its
// callers lock the counter (locks.ts); the province's handover-number counter is one document that
// every confirmation of the province raises, and under 50 parallel confirmations they all queued on
// its lock, each holding it for a FerretDB findAndModify (measured up to 60 ms under load).
//
// Only for an existing document whose field is an integer that stays within 32 bits (FerretDB then
// keeps its stored type, "int"); otherwise null, and the caller takes its ordinary path. Every
// caller meets the same condition, so no counter is ever raised by both paths at once: below 2^31
// all raise it here, past it all take the ordinary (locked) path.

const SQL = (table: string) => `
UPDATE ${table} AS t SET _jsonb = jsonb_set(
    t._jsonb || jsonb_build_object($2::text, (t._jsonb ->> $2::text)::bigint + $3::bigint)
      || CASE WHEN (t._jsonb #> '{$s,$k}') ? 'updatedAt' THEN $4::jsonb ELSE '{}'::jsonb END,
    '{$s,p}', (t._jsonb #> '{$s,p}')
      || CASE WHEN (t._jsonb #> '{$s,$k}') ? 'updatedAt' THEN $5::jsonb ELSE '{}'::jsonb END)
 WHERE t._jsonb -> '_id' = $1::jsonb
   AND t._jsonb #>> ARRAY['$s', 'p', $2::text, 't'] = 'int'
   AND (t._jsonb ->> $2::text)::bigint + $3::bigint BETWEEN -2147483648 AND 2147483647
RETURNING (t._jsonb ->> $2::text)::bigint AS value`;

/**
 * Adds `by` to `field` of the document `id` of `model` (and sets updatedAt when the model keeps
 * timestamps and the document has that key); the new value, or null when this path cannot.
 */
export async function incrementInPostgres(
  model: AnyModel,
  id: string,
  field: string,
  by: number,
): Promise<number | null> {
  if (!/^[A-Za-z][A-Za-z0-9]*$/.test(field) || !Number.isInteger(by)) return null;
  const collection = model.collection.collectionName;
  const debug: unknown = mongoose.get('debug');
  if (typeof debug === 'function')
    (debug as (...a: unknown[]) => void)(collection, 'findOneAndUpdate', { _id: id }, {});
  const table = await tableOf(collection);
  if (table === null) return null;
  const qualified = `${pg.escapeIdentifier(mongoose.connection.name)}.${pg.escapeIdentifier(table)}`;
  const stamp = model.schema.get('timestamps') ? encodeObject({ updatedAt: new Date() }) : null;
  const r = await thePool().query<{ value: string }>(SQL(qualified), [
    JSON.stringify(encodeValue(id).json),
    field,
    by,
    JSON.stringify(stamp?.json ?? {}),
    JSON.stringify(stamp?.schema.p ?? {}),
  ]);
  const row = r.rows[0];
  return row ? Number(row.value) : null;
}
