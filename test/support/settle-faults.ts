import sinon from 'sinon';
import { isInsertClearStatement } from '../../src/database/postgres-insert-clear';
import { postgresReadsInUse, tableOf, thePool, type AnyModel } from '../../src/database/postgres-reads';
import { dbGone } from './counter-faults';

/**
 * On the embedded PostgreSQL, where a pending audit entry's insert and its marker's clear are one
 * statement (postgres-insert-clear.ts): the `nth` such statement (counting only those clearing a
 * marker of `clearing`, when given) fails as if the database went away; after it was stored, if
 * `applied` (its answer lost). Answers false, and does nothing, on any other server: the caller
 * then fails the model call itself. Undone by sinon.restore().
 */
export async function failNthSettleInPostgres(
  nth: number,
  { clearing, applied = false }: { clearing?: AnyModel; applied?: boolean } = {},
): Promise<boolean> {
  if (!postgresReadsInUse()) return false;
  const table = clearing ? await tableOf(clearing.collection.collectionName) : null;
  const pool = thePool();
  const query = pool.query.bind(pool) as (...args: unknown[]) => Promise<unknown>;
  let seen = 0;
  sinon.stub(pool, 'query').callsFake((async (...args: unknown[]) => {
    const sql = String(args[0]);
    if (!isInsertClearStatement(sql) || (table && !sql.includes(`."${table}" SET`))) return query(...args);
    if (++seen !== nth) return query(...args);
    if (applied) await query(...args);
    throw dbGone();
  }) as never);
  return true;
}
