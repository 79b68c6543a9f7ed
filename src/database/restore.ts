import { createReadStream } from 'node:fs';
import type mongoose from 'mongoose';
import pg from 'pg';
import { readBackup, tablesOf, type BackupSummary } from './backup';

// Restoring a backup of backup.ts into the embedded database. The file is read twice: first whole,
// to check it is complete before anything is touched; then its rows go into the tables FerretDB made
// for the collections (with the service's indexes, built by `prepare`), in one transaction, so a
// restore that fails midway leaves no document of it (the database is empty: run it again).
// Refuses a database that already holds documents unless told to replace them.

const CHUNK = 500;

/** A restore refused before anything was written, in words a person can act on. */
export class RestoreRefusedError extends Error {}

export interface RestoreOptions {
  file: string;
  client: pg.Client;
  /** The database to restore into, connected through the driver (FerretDB). */
  connection: mongoose.Connection;
  /** Delete what the database holds first (else a database with any document is refused). */
  replace: boolean;
  /** Creates the service's collections and indexes in `connection`'s database (db.ts syncAllIndexes). */
  prepare: () => Promise<void>;
  say?: (line: string) => void;
}

export async function restoreBackup(opts: RestoreOptions): Promise<BackupSummary> {
  const say = opts.say ?? (() => undefined);
  const dbName = opts.connection.name;
  const summary = await readBackup(createReadStream(opts.file));
  say(`The backup is complete: database ${summary.header.database} as of ${summary.header.createdAt}.`);

  const held = await collectionsWithDocuments(opts.connection);
  if (held.length && !opts.replace)
    throw new RestoreRefusedError(
      `The database ${dbName} already holds data (${held.join(', ')}); nothing was restored.\n` +
        'Restore into an empty database: stop the service and point DATA_DIR at a new folder (or move ' +
        'the old one away), or add --replace to delete what it holds first.',
    );
  if (held.length) {
    say(`Deleting what ${dbName} holds (--replace) …`);
    await opts.connection.dropDatabase();
  }
  await opts.prepare();
  const existing = new Set((await tablesOf(opts.client, dbName)).map((t) => t.collection));
  const db = opts.connection.db;
  if (!db) throw new Error('not connected');
  for (const name of Object.keys(summary.collections))
    if (!existing.has(name)) await db.createCollection(name);
  const tables = new Map((await tablesOf(opts.client, dbName)).map((t) => [t.collection, t.table]));

  await opts.client.query('BEGIN');
  try {
    let pending: { collection: string; rows: string[] } | undefined;
    const flush = async (): Promise<void> => {
      if (!pending?.rows.length) return;
      const table = tables.get(pending.collection);
      if (!table) throw new Error(`no table for ${pending.collection}`);
      await opts.client.query(
        `INSERT INTO ${pg.escapeIdentifier(dbName)}.${pg.escapeIdentifier(table)} (_jsonb) SELECT unnest($1::jsonb[])`,
        [pending.rows],
      );
      pending.rows = [];
    };
    await readBackup(createReadStream(opts.file), async (collection, json) => {
      if (pending?.collection !== collection) {
        await flush();
        const n = summary.collections[collection] ?? 0;
        say(`Restoring ${collection} (${n} document${n === 1 ? '' : 's'}) …`);
        pending = { collection, rows: [] };
      }
      pending.rows.push(json);
      if (pending.rows.length >= CHUNK) await flush();
    });
    await flush();
    await opts.client.query('COMMIT');
  } catch (err) {
    await opts.client.query('ROLLBACK').catch(() => undefined);
    throw err;
  }
  // The planner's statistics describe empty tables until autovacuum comes round; a list read at once
  // would be planned as if nothing were stored.
  for (const table of tables.values())
    await opts.client.query(`ANALYZE ${pg.escapeIdentifier(dbName)}.${pg.escapeIdentifier(table)}`);

  // Counted in PostgreSQL: FerretDB counts by decoding every document (1.8 GB of memory for a
  // province's 245,000 audit entries, measured).
  for (const [name, n] of Object.entries(summary.collections)) {
    const table = `${pg.escapeIdentifier(dbName)}.${pg.escapeIdentifier(tables.get(name) ?? '')}`;
    const counted = await opts.client.query<{ n: string }>(`SELECT count(*) AS n FROM ${table}`);
    const stored = Number(counted.rows[0]?.n);
    if (stored !== n) throw new Error(`${name}: ${n} documents in the backup, ${stored} restored`);
  }
  return summary;
}

async function collectionsWithDocuments(connection: mongoose.Connection): Promise<string[]> {
  const db = connection.db;
  if (!db) throw new Error('not connected');
  const held: string[] = [];
  for (const { name } of await db.listCollections({}, { nameOnly: true }).toArray()) {
    if (await db.collection(name).findOne({}, { projection: { _id: 1 } })) held.push(name);
  }
  return held;
}
