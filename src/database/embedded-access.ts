import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import type { Logger } from '../logger';
import { startEmbeddedServer } from './embedded-db';
import { POSTGRES_USER } from './embedded-postgres';

// The embedded PostgreSQL of a DATA_DIR for a command that reads it (npm run db:backup): the one a
// running service started, if any (a backup must not make the province stop its service), else one
// started for the command and stopped after it. The address comes from PostgreSQL's own
// postmaster.pid (its fourth line is the port) and the password from postgres.secret beside it.

export interface OpenedPostgres {
  client: pg.Client;
  /** Whether the service was running (its PostgreSQL was used) or one was started for the command. */
  running: boolean;
  close(): Promise<void>;
}

export async function openEmbeddedPostgres(dataDir: string, log: Logger): Promise<OpenedPostgres> {
  const running = await connectToRunning(dataDir);
  if (running) return { client: running, running: true, close: () => running.end() };
  const server = await startEmbeddedServer({ dataDir, log });
  if (!server.postgres) {
    await server.stop();
    throw new Error(`${dataDir} holds no embedded PostgreSQL (FerretDB is not installed)`);
  }
  const client = new pg.Client({ host: '127.0.0.1', ...server.postgres, database: 'postgres' });
  try {
    await client.connect();
  } catch (err) {
    await server.stop();
    throw err;
  }
  return {
    client,
    running: false,
    close: async () => {
      await client.end();
      await server.stop();
    },
  };
}

async function connectToRunning(dataDir: string): Promise<pg.Client | undefined> {
  const pidFile = path.join(dataDir, 'postgres', 'postmaster.pid');
  const secretFile = path.join(dataDir, 'postgres.secret');
  if (!existsSync(pidFile) || !existsSync(secretFile)) return undefined;
  const port = Number(readFileSync(pidFile, 'utf8').split('\n')[3]);
  if (!Number.isInteger(port) || port <= 0) return undefined;
  const password = readFileSync(secretFile, 'utf8').trim();
  const client = new pg.Client({
    host: '127.0.0.1',
    port,
    user: POSTGRES_USER,
    password,
    database: 'postgres',
  });
  try {
    await client.connect();
    return client;
  } catch {
    // A postmaster.pid left by a server that is gone: start one for the command instead.
    await client.end().catch(() => undefined);
    return undefined;
  }
}
