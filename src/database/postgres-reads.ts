import mongoose from 'mongoose';
import pg from 'pg';
import { decodeDocument, type FerretDocument } from './postgres-format';
import {
  btreeExpression,
  ferretExpression,
  ferretTextExpression,
  type PostgresAccess,
} from './postgres-indexes';

// Reads answered by the embedded PostgreSQL under FerretDB: one page of a list, sorted, with its
// total (findPage), and many documents by id (findByIdsInPostgres).
//
// Why: FerretDB 1.24 pushes a flat equality filter down to PostgreSQL but then decodes every
// matching document in Go, sorts them there and only then skips and limits (its msg_find.go pushes
// a limit down only without filter and sort; regexes are never pushed down). Measured at 35,000
// households: the first page of one commune (about 280 households) took 320 ms, a review-queue page
// of the province 14.5 s and a name search of the province 27.6 s. PostgreSQL itself answers the same
// question (WHERE, ORDER BY, LIMIT over the table FerretDB keeps) in milliseconds.
//
// So, only where we started PostgreSQL ourselves (the embedded default), a list reads its page with
// one SQL query on FerretDB's table and decodes the rows from FerretDB's own storage format (each row
// is the document as JSON plus a "$s" schema of its types). It only reads; every write still goes
// through FerretDB. With MongoDB (production) or an external FerretDB the same call is an ordinary
// find/sort/skip/limit and countDocuments, served by the declared indexes. The filters accepted are
// the ones FerretDB pushes down plus `$regex`, `$or`, `$in` of plain values (FerretDB decodes the
// whole collection for an `$in`), `null` (null or missing) and ranges of dates or numbers; anything
// else takes the ordinary path.

let access: PostgresAccess | undefined;
let pool: pg.Pool | undefined;
const tables = new Map<string, string | null>();

/** Whether reads can go to PostgreSQL directly (the embedded default). */
export function postgresReadsInUse(): boolean {
  return access !== undefined;
}

/** Set by db.ts with the embedded PostgreSQL's address, or undefined on any other server. */
export function usePostgresPages(given: PostgresAccess | undefined): void {
  if (pool) void pool.end();
  pool = undefined;
  tables.clear();
  access = given;
}

// Any model: the page's type is the caller's (its lean document type).
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyModel = mongoose.Model<any>;

export interface PageQuery {
  filter: Record<string, unknown>;
  sort: Record<string, 1 | -1>;
  skip: number;
  limit: number;
  /** false: the caller needs no total (it is then 0), which saves counting. */
  total?: false;
  /**
   * Count at most this many matches and then stop (the total is then this number, and
   * `totalCapped` says more match): counting every match of a province-wide list costs time in
   * proportion to the matches (35,000 households: 48 ms; capped at 1,000: 3 ms).
   */
  totalCap?: number;
  /** Only these top-level fields (and `_id`) of each document, for a long list read to rank. */
  fields?: readonly string[];
}

export interface Page<T> {
  docs: T[];
  total: number;
  /** True when more than `total` documents match: counting stopped at `query.totalCap`. */
  totalCapped: boolean;
}

/** The total and its flag, from a count made with at most `cap + 1` matches. */
export function cappedTotal(
  counted: number,
  cap: number | undefined,
): Pick<Page<unknown>, 'total' | 'totalCapped'> {
  return cap !== undefined && counted > cap
    ? { total: cap, totalCapped: true }
    : { total: counted, totalCapped: false };
}

