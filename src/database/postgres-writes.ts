import mongoose from 'mongoose';
import pg from 'pg';
import { decodeDocument, encodeObject, encodeValue, type FerretDocument } from './postgres-format';
import { tableOf, thePool, type AnyModel } from './postgres-reads';

// Bulk conditional updates written by the embedded PostgreSQL itself (DESIGN §11), for the bulk
// review and the batch work (bulk-writes.ts). Through FerretDB 1.24 each document of a bulkWrite is
// its own transaction (a SELECT, an UPDATE and a COMMIT that waits for the disk) plus its decoding
// and encoding in Go: measured on a 34,898-household province, approving 1,000 households spent
// 4.3 s of CPU in FerretDB, 5–6 s in PostgreSQL (1,081 commits, 2,101 updates) and 5 s in Node.
// Here one UPDATE statement writes up to 500 documents: the fields to set, merged into the stored
// JSON with their types merged into its "$s" (postgres-format.ts), `version` raised by one, and
// only where the document still holds what the caller read (`expect`): unlike FerretDB's updates
// the condition and the write are one atomic step, row by row.

const STATEMENT_ROWS = 500;

export interface PostgresWrite {
  _id: unknown;
  /** Top-level fields and the values the document must still have (scalars). */
  expect: Record<string, unknown>;
  /** Top-level fields to set, as a `$set` would (cast by the model's schema here). */
  set: Record<string, unknown>;
  /** Whether `version` goes up by one, as `$inc: { version: 1 }`. */
  incVersion: boolean;
}

/** The write as postgres-writes.ts takes it: a `$set` and at most `$inc: { version: 1 }`. */
export function postgresWriteOf(w: {
  _id: unknown;
  expect: Record<string, unknown>;
  update: Record<string, unknown>;
}): PostgresWrite | undefined {
  const { $set, $inc, ...other } = w.update as {
    $set?: Record<string, unknown>;
    $inc?: Record<string, unknown>;
  };
  if (Object.keys(other).length > 0) return undefined;
  const inc = $inc ?? {};
  if (Object.keys(inc).some((k) => k !== 'version' || inc[k] !== 1)) return undefined;
  if (Object.values(w.expect).some((v) => v !== null && typeof v === 'object')) return undefined;
  return { _id: w._id, expect: w.expect, set: $set ?? {}, incVersion: 'version' in inc };
}

// The `$s` of the merged document: the stored types with the new fields' types over them, and
// the stored key order with the keys the document did not have yet at its end.
const SQL = (table: string, returning: string) => `
UPDATE ${table} AS t SET _jsonb = jsonb_set(
    t._jsonb || w.vals || CASE WHEN w.inc THEN jsonb_build_object('version', (t._jsonb->>'version')::bigint + 1) ELSE '{}'::jsonb END,
    '{$s}',
    jsonb_build_object(
      'p', (t._jsonb #> '{$s,p}') || w.types,
      '$k', (t._jsonb #> '{$s,$k}') || COALESCE(
        (SELECT jsonb_agg(k) FROM jsonb_array_elements_text(w.keys) AS k WHERE NOT ((t._jsonb #> '{$s,$k}') ? k)),
        '[]'::jsonb)))
  FROM (SELECT unnest($1::jsonb[]) AS id, unnest($2::jsonb[]) AS expect, unnest($3::jsonb[]) AS vals,
               unnest($4::jsonb[]) AS types, unnest($5::jsonb[]) AS keys, unnest($6::bool[]) AS inc) AS w
 WHERE t._jsonb -> '_id' = w.id AND t._jsonb @> w.expect
RETURNING ${returning}`;

/** The `$set` values as the model's schema casts them (ids, dates, numbers), plus updatedAt. */
function castSet(model: AnyModel, set: Record<string, unknown>): Record<string, unknown> {
  const cast = model.castObject(set) as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(set)) {
    // castObject leaves out the fields set to null: a `$set` of null stores null (cleared batchId).
    const v = set[key] === null ? null : cast[key];
    // castObject gives plain objects for nested paths; a subdocument would carry its own methods.
    out[key] = v && typeof v === 'object' && 'toObject' in v ? (v as { toObject(): unknown }).toObject() : v;
  }
  if (model.schema.get('timestamps')) out.updatedAt = new Date();
  return out;
}

