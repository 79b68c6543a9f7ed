// npm run db:migrate-from-sqlite — copies the data an earlier version kept in FerretDB's SQLite files
// (DATA_DIR/ferretdb) into the embedded PostgreSQL that is now the default, then renames the old
// folder to DATA_DIR/ferretdb.sqlite-migrated so `npm start` opens the new store. Safe to run again
// after an interruption: documents already copied are skipped (same _id).
import { spawn } from 'node:child_process';
import { createWriteStream, existsSync, renameSync } from 'node:fs';
import path from 'node:path';
import mongoose from 'mongoose';
import { loadConfig } from '../src/config';
import { hasSqliteData, sqliteDataDir, startEmbeddedServer } from '../src/database/embedded-db';
import { projectFerretdbPath } from '../src/database/ferretdb';
import { logger, setLogLevel } from '../src/logger';
import { canConnect, freePort, stopProcess, waitUntil } from '../src/database/processes';

const CHUNK = 1_000;

async function main(): Promise<void> {
  if (existsSync('.env')) process.loadEnvFile('.env');
  const config = loadConfig();
  setLogLevel('warn');
  const dataDir = config.embedded.dataDir;
  if (config.mongo.uri)
    return say('MONGODB_URI is set: the service does not use the embedded database; nothing to do.');
  if (!hasSqliteData(dataDir)) return say(`No SQLite data in ${sqliteDataDir(dataDir)}; nothing to do.`);

  const bin = config.embedded.ferretdbBin ?? projectFerretdbPath();
  const oldPort = await freePort();
  const old = spawn(
    bin,
    [
      '--handler=sqlite',
      `--sqlite-url=file:${sqliteDataDir(dataDir)}/`,
      `--listen-addr=127.0.0.1:${oldPort}`,
      `--state-dir=${sqliteDataDir(dataDir)}`,
      '--debug-addr=-',
      '--telemetry=disable',
      '--log-level=warn',
    ],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  const log = createWriteStream(path.join(dataDir, 'ferretdb-sqlite-migration.log'), { flags: 'a' });
  old.stdout.pipe(log);
  old.stderr.pipe(log);
  const fresh = await startEmbeddedServer({ dataDir, log: logger, ignoreSqliteData: true });
  try {
    await waitUntil(() => canConnect(oldPort), 30_000);
    const from = await mongoose.createConnection(`mongodb://127.0.0.1:${oldPort}/`).asPromise();
    const to = await mongoose.createConnection(fresh.uri).asPromise();
    const { databases } = await from.getClient().db('admin').admin().listDatabases();
    for (const { name } of databases) {
      if (['admin', 'local', 'config'].includes(name)) continue;
      await copyDatabase(from.getClient().db(name), to.getClient().db(name));
    }
    await from.close();
    await to.close();
  } finally {
    await fresh.stop();
    await stopProcess(old, 'SIGTERM', 10_000);
  }
  const kept = `${sqliteDataDir(dataDir)}.sqlite-migrated`;
  renameSync(sqliteDataDir(dataDir), kept);
  say(`Done. The SQLite files are kept in ${kept}; remove that folder once the service runs well.`);
}

type Db = ReturnType<ReturnType<mongoose.Connection['getClient']>['db']>;

async function copyDatabase(from: Db, to: Db): Promise<void> {
  for (const { name } of await from.listCollections({}, { nameOnly: true }).toArray()) {
    const source = from.collection(name);
    const target = to.collection(name);
    for (const index of await source.indexes()) {
      if (index.name === '_id_') continue;
      await target.createIndex(index.key, { name: index.name, unique: index.unique ?? false });
    }
    let copied = 0;
    let chunk: Record<string, unknown>[] = [];
    const flush = async (): Promise<void> => {
      if (chunk.length === 0) return;
      const result = await target.insertMany(chunk, { ordered: false }).catch((err: unknown) => {
        // Re-run after an interruption: documents copied before have the same _id; skip them.
        const e = err as { code?: number; insertedCount?: number; writeErrors?: Array<{ code?: number }> };
        const errors = e.writeErrors ?? [];
        if (errors.length > 0 && errors.every((w) => w.code === 11000))
          return { insertedCount: e.insertedCount ?? 0 };
        throw err;
      });
      copied += result.insertedCount;
      chunk = [];
    };
    for await (const doc of source.find({})) {
      chunk.push(doc);
      if (chunk.length >= CHUNK) await flush();
    }
    await flush();
    const [before, after] = await Promise.all([source.countDocuments(), target.countDocuments()]);
    if (before !== after)
      throw new Error(`${from.databaseName}.${name}: ${before} documents, ${after} copied`);
    say(`${from.databaseName}.${name}: ${after} documents (${copied} copied now)`);
  }
}

function say(line: string): void {
  console.log(line);
}

main().catch((err: unknown) => {
  console.error(`\n${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
