import { locksInUse } from './locks';
import { findByKeyInPostgres, postgresReadsInUse, type AnyModel } from './postgres-reads';

// Reading many documents by a unique key (ids of a bulk chunk, national IDs of an import chunk,
// serials) in few round trips. On MongoDB one `$in` query uses the index. FerretDB 1.24 pushes no
// `$in` down: it decodes the whole collection for each such query (35,000 households: seconds per
// chunk), while an equality on the key is pushed down to PostgreSQL and answered from its GIN
// index (postgres-indexes.ts) in milliseconds. So on FerretDB: one equality query per value, a few
// at a time (each answers at once and frees its connection; no cursor stays open).

const PARALLEL = 8;

/**
 * The documents matching any of `values`: `query` gets either one value or `{ $in: values }` for
 * its key field, e.g. `findEach(ids, (id) => HouseholdModel.find({ _id: id }).lean())`.
 */
export async function findEach<V, T>(
  values: readonly V[],
  query: (match: V | { $in: V[] }) => PromiseLike<T[]>,
): Promise<T[]> {
  if (values.length === 0) return [];
  if (!locksInUse()) return query({ $in: [...values] });
  const out: T[] = [];
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(PARALLEL, values.length) }, async () => {
      while (next < values.length) out.push(...(await query(values[next++] as V)));
    }),
  );
  return out;
}

/**
 * The documents of `model` with these ids (lean, any order): on the embedded default one SQL query
 * (postgres-reads.ts), else findEach (one `$in` on MongoDB, one equality per id on FerretDB).
 */
export async function findByIds<T>(model: AnyModel, ids: readonly unknown[]): Promise<T[]> {
  return findByKey<T>(model, '_id', ids);
}

/**
 * The document of `model` whose unique `field` is `value` (lean), or null: on the embedded default
 * one SQL query (postgres-reads.ts: measured by _id on a 35,000-household province, 1.3 ms against
 * 3.3 ms through FerretDB, median of 1,200), else findOne. Callers check the rest of what they
 * would have filtered on (a scope, an expiry) on the document.
 */
export async function findOneByKey<T>(model: AnyModel, field: string, value: unknown): Promise<T | null> {
  if (postgresReadsInUse()) return (await findByKeyInPostgres<T>(model, field, [value]))[0] ?? null;
  return model.findOne({ [field]: value }).lean<T>() as Promise<T | null>;
}

/** The documents of `model` whose (unique) `field` is one of `values`, the same way as findByIds. */
export async function findByKey<T>(model: AnyModel, field: string, values: readonly unknown[]): Promise<T[]> {
  if (postgresReadsInUse()) return findByKeyInPostgres<T>(model, field, values);
  return findEach(values, (v) => model.find({ [field]: v }).lean<T[]>() as PromiseLike<T[]>);
}
