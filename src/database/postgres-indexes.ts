import { createHash } from 'node:crypto';
import mongoose from 'mongoose';
import pg from 'pg';
import type { Logger } from '../logger';
import { rewriteInBackground, storeUncompressed } from './postgres-storage';

// Indexes FerretDB 1.24 cannot make itself, for the embedded PostgreSQL (DESIGN §11). FerretDB pushes
// an equality filter down as `_jsonb -> $1 @> $2` (`#>` for a dotted path), which its own btree
// indexes on `_jsonb -> 'field'` cannot serve, so every query, `_id` lookups included, read the whole
// table: measured at 35,000 households, a findById took 60–90 ms. A GIN index on the same
// expression serves `@>`; with plan_cache_mode=force_custom_plan (set on the embedded server) the
// planner sees the field name as a constant and uses it: the same findById took 10 ms.
// One GIN index per table on `_id`, and one on each field of the indexes a model declares (not only
// the leading one: an audit history asks for `{entityType, entityId}`, and a GIN index on entityType
// alone, which nearly every row matches, left PostgreSQL scanning the whole audit table).

export interface PostgresAccess {
  readonly port: number;
  readonly user: string;
  readonly password: string;
}

/** The fields worth a GIN index, per collection: `_id` and each field of a declared index. */
export function ginFieldsOfModels(): Map<string, Set<string>> {
  const out = new Map<string, Set<string>>();
  for (const name of mongoose.modelNames()) {
    const model = mongoose.model(name);
    const fields = out.get(model.collection.collectionName) ?? new Set(['_id']);
    for (const [keys] of model.schema.indexes()) {
      for (const field of Object.keys(keys)) {
        // A date is in an index for sorting and ranges, which FerretDB never pushes down.
        if (model.schema.path(field)?.instance !== 'Date') fields.add(field);
      }
    }
    out.set(model.collection.collectionName, fields);
  }
  return out;
}

/**
 * The string fields searched by part of their text (`$regex`, which FerretDB never pushes down and
 * postgres-reads.ts runs as `~`), per collection: those a model marks `trigram: true`.
 */
export function trigramFieldsOfModels(): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const name of mongoose.modelNames()) {
    const model = mongoose.model(name);
    const fields: string[] = [];
    type Paths = { eachPath(fn: (path: string, type: mongoose.SchemaType) => void): unknown };
    const walk = (schema: Paths, prefix: string): void => {
      schema.eachPath((path, type) => {
        const sub = (type as { schema?: Paths }).schema; // a single nested subdocument
        if (sub && type.instance === 'Embedded') walk(sub, `${prefix}${path}.`);
        else if ((type.options as { trigram?: boolean }).trigram) fields.push(`${prefix}${path}`);
      });
    };
    walk(model.schema, '');
    if (fields.length) out.set(model.collection.collectionName, fields);
  }
  return out;
}

/** `((_jsonb -> 'a') -> 'b')`: the expression FerretDB's own (btree) indexes are built on. */
export function btreeExpression(field: string): string {
  ferretExpression(field); // checks the field name
  return field.split('.').reduce((e, part) => `(${e} -> '${part}')`, '_jsonb');
}

/**
 * The date and number fields of declared indexes, per collection: those a list filters by range
 * (postgres-reads.ts writes `jsonb_typeof(field) = 'number' AND field <= …`).
 */
export function rangedFieldsOfModels(): Map<string, Set<string>> {
  const out = new Map<string, Set<string>>();
  for (const name of mongoose.modelNames()) {
    const model = mongoose.model(name);
    const fields = out.get(model.collection.collectionName) ?? new Set<string>();
    for (const [keys] of model.schema.indexes())
      for (const field of Object.keys(keys)) {
        const type = model.schema.path(field)?.instance;
        if (type === 'Date' || type === 'Number') fields.add(field);
      }
    if (fields.size) out.set(model.collection.collectionName, fields);
  }
  return out;
}

/** `_jsonb #>> '{a,b}'`: the field as text, as postgres-reads.ts compares it with `~`. */
export function ferretTextExpression(field: string): string {
  return ferretExpression(field)
    .replace(/^\(_jsonb -> '(.*)'\)$/, "(_jsonb ->> '$1')")
    .replace('#>', '#>>');
}

/** The expression FerretDB compares with `@>` for a field (see its backends/postgresql/query.go). */
export function ferretExpression(field: string): string {
  const parts = field.split('.');
  for (const p of parts) if (!/^[A-Za-z0-9_]+$/.test(p)) throw new Error(`unexpected field name ${field}`);
  return parts.length === 1 ? `(_jsonb -> '${field}')` : `(_jsonb #> '{${parts.join(',')}}')`;
}

// Measured while rows were stored compressed (pglz, 2.8 kB → 1.3 kB; postgres-storage.ts), every
// `_jsonb -> 'field'` a row is filtered by decompresses the whole document. PostgreSQL costs that
// function as one cheap operator and so prefers an index on a few of the filtered fields plus a
// filter on each row over an index holding all of them: counting a province's 19,000 households
// awaiting review read 35,000 rows and took 900 ms; told the true cost, the planner took the index
// on (province, status, …) alone and the same count took 60 ms (both measured on one table).
const COSTLY_JSONB_FUNCTIONS = [
  'jsonb_object_field(jsonb, text)',
  'jsonb_object_field_text(jsonb, text)',
  'jsonb_extract_path(jsonb, text[])',
  'jsonb_extract_path_text(jsonb, text[])',
];
export const JSONB_FIELD_COST = 100;

/**
 * Creates the missing GIN indexes for the collections of database `dbName` (idempotent: IF NOT
 * EXISTS), tells the planner what reading a field of a stored document costs (see above), and has
 * the collections' rows stored uncompressed (postgres-storage.ts; older rows rewritten in the
 * background).
 */
