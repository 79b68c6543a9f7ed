import mongoose from 'mongoose';
import pg from 'pg';
import { advisoryKeyOf, advisoryLocksInUse } from './advisory-locks';
import { encodeValue } from './postgres-format';
import { postgresReadsInUse, tableOf, thePool, type AnyModel } from './postgres-reads';

// A counter moved by the embedded PostgreSQL in one statement, without taking the counter's lock.
// Why: profiled at 50 parallel confirmations, each confirmation moved three counters (its commune's
// households, its commune's day, its receiver kind), each move four statements (take the lock, read
// the document, write it back, release), and every confirmation of a commune queued on that
// commune's two counter locks: confirmations per second fell from 10 connections to 50.
//
// How it stays correct beside the locked writers (the recounts, the moves this cannot make):
// - The statement holds the counter's lock key *shared* for its own transaction
//   (pg_try_advisory_xact_lock_shared, the same key withLock takes exclusively, advisory-locks.ts):
//   moves in place run beside each other, never while a locked writer holds the counter.
// - Between moves in place, PostgreSQL's row lock orders the writes, and a move waiting for the row
//   re-checks its condition on the row it then sees (READ COMMITTED), so a move id already in the
//   kept moves is never applied twice.
// - It moves only what it can in place: an existing document whose every counted field is an int
//   staying within 32 bits (FerretDB keeps its stored type) and whose moves field is an array. For
//   anything else (a missing document, a field not there yet, a lock held) it changes nothing and
//   answers false, and the caller takes its locked path, which re-checks everything under the lock.

/** One counter move: `inc` (dotted paths, as `$inc` takes them), once per `move.id` when given. */
export interface InPlaceMove {
  id: string;
  /** The key the counter's locked writers take (withLock). */
  lockKey: string;
  inc: Record<string, number>;
  /** The array field of kept move ids, and how many it keeps. */
  move?: { field: string; id: string; keep: number };
}

const FIELD = /^[A-Za-z][A-Za-z0-9]*$/;

/** True when the move was applied; false when the caller must take its locked path. */
export async function moveInPlace(model: AnyModel, m: InPlaceMove): Promise<boolean> {
  if (!postgresReadsInUse() || !advisoryLocksInUse()) return false;
  const paths = Object.entries(m.inc).map(([path, n]) => ({ parts: path.split('.'), n }));
  const fits = (parts: string[]) => parts.length <= 2 && parts.every((p) => FIELD.test(p));
  if (paths.length === 0 || paths.some((p) => !fits(p.parts) || !Number.isInteger(p.n))) return false;
  if (m.move && !FIELD.test(m.move.field)) return false;
  const collection = model.collection.collectionName;
  const table = await tableOf(collection);
  if (table === null) return false;
  const debug: unknown = mongoose.get('debug');
  if (typeof debug === 'function')
    (debug as (...a: unknown[]) => void)(collection, 'updateOne', { _id: m.id }, {});

  const [a, b] = advisoryKeyOf(m.lockKey);
  const params: unknown[] = [a, b, JSON.stringify(encodeValue(m.id).json)];
  const param = (v: unknown, type: string) => {
    params.push(v);
    return `$${params.length}::${type}`;
  };
  const where = [`(SELECT ok FROM turn)`, `t._jsonb -> '_id' = $3::jsonb`];
  // updatedAt (timestamps) first, where the document has it as a date; FerretDB stores milliseconds.
  let value = `CASE WHEN t._jsonb #>> '{$s,p,updatedAt,t}' = 'date'
    THEN jsonb_set(t._jsonb, '{updatedAt}', to_jsonb(${param(Date.now(), 'bigint')})) ELSE t._jsonb END`;
  for (const { parts, n } of paths) {
    const at = param(parts, 'text[]');
    const type = param([...parts.flatMap((p) => ['$s', 'p', p]), 't'], 'text[]');
    const next = `((t._jsonb #>> ${at})::bigint + ${param(n, 'bigint')})`;
    where.push(
      `CASE WHEN t._jsonb #>> ${type} = 'int' THEN ${next} BETWEEN -2147483648 AND 2147483647 ELSE false END`,
    );
    value = `jsonb_set(${value}, ${at}, to_jsonb(${next}))`;
  }
  if (m.move) {
    const at = param([m.move.field], 'text[]');
    const types = param(['$s', 'p', m.move.field, 'i'], 'text[]');
    const id = param(m.move.id, 'text');
    const keep = param(m.move.keep, 'int');
    where.push(
      `t._jsonb #>> ${param(['$s', 'p', m.move.field, 't'], 'text[]')} = 'array'`,
      `jsonb_typeof(t._jsonb #> ${at}) = 'array'`,
      `jsonb_typeof(t._jsonb #> ${types}) = 'array'`,
      `NOT ((t._jsonb #> ${at}) @> jsonb_build_array(${id}))`,
    );
    // The oldest id dropped once `keep` are kept, as $push with $slice: -keep does.
    const kept = (path: string) =>
      `(CASE WHEN jsonb_array_length(t._jsonb #> ${path}) >= ${keep} THEN (t._jsonb #> ${path}) - 0 ELSE t._jsonb #> ${path} END)`;
    value = `jsonb_set(${value}, ${at}, ${kept(at)} || jsonb_build_array(${id}))`;
    value = `jsonb_set(${value}, ${types}, ${kept(types)} || '[{"t":"string"}]'::jsonb)`;
  }
  const qualified = `${pg.escapeIdentifier(mongoose.connection.name)}.${pg.escapeIdentifier(table)}`;
  const r = await thePool().query(
    `WITH turn AS (SELECT pg_try_advisory_xact_lock_shared($1::int4, $2::int4) AS ok)
     UPDATE ${qualified} AS t SET _jsonb = ${value} WHERE ${where.join(' AND ')}`,
    params,
  );
  return r.rowCount === 1;
}
