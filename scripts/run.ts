import { existsSync } from 'node:fs';
import { loadConfig, type Config } from '../src/config';
import { connectDb, disconnectDb } from '../src/database/db';
import { logger, setLogLevel } from '../src/logger';

/** Scripts are as thin as routes: load config, connect, call services, disconnect. */
export async function runScript(work: (config: Config) => Promise<void>): Promise<void> {
  if (existsSync('.env')) process.loadEnvFile('.env');
  const config = loadConfig();
  setLogLevel('warn'); // a command prints its own progress and result
  const db = await connectDb(config, logger).catch((err: unknown) => {
    console.error(`Cannot reach the database: ${(err as Error).message}`);
    process.exit(1);
  });
  let code = 0;
  try {
    await work(config);
  } catch (err) {
    const e = err as Error & { details?: unknown };
    console.error(`\n${e.message}`);
    if (e.details) console.error(JSON.stringify(e.details, null, 2));
    code = 1;
  } finally {
    await disconnectDb(db);
  }
  process.exit(code);
}
