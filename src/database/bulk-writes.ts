import { findEach } from './bulk-reads';
import { locksInUse } from './locks';
import { postgresReadsInUse, type AnyModel } from './postgres-reads';
import { postgresWriteOf, updateEachInPostgres } from './postgres-writes';

// Conditional writes of many documents in few round trips (bulk review, batch work). Each write
// says what its document looked like when read (`expect`); on MongoDB that is the filter of an
// atomic update. On FerretDB 1.x the caller holds the documents' locks (lock-set.ts), so the read
// is still true, and the filter is `_id` alone: FerretDB's updates are per document anyway, and an
// `_id`-only filter is its one direct lookup (measured on SQLite: an `_id` + status filter scans).
// On the embedded PostgreSQL the writes skip FerretDB: one SQL statement per 500 documents, the
// condition and the write atomic (postgres-writes.ts), where FerretDB spends a transaction on each.

export interface ConditionalWrite {
  _id: unknown;
  expect: Record<string, unknown>;
  update: Record<string, unknown>;
}

type UpdateOp = { updateOne: { filter: Record<string, unknown>; update: Record<string, unknown> } };

type BulkModel = AnyModel;

const FERRET_GROUP = 25;
const FERRET_PARALLEL = 4;

async function write(model: BulkModel, ops: UpdateOp[]): Promise<number> {
  if (ops.length === 0) return 0;
  const r = await model.bulkWrite(ops, { ordered: false });
  return r.modifiedCount;
}

/**
 * Applies the writes; returns the ids (as strings) that were written by this call. When fewer were
 * modified than asked, reads them back and keeps those `isOurs` recognises (by the marker the
 * update set), so a write lost to a parallel request is never reported as done.
 */
export async function updateEach(
  model: BulkModel,
  writes: ConditionalWrite[],
  projection: Record<string, 1>,
  isOurs: (doc: Record<string, unknown>) => boolean,
): Promise<Set<string>> {
  const ids = new Set(writes.map((w) => String(w._id)));
  if (writes.length === 0) return ids;
  const inPostgres = postgresReadsInUse() && writes.map(postgresWriteOf);
  if (inPostgres && inPostgres.every((w) => w !== undefined)) return updateEachInPostgres(model, inPostgres);
  const locked = locksInUse();
  const ops: UpdateOp[] = writes.map((w) => ({
    updateOne: { filter: locked ? { _id: w._id } : { _id: w._id, ...w.expect }, update: w.update },
  }));
  let modified = 0;
  if (!locked) modified = await write(model, ops);
  else {
    const groups = Array.from({ length: Math.ceil(ops.length / FERRET_GROUP) }, (_, i) =>
      ops.slice(i * FERRET_GROUP, (i + 1) * FERRET_GROUP),
    );
    let next = 0;
    await Promise.all(
      Array.from({ length: Math.min(FERRET_PARALLEL, groups.length) }, async () => {
        while (next < groups.length) modified += await write(model, groups[next++]);
      }),
    );
  }
  if (modified === writes.length) return ids;
  const back = await findEach(
    writes.map((w) => w._id),
    (id) => model.find({ _id: id }, projection).lean(),
  );
  return new Set((back as Record<string, unknown>[]).filter(isOurs).map((d) => String(d._id)));
}
