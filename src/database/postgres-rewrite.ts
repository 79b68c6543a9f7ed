import mongoose from 'mongoose';
import pg from 'pg';
import { encodeObject, encodeValue } from './postgres-format';
import { findByKeyInPostgres, tableOf, thePool, type AnyModel } from './postgres-reads';

// A read-modify-write of one document done by the embedded PostgreSQL, for a caller that holds the
// document's lock (locks.ts): the stored row read by `_id`, changed in Node, written back whole in
// FerretDB's format (postgres-format.ts). FerretDB does the same read-modify-write for every update
// (that is why the lock is held), with a decode, an encode and its own transaction around each of
// its two operations; here they are two plain queries. Used for the counters a confirmation,
// registration or review moves (keyed-increments.ts): profiled, their find and update were 4 of a
// confirmation's 25 FerretDB operations.
//
// Only while postgresReadsInUse(). A missing document, or one holding a value of a type not encoded
// here, writes nothing and answers 'ordinary': the caller takes its FerretDB path, under the same
// lock, so the two paths never run on one document at once.

export type RewriteOutcome = 'written' | 'unchanged' | 'ordinary';

/**
 * `change` edits the document in place and says whether it changed (false: nothing is written).
 * The caller holds the document's lock.
 */
export async function rewriteInPostgres(
  model: AnyModel,
  id: string,
  change: (doc: Record<string, unknown>) => boolean,
): Promise<RewriteOutcome> {
  const [doc] = await findByKeyInPostgres<Record<string, unknown>>(model, '_id', [id]);
  if (!doc) return 'ordinary';
  if (!change(doc)) return 'unchanged';
  if (model.schema.get('timestamps') && 'updatedAt' in doc) doc.updatedAt = new Date();
  let row: string;
  try {
    const { json, schema } = encodeObject(doc);
    row = JSON.stringify({ $s: schema, ...json });
  } catch {
    return 'ordinary'; // a value this module does not encode (FerretDB will)
  }
  const collection = model.collection.collectionName;
  const debug: unknown = mongoose.get('debug');
  if (typeof debug === 'function')
    (debug as (...a: unknown[]) => void)(collection, 'replaceOne', { _id: id }, {});
  const table = await tableOf(collection);
  const qualified = `${pg.escapeIdentifier(mongoose.connection.name)}.${pg.escapeIdentifier(table as string)}`;
  const r = await thePool().query(
    `UPDATE ${qualified} SET _jsonb = $2::jsonb WHERE _jsonb -> '_id' = $1::jsonb`,
    [JSON.stringify(encodeValue(id).json), row],
  );
  return r.rowCount === 1 ? 'written' : 'ordinary';
}

/** `inc` (dotted paths, as `$inc` takes them) added to the document's numbers; a missing one starts at 0. */
export function addIncrements(doc: Record<string, unknown>, inc: Record<string, number>): void {
  for (const [path, n] of Object.entries(inc)) {
    const parts = path.split('.');
    const last = parts.pop() as string;
    let at = doc;
    for (const p of parts) {
      const next = at[p];
      if (!next || typeof next !== 'object') at[p] = {};
      at = at[p] as Record<string, unknown>;
    }
    at[last] = (typeof at[last] === 'number' ? (at[last] as number) : 0) + n;
  }
}