export async function addGinIndexes(access: PostgresAccess, dbName: string, log: Logger): Promise<void> {
  const connect = async () => {
    const c = new pg.Client({ host: '127.0.0.1', ...access, database: 'postgres' });
    await c.connect();
    return c;
  };
  const client = await connect();
  let checked = 0;
  let collections: { schema: string; table: string }[] = [];
  try {
    for (const fn of COSTLY_JSONB_FUNCTIONS)
      await client.query(`ALTER FUNCTION pg_catalog.${fn} COST ${JSONB_FIELD_COST}`);
    // FerretDB keeps each database in a schema of its name and maps collections to tables there.
    const schema = await client.query('SELECT 1 FROM pg_namespace WHERE nspname = $1', [dbName]);
    if (schema.rowCount === 0) return;
    const tables = await client.query<{ coll: string; tbl: string }>(
      `SELECT _jsonb->>'_id' AS coll, _jsonb->>'table' AS tbl FROM ${pg.escapeIdentifier(dbName)}._ferretdb_database_metadata`,
    );
    const wanted = ginFieldsOfModels();
    const searched = trigramFieldsOfModels();
    const ranged = rangedFieldsOfModels();
    // pg_trgm ships with PostgreSQL; a trigram GIN index serves `~` on the name a search matches.
    if (searched.size) await client.query('CREATE EXTENSION IF NOT EXISTS pg_trgm');
    collections = tables.rows.map((r) => ({ schema: dbName, table: r.tbl }));
    await storeUncompressed(client, collections);
    for (const { coll, tbl } of tables.rows) {
      for (const field of searched.get(coll) ?? []) {
        const name = `${tbl}_trgm_${createHash('sha1').update(field).digest('hex').slice(0, 8)}`;
        const index = `${pg.escapeIdentifier(dbName)}.${pg.escapeIdentifier(name)}`;
        await client.query(
          `CREATE INDEX IF NOT EXISTS ${pg.escapeIdentifier(name)} ON ${pg.escapeIdentifier(dbName)}.${pg.escapeIdentifier(tbl)} USING gin (${ferretTextExpression(field)} gin_trgm_ops) WITH (fastupdate = off)`,
        );
        await searchedDirectly(client, index);
        checked++;
      }
      await rangeStatistics(client, dbName, tbl, ranged.get(coll) ?? new Set());
      for (const field of wanted.get(coll) ?? []) {
        const expression = ferretExpression(field);
        const name = `${tbl}_gin_${createHash('sha1').update(field).digest('hex').slice(0, 8)}`;
        await client.query(
          `CREATE INDEX IF NOT EXISTS ${pg.escapeIdentifier(name)} ON ${pg.escapeIdentifier(dbName)}.${pg.escapeIdentifier(tbl)} USING gin (${expression})`,
        );
        checked++;
      }
    }
  } finally {
    await client.end();
  }
  log.debug({ dbName, checked }, 'GIN indexes for FerretDB pushdown in place');
  if (collections.length) rewriteInBackground(connect, collections, log);
}

/**
 * Statistics on the type check of each ranged field, so the planner knows it holds on nearly every
 * row. Without them PostgreSQL takes `jsonb_typeof(…) = 'number'` to match 0.5 % of rows (its default
 * for a function): a page of the province's audit trail up to a date (`at <= …`, the .xlsx's paging)
 * was planned as a bitmap scan of 40,000 entries and a sort, 177 ms; with them, the (province, at)
 * index read in order, 1.6 ms (EXPLAIN ANALYZE on the kept 34,647-household province). A new
 * statistics object is filled at once (ANALYZE of its table, which samples: well under a second).
 */
async function rangeStatistics(client: pg.Client, dbName: string, tbl: string, fields: Set<string>) {
  let added = false;
  for (const field of fields) {
    const name = `${tbl}_type_${createHash('sha1').update(field).digest('hex').slice(0, 8)}`;
    const known = await client.query(
      'SELECT 1 FROM pg_statistic_ext WHERE stxname = $1 AND stxnamespace = (SELECT oid FROM pg_namespace WHERE nspname = $2)',
      [name, dbName],
    );
    if (known.rowCount) continue;
    await client.query(
      `CREATE STATISTICS IF NOT EXISTS ${pg.escapeIdentifier(dbName)}.${pg.escapeIdentifier(name)} ON (jsonb_typeof(${btreeExpression(field)})) FROM ${pg.escapeIdentifier(dbName)}.${pg.escapeIdentifier(tbl)}`,
    );
    added = true;
  }
  if (added) await client.query(`ANALYZE ${pg.escapeIdentifier(dbName)}.${pg.escapeIdentifier(tbl)}`);
}

/**
 * A trigram index without GIN's pending list (fastupdate), for an index made before: new entries go
 * straight into the index, and what an earlier version left pending is merged once. A search reads
 * the whole pending list beside the index: measured on a 34,647-household province, 7,588 pending
 * entries (the list fills up to gin_pending_list_limit, 4 MB, before it is merged) made the scan for
 * "nguyen van" take 8.0 ms, 3.1 ms once merged; a name search reads it twice (its page and its count).
 * The price is paid on writes: each new household version adds its name's trigrams to the index at once.
 */
async function searchedDirectly(client: pg.Client, index: string): Promise<void> {
  const options = await client.query<{ off: boolean }>(
    `SELECT coalesce('fastupdate=off' = ANY(reloptions), false) AS off FROM pg_class WHERE oid = $1::regclass`,
    [index],
  );
  if (options.rows[0]?.off) return;
  await client.query(`ALTER INDEX ${index} SET (fastupdate = off)`);
  await client.query('SELECT gin_clean_pending_list($1::regclass)', [index]);
}
