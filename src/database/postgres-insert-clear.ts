import mongoose from 'mongoose';
import pg from 'pg';
import { encodeObject, encodeValue } from './postgres-format';
import { postgresReadsInUse, tableOf, thePool, type AnyModel } from './postgres-reads';

// One document inserted and a marker cleared on another, in one statement of the embedded
// PostgreSQL (DESIGN §11): the audit entry a change carried as a pending marker (audit/pending.ts)
// and the marker's clear. Through FerretDB these were two operations, each with its own
// transaction, commit and decode/encode in Go; profiled on a confirmation, the three entries and
// three clears were 6 of its 18 FerretDB operations. Here the two are also atomic: the entry is
// stored exactly when the marker goes (a duplicate entry, written by an earlier try, is skipped).
//
// Only while postgresReadsInUse(), and only when both collections exist and the document is of the
// types postgres-format.ts encodes; otherwise nothing is written and the answer is 'ordinary': the
// caller takes its FerretDB path (under the same lock of the marked document).

export interface Insert {
  model: AnyModel;
  /** The document as the driver would store it: cast, with its `_id` (postgres-format.ts). */
  doc: Record<string, unknown>;
}

export interface MarkerClear {
  model: AnyModel;
  id: unknown;
  /** A top-level field holding an object with a `key`; set to null where that key is `key`. */
  field: string;
  key: string;
}

const SQL = (into: string, marked: string, field: string) => `
WITH entry AS (INSERT INTO ${into} (_jsonb) VALUES ($1::jsonb) ON CONFLICT DO NOTHING)
UPDATE ${marked} SET _jsonb = jsonb_set(jsonb_set(_jsonb, '{${field}}', 'null'::jsonb), '{$s,p,${field}}', '{"t":"null"}'::jsonb)
 WHERE _jsonb -> '_id' = $2::jsonb AND _jsonb #> '{${field},key}' = $3::jsonb`;

/** Whether a statement is this module's (for tests that inject a fault into it). */
export const isInsertClearStatement = (sql: string) => sql.startsWith('\nWITH entry AS (INSERT INTO');

export async function insertAndClearInPostgres(
  insert: Insert,
  clear: MarkerClear,
): Promise<'written' | 'ordinary'> {
  if (!postgresReadsInUse()) return 'ordinary';
  if (!/^[A-Za-z0-9_]+$/.test(clear.field)) throw new Error(`unexpected field name ${clear.field}`);
  let row: string;
  try {
    const { json, schema } = encodeObject(insert.doc);
    row = JSON.stringify({ $s: schema, ...json });
  } catch {
    return 'ordinary'; // a value this module does not encode (FerretDB will)
  }
  const [into, marked] = await Promise.all([
    tableOf(insert.model.collection.collectionName),
    tableOf(clear.model.collection.collectionName),
  ]);
  if (!into || !marked) return 'ordinary'; // FerretDB creates a collection on its first insert
  const debug: unknown = mongoose.get('debug');
  if (typeof debug === 'function') {
    const report = debug as (...a: unknown[]) => void;
    report(insert.model.collection.collectionName, 'insertOne', {}, {});
    report(
      clear.model.collection.collectionName,
      'updateOne',
      { _id: clear.id, [`${clear.field}.key`]: clear.key },
      {},
    );
  }
  const db = pg.escapeIdentifier(mongoose.connection.name);
  await thePool().query(
    SQL(`${db}.${pg.escapeIdentifier(into)}`, `${db}.${pg.escapeIdentifier(marked)}`, clear.field),
    [row, JSON.stringify(encodeValue(clear.id).json), JSON.stringify(clear.key)],
  );
  return 'written';
}