/** The page of `model`'s documents matching `query.filter` (lean), and how many match in all. */
export async function findPage<T>(model: AnyModel, query: PageQuery): Promise<Page<T>> {
  const sql = access ? toSql(model, query) : undefined;
  if (!sql) return findPageByDriver(model, query);
  reportToDebugHook(model, query);
  const table = await tableOf(model.collection.collectionName);
  if (table === null) return { docs: [], total: 0, totalCapped: false };
  const db = pg.escapeIdentifier(mongoose.connection.name);
  const from = `FROM ${db}.${pg.escapeIdentifier(table)} WHERE ${sql.where}`;
  const n = sql.params.length;
  const cap = query.totalCap;
  // A capped count reads no more than cap + 1 matching rows (the subquery's LIMIT stops the scan).
  const counted =
    cap === undefined
      ? `SELECT count(*) AS n ${from}`
      : `SELECT count(*) AS n FROM (SELECT 1 ${from} LIMIT ${capLimit(cap)}) AS capped`;
  const [rows, count] = await Promise.all([
    thePool().query<{ doc: FerretDocument }>(
      `SELECT ${selected(query.fields)} AS doc ${from} ORDER BY ${sql.orderBy} LIMIT $${n + 1} OFFSET $${n + 2}`,
      [...sql.params, query.limit, query.skip],
    ),
    query.total === false ? { rows: [{ n: '0' }] } : thePool().query<{ n: string }>(counted, sql.params),
  ]);
  return {
    docs: rows.rows.map((r) => decodeDocument(r.doc) as T),
    ...cappedTotal(Number(count.rows[0]?.n ?? 0), cap),
  };
}

/** How many matches a capped count reads: one more than the cap, to know whether more match. */
function capLimit(cap: number): number {
  if (!Number.isInteger(cap) || cap < 0) throw new Error(`unexpected total cap ${cap}`);
  return cap + 1;
}

/**
 * The stored document, or only some of its fields with their types: a document of a few values
 * is parsed and decoded many times faster than a whole household (2.7 kB), which is what a read
 * of thousands to rank them spent its time on (auto-add: 1 s of JSON.parse for 1,000 added).
 */
function selected(fields: readonly string[] | undefined): string {
  if (!fields) return '_jsonb';
  const keys = ['_id', ...fields.filter((f) => f !== '_id')];
  for (const k of keys) ferretExpression(k); // checks the field name
  const types = keys.map((k) => `'${k}', _jsonb #> '{$s,p,${k}}'`).join(', ');
  const values = keys.map((k) => `'${k}', _jsonb -> '${k}'`).join(', ');
  // A field a document lacks comes back as a JSON null without a type; decodeDocument skips it.
  return `jsonb_build_object('$s', jsonb_build_object('p', jsonb_strip_nulls(jsonb_build_object(${types})), '$k', '${JSON.stringify(keys)}'::jsonb), ${values})`;
}

/** findPage's limit for "every match": PostgreSQL's and MongoDB's limits are 64-bit, this is enough. */
const EVERY_MATCH = 2 ** 31 - 1;

/**
 * Every document matching `filter` (lean), in `sort` order when given: one SQL query on the embedded
 * default (findPage), else a find. For the whole of a small set: a commune's households, a
 * province's areas or counters, an installer's batches.
 */
export async function findAll<T>(
  model: AnyModel,
  filter: Record<string, unknown>,
  options: { sort?: Record<string, 1 | -1>; fields?: readonly string[] } = {},
): Promise<T[]> {
  const query = { filter, sort: options.sort ?? {}, skip: 0, limit: EVERY_MATCH, total: false as const };
  return (await findPage<T>(model, options.fields ? { ...query, fields: options.fields } : query)).docs;
}

/**
 * The documents whose `field` equals one of `values` (lean, in no particular order), in one query
 * that FerretDB's btree index on that field serves (its unique `_id` index, or a declared unique
 * key such as a serial); only while postgresReadsInUse().
 */