const RETURNING_ID = `t._jsonb ->> '_id' AS id`;
const RETURNING_DOC = 't._jsonb AS doc';

/** Whether a statement is updateOneInPostgres's, on `table` (for tests that inject a fault into it). */
export const isOneWriteStatement = (sql: string, table: string) =>
  sql.startsWith(`\nUPDATE `) &&
  sql.includes(`.${pg.escapeIdentifier(table)} AS t`) &&
  sql.endsWith(RETURNING_DOC);

/** One write as the statement's arrays take it. */
function encodeWrite(model: AnyModel, w: PostgresWrite) {
  const set = encodeObject(castSet(model, w.set));
  return {
    id: JSON.stringify(encodeValue(w._id).json),
    expect: JSON.stringify(encodeObject(w.expect).json),
    vals: JSON.stringify(set.json),
    types: JSON.stringify(set.schema.p),
    keys: JSON.stringify(set.schema.$k),
    inc: w.incVersion,
  };
}

/** Writes what still holds; returns the ids (as strings) of the documents written. */
export async function updateEachInPostgres(model: AnyModel, writes: PostgresWrite[]): Promise<Set<string>> {
  const done = new Set<string>();
  if (writes.length === 0) return done;
  const collection = model.collection.collectionName;
  const debug: unknown = mongoose.get('debug');
  if (typeof debug === 'function')
    (debug as (...a: unknown[]) => void)(collection, 'updateOne', { _id: 1 }, {});
  const table = await tableOf(collection);
  if (table === null) return done;
  const qualified = `${pg.escapeIdentifier(mongoose.connection.name)}.${pg.escapeIdentifier(table)}`;
  for (let i = 0; i < writes.length; i += STATEMENT_ROWS) {
    const part = writes.slice(i, i + STATEMENT_ROWS);
    const encoded = part.map((w) => encodeWrite(model, w));
    const column = <K extends keyof (typeof encoded)[number]>(k: K) => encoded.map((e) => e[k]);
    const r = await thePool().query<{ id: string }>(SQL(qualified, RETURNING_ID), [
      column('id'),
      column('expect'),
      column('vals'),
      column('types'),
      column('keys'),
      column('inc'),
    ]);
    for (const row of r.rows) done.add(row.id);
  }
  return done;
}

/**
 * One document's conditional write (a `findOneAndUpdate` returning the document after it), for
 * the single changes of a confirmation, a review or a cancellation (single-writes.ts): the
 * document written, null when it no longer holds what was read, or 'ordinary' when this path
 * cannot (no table yet, a value not encoded here) and the caller takes the driver's. A unique
 * index the write would break answers PostgreSQL's 23505, which isDuplicateKeyError knows.
 */
export async function updateOneInPostgres(
  model: AnyModel,
  w: PostgresWrite,
): Promise<Record<string, unknown> | null | 'ordinary'> {
  const collection = model.collection.collectionName;
  const table = await tableOf(collection);
  if (table === null) return 'ordinary';
  let e: ReturnType<typeof encodeWrite>;
  try {
    e = encodeWrite(model, w);
  } catch {
    return 'ordinary';
  }
  const debug: unknown = mongoose.get('debug');
  if (typeof debug === 'function')
    (debug as (...a: unknown[]) => void)(collection, 'findOneAndUpdate', { _id: w._id, ...w.expect }, {});
  const qualified = `${pg.escapeIdentifier(mongoose.connection.name)}.${pg.escapeIdentifier(table)}`;
  const r = await thePool().query<{ doc: FerretDocument }>(SQL(qualified, RETURNING_DOC), [
    [e.id],
    [e.expect],
    [e.vals],
    [e.types],
    [e.keys],
    [e.inc],
  ]);
  const row = r.rows[0];
  return row ? decodeDocument(row.doc) : null;
}
