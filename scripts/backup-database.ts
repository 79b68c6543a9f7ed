// npm run db:backup [-- --out <file>] — a consistent backup of the embedded database (FerretDB on
// PostgreSQL) into one file, while the service runs or not (src/database/backup.ts). The file goes
// to BACKUP_DIR (DATA_DIR/backups/) unless --out names another; copy it off the server (a backup on the same
// disk does not survive that disk). Restore with npm run db:restore.
import { createWriteStream, existsSync, mkdirSync, renameSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import { loadConfig } from '../src/config';
import { writeBackup } from '../src/database/backup';
import { openEmbeddedPostgres } from '../src/database/embedded-access';
import { logger, setLogLevel } from '../src/logger';
import { backupFileName } from '../src/backups/files';
import { argValue, fail, sizeText } from './backup-args';

async function main(): Promise<void> {
  if (existsSync('.env')) process.loadEnvFile('.env');
  const config = loadConfig();
  setLogLevel('warn');
  if (config.mongo.uri)
    return fail(
      'MONGODB_URI is set: this command backs up the embedded database only. Back up a MongoDB server with ' +
        'MongoDB\'s own tool: mongodump --uri="$MONGODB_URI" --gzip --archive=<file>.',
    );
  const started = Date.now();
  const file = path.resolve(
    argValue('--out') ?? path.join(config.backup.dir, backupFileName(config.mongo.dbName, new Date())),
  );
  mkdirSync(path.dirname(file), { recursive: true });
  const partial = `${file}.partial`; // renamed once complete: a failed backup never looks like one
  const db = await openEmbeddedPostgres(config.embedded.dataDir, logger);
  try {
    console.log(
      db.running
        ? 'The service is running: backing up from its database (it goes on serving).'
        : 'The service is not running: started its database for the backup.',
    );
    const out = createWriteStream(partial, { mode: 0o600 }); // it holds full national IDs
    const { header, collections } = await writeBackup(db.client, config.mongo.dbName, out, (c) =>
      console.log(`Reading ${c} …`),
    );
    const total = Object.values(collections).reduce((a, b) => a + b, 0);
    if (total === 0) throw new Error(`The database ${config.mongo.dbName} holds nothing to back up.`);
    renameSync(partial, file);
    for (const [name, n] of Object.entries(collections)) console.log(`  ${name}: ${n}`);
    console.log(
      `Backup of ${header.database} as of ${header.createdAt}: ${total} documents, ` +
        `${sizeText(statSync(file).size)}, in ${((Date.now() - started) / 1000).toFixed(1)} s.\n${file}\n` +
        'Copy it to another machine or medium: a backup on the same disk is lost with that disk.',
    );
  } catch (err) {
    rmSync(partial, { force: true });
    throw err;
  } finally {
    await db.close();
  }
}

main().catch((err: unknown) => fail(err instanceof Error ? err.message : String(err)));