export async function findByKeyInPostgres<T>(
  model: AnyModel,
  field: string,
  values: readonly unknown[],
): Promise<T[]> {
  if (values.length === 0) return [];
  const collection = model.collection.collectionName;
  const debug: unknown = mongoose.get('debug');
  if (typeof debug === 'function')
    (debug as (...a: unknown[]) => void)(collection, 'find', { [field]: { $in: values } }, {});
  const table = await tableOf(collection);
  if (table === null) return [];
  const db = pg.escapeIdentifier(mongoose.connection.name);
  const json = values.map((v) => JSON.stringify(v instanceof mongoose.Types.ObjectId ? v.toHexString() : v));
  const rows = await thePool().query<{ doc: FerretDocument }>(
    `SELECT _jsonb AS doc FROM ${db}.${pg.escapeIdentifier(table)} WHERE ${btreeExpression(field)} = ANY($1::jsonb[])`,
    [json],
  );
  return rows.rows.map((r) => decodeDocument(r.doc) as T);
}

/** The ordinary path (MongoDB, or FerretDB without access to its PostgreSQL); exported for tests. */
export async function findPageByDriver<T>(model: AnyModel, query: PageQuery): Promise<Page<T>> {
  const [docs, total] = await Promise.all([
    model
      .find(query.filter, query.fields ? Object.fromEntries(query.fields.map((f) => [f, 1])) : undefined)
      .sort(query.sort)
      .skip(query.skip)
      .limit(query.limit)
      .lean<T[]>() as Promise<T[]>,
    query.total === false
      ? 0
      : query.totalCap === undefined
        ? model.countDocuments(query.filter)
        : model.countDocuments(query.filter, { limit: capLimit(query.totalCap) }),
  ]);
  return { docs, ...cappedTotal(total, query.totalCap) };
}

/**
 * Tells Mongoose's debug hook (when one is set) the find and count MongoDB would have been sent, so
 * that what watches query shapes (the index-coverage check of the tests) still sees this list.
 */
function reportToDebugHook(model: AnyModel, query: PageQuery): void {
  const debug: unknown = mongoose.get('debug');
  if (typeof debug !== 'function') return;
  const collection = model.collection.collectionName;
  const options = { sort: query.sort, skip: query.skip, limit: query.limit };
  (debug as (...args: unknown[]) => void)(collection, 'find', query.filter, options);
  if (query.total !== false) {
    const limit = query.totalCap === undefined ? {} : { limit: capLimit(query.totalCap) };
    (debug as (...args: unknown[]) => void)(collection, 'countDocuments', query.filter, limit);
  }
}

/** The pool of connections to the embedded PostgreSQL (reads here, bulk writes in postgres-writes.ts). */
export function thePool(): pg.Pool {
  if (pool) return pool;
  pool = new pg.Pool({
    host: '127.0.0.1',
    ...(access as PostgresAccess),
    database: 'postgres',
    max: 10,
    idleTimeoutMillis: 5_000,
    allowExitOnIdle: true,
  });
  // An idle connection closed by the server (PostgreSQL stopping) is not an error of any request.
  pool.on('error', () => undefined);
  return pool;
}

/** FerretDB's table for a collection (null while the collection does not exist yet). */
export async function tableOf(collection: string): Promise<string | null> {
  const dbName = mongoose.connection.name;
  const key = `${dbName}.${collection}`;
  const known = tables.get(key);
  if (known) return known;
  const metadata = `${pg.escapeIdentifier(dbName)}._ferretdb_database_metadata`;
  try {
    const found = await thePool().query<{ tbl: string }>(
      `SELECT _jsonb->>'table' AS tbl FROM ${metadata} WHERE _jsonb->>'_id' = $1`,
      [collection],
    );
    const table = found.rows[0]?.tbl ?? null;
    if (table) tables.set(key, table);
    return table;
  } catch (err) {
    if ((err as { code?: string }).code === '42P01') return null; // no schema yet: an empty database
    throw err;
  }
}

// --- filters and sorts --------------------------------------------------------------------------

interface Sql {
  where: string;
  orderBy: string;
  params: unknown[];
}

class NotTranslatable extends Error {}

