// npm run db:restore -- <file> [--replace] — restores a backup made by npm run db:backup into the
// embedded database of DATA_DIR (src/database/restore.ts). Stop the service first. A database that
// holds documents is refused unless --replace is given (which deletes them first). Then it runs
// what npm run reconcile runs, for the changes that were half-done at the instant of the backup.
import '../src/app';
import { existsSync } from 'node:fs';
import path from 'node:path';
import mongoose from 'mongoose';
import { reconcileExclusively } from '../src/batches/reconcile-schedule';
import { postgresAccess, syncAllIndexes } from '../src/database/db';
import { restoreBackup } from '../src/database/restore';
import pg from 'pg';
import { fail } from './backup-args';
import { runScript } from './run';

const file = process.argv.slice(2).find((a) => !a.startsWith('--'));
if (!file) fail('Name the backup file: npm run db:restore -- <file> [--replace]');
if (!existsSync(file)) fail(`There is no file ${path.resolve(file)}.`);

void runScript(async (config) => {
  const access = postgresAccess();
  if (config.mongo.uri || !access)
    throw new Error(
      'MONGODB_URI is set: this command restores into the embedded database only. Restore a MongoDB ' +
        'server from its own backup with mongorestore --uri="$MONGODB_URI" --gzip --archive=<file>.',
    );
  const started = Date.now();
  const client = new pg.Client({ host: '127.0.0.1', ...access, database: 'postgres' });
  await client.connect();
  try {
    const { header, collections } = await restoreBackup({
      file,
      client,
      connection: mongoose.connection,
      replace: process.argv.includes('--replace'),
      prepare: syncAllIndexes,
      say: (line) => console.log(line),
    });
    const total = Object.values(collections).reduce((a, b) => a + b, 0);
    console.log(
      `Restored ${total} documents of ${header.database} (as of ${header.createdAt}) into ` +
        `${config.mongo.dbName} in ${((Date.now() - started) / 1000).toFixed(1)} s.`,
    );
  } finally {
    await client.end();
  }
  // A change in flight at the instant of the backup is in it half-done, as after a crash.
  console.log('Finishing what was half-done at that instant (as npm run reconcile does) …');
  const report = await reconcileExclusively({
    dryRun: false,
    graceMs: 0,
    say: (step) => console.log(`  checking ${step} …`),
  });
  console.log(
    `Finished what was half-done at that instant: ${report.changes.length} repaired, ` +
      `${report.leftForPerson.length} left for a person (npm run reconcile -- --dry-run lists them).`,
  );
});