/** The WHERE and ORDER BY of `query`, or undefined when the filter uses what is not translated. */
export function toSql(model: AnyModel, query: PageQuery): Sql | undefined {
  const params: unknown[] = [];
  try {
    const where = predicate(model, query.filter, params) || 'TRUE';
    const orderBy = Object.entries(query.sort)
      .map(([field, dir]) => sortTerm(model, field, dir))
      .join(', ');
    return { where, orderBy: orderBy || ferretExpression('_id'), params };
  } catch (err) {
    if (err instanceof NotTranslatable) return undefined;
    throw err;
  }
}

function predicate(model: AnyModel, filter: Record<string, unknown>, params: unknown[]): string {
  const parts: string[] = [];
  for (const [field, value] of Object.entries(filter)) {
    if (field === '$or' && Array.isArray(value) && value.length > 0) {
      parts.push(
        `(${value.map((v) => `(${predicate(model, v as Record<string, unknown>, params) || 'TRUE'})`).join(' OR ')})`,
      );
    } else if (field.startsWith('$')) {
      throw new NotTranslatable(field);
    } else if (isScalar(value)) {
      params.push(JSON.stringify(value instanceof mongoose.Types.ObjectId ? value.toHexString() : value));
      // A field holding one value: `=` on the expression FerretDB's btree indexes (one per declared
      // index) are built on, so PostgreSQL can count from the index alone and read a sorted page
      // in index order. Anything else (an array field matches its elements): the `@>` FerretDB
      // itself pushes down, served by the GIN indexes of postgres-indexes.ts.
      parts.push(
        holdsOneValue(model, field)
          ? `${btreeExpression(field)} = $${params.length}::jsonb`
          : `${ferretExpression(field)} @> $${params.length}::jsonb`,
      );
    } else if (isInOfScalars(value)) {
      // One of some values: the same comparison against any of them (an empty list matches none).
      params.push(
        value.$in.map((v) => JSON.stringify(v instanceof mongoose.Types.ObjectId ? v.toHexString() : v)),
      );
      parts.push(
        holdsOneValue(model, field)
          ? `${btreeExpression(field)} = ANY($${params.length}::jsonb[])`
          : `${ferretExpression(field)} @> ANY($${params.length}::jsonb[])`,
      );
    } else if (value === null && holdsOneValue(model, field)) {
      // MongoDB's `{field: null}`: the field null or missing (FerretDB stores a null as JSON null).
      const e = btreeExpression(field);
      parts.push(`(${e} IS NULL OR ${e} = 'null'::jsonb)`);
    } else if (isRangeOf(instanceOf(model, field), value)) {
      // A range on a date or number field: FerretDB keeps both as JSON numbers (dates as epoch
      // milliseconds), which PostgreSQL compares numerically; the type check keeps MongoDB's rule
      // that a range matches values of its own type only (jsonb would also rank strings above numbers).
      // An ObjectId is a hex string, compared in the collation sortTerm relies on (byte order, as
      // MongoDB orders ids): a keyset page's tie-breaker (`_id < last`). No type check there: the
      // schema makes every stored id an ObjectId, and PostgreSQL, with no statistics on such a test
      // (rangeStatistics covers dates and numbers), would guess it keeps 0.5 % of the rows.
      const e = btreeExpression(field);
      const bounds = Object.entries(value).map(([op, v]) => {
        const json =
          v instanceof Date ? v.getTime() : v instanceof mongoose.Types.ObjectId ? v.toHexString() : v;
        params.push(JSON.stringify(json));
        return `${e} ${RANGE_OPERATORS[op]} $${params.length}::jsonb`;
      });
      parts.push(
        instanceOf(model, field) === 'ObjectId'
          ? `(${bounds.join(' AND ')})`
          : `(jsonb_typeof(${e}) = 'number' AND ${bounds.join(' AND ')})`,
      );
    } else if (isRegex(value)) {
      params.push(value.$regex);
      parts.push(`${textExpression(field)} ~ $${params.length}`);
    } else {
      throw new NotTranslatable(field);
    }
  }
  return parts.join(' AND ');
}

const isScalar = (v: unknown): v is string | number | boolean | mongoose.Types.ObjectId =>
  typeof v === 'string' ||
  (typeof v === 'number' && Number.isFinite(v)) ||
  typeof v === 'boolean' ||
  v instanceof mongoose.Types.ObjectId;

const isInOfScalars = (v: unknown): v is { $in: (string | number | boolean | mongoose.Types.ObjectId)[] } =>
  typeof v === 'object' &&
  v !== null &&
  Object.keys(v).length === 1 &&
  Array.isArray((v as { $in?: unknown }).$in) &&
  ((v as { $in: unknown[] }).$in as unknown[]).every(isScalar);

const isRegex = (v: unknown): v is { $regex: string } =>
  typeof v === 'object' &&
  v !== null &&
  Object.keys(v).length === 1 &&
  typeof (v as { $regex?: unknown }).$regex === 'string';

const RANGE_OPERATORS: Record<string, string> = { $gt: '>', $gte: '>=', $lt: '<', $lte: '<=' };

/** `{$gte: …, $lt: …}` of dates on a Date field, finite numbers on a Number field, ids on an ObjectId. */
function isRangeOf(
  instance: string | undefined,
  v: unknown,
): v is Record<string, Date | number | mongoose.Types.ObjectId> {
  if (typeof v !== 'object' || v === null || v instanceof Date || Array.isArray(v)) return false;
  if (v instanceof mongoose.Types.ObjectId) return false;
  const entries = Object.entries(v);
  const fits = (x: unknown) =>
    instance === 'Date'
      ? x instanceof Date && Number.isFinite(x.getTime())
      : instance === 'ObjectId'
        ? x instanceof mongoose.Types.ObjectId
        : instance === 'Number' && typeof x === 'number' && Number.isFinite(x);
  return entries.length > 0 && entries.every(([op, x]) => op in RANGE_OPERATORS && fits(x));
}

const textExpression = ferretTextExpression;

const SCALARS = new Set(['String', 'Number', 'Boolean', 'ObjectId', 'Date']);

function instanceOf(model: AnyModel, field: string): string | undefined {
  return field === '_id' ? 'ObjectId' : model.schema.path(field)?.instance;
}

function holdsOneValue(model: AnyModel, field: string): boolean {
  return SCALARS.has(instanceOf(model, field) ?? '');
}

/** Always present: ids, timestamps and required paths (no null to order). */
function alwaysPresent(model: AnyModel, field: string): boolean {
  if (field === '_id' || field === 'createdAt' || field === 'updatedAt') return true;
  return Boolean((model.schema.path(field) as { isRequired?: boolean } | undefined)?.isRequired);
}

/**
 * One ORDER BY term, as MongoDB orders. jsonb orders numbers (and dates, stored as epoch
 * milliseconds) numerically, and strings (ids are hex strings) by the database collation, C.UTF-8 on
 * the embedded server: code point order, which is UTF-8 byte order, MongoDB's. A field that is always
 * present is ordered by the very expression (and default null order) of FerretDB's btree indexes, so
 * a page can be read in index order; another puts missing values first, as MongoDB does.
 */
function sortTerm(model: AnyModel, field: string, dir: 1 | -1): string {
  const instance = instanceOf(model, field);
  if (!instance || !SCALARS.has(instance)) throw new NotTranslatable(field);
  if (alwaysPresent(model, field)) return `${btreeExpression(field)} ${dir === 1 ? 'ASC' : 'DESC'}`;
  const expression =
    instance === 'String' || instance === 'ObjectId'
      ? `${textExpression(field)} COLLATE "C"`
      : ferretExpression(field);
  return `${expression} ${dir === 1 ? 'ASC NULLS FIRST' : 'DESC NULLS LAST'}`;
}
