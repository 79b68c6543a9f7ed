import { existsSync } from 'node:fs';
import type { Server } from 'node:http';
import { createApp } from './app';
import { scheduleBackups } from './backups/service';
import { scheduleReconcile } from './batches/reconcile-schedule';
import { prepareDatabase } from './bootstrap';
import { loadConfig } from './config';
import { connectDb, disconnectDb, type DbHandle } from './database/db';
import { logger, setLogLevel } from './logger';
import { forgetExpiredSessions } from './users/sign-in';

let db: DbHandle | undefined;

async function main(): Promise<void> {
  if (existsSync('.env')) process.loadEnvFile('.env');
  const config = loadConfig();
  setLogLevel(config.log.level);

  let server: Server | undefined;
  let housekeeping: NodeJS.Timeout | undefined;
  let stopReconcile = () => {};
  let stopBackups = () => {};
  let stopping = false;

  const shutdown = async (reason: string, code: number): Promise<void> => {
    if (stopping) return;
    stopping = true;
    logger.info({ reason }, 'shutting down');
    clearInterval(housekeeping);
    stopReconcile();
    stopBackups();
    // Stop accepting connections and let in-flight requests finish, then close the database.
    await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
    await disconnectDb(db).catch((err: unknown) => logger.error({ err }, 'error while closing the database'));
    process.exit(code);
  };
  process.on('SIGTERM', () => void shutdown('SIGTERM', 0));
  process.on('SIGINT', () => void shutdown('SIGINT', 0));
  // A closed terminal: without this Node exits at once and leaves its database running.
  process.on('SIGHUP', () => void shutdown('SIGHUP', 0));
  process.on('unhandledRejection', (err) => {
    logger.fatal({ err }, 'unhandled rejection');
    void shutdown('unhandledRejection', 1);
  });
  process.on('uncaughtException', (err) => {
    logger.fatal({ err }, 'uncaught exception');
    void shutdown('uncaughtException', 1);
  });

  db = await connectDb(config, logger);
  logger.info(
    { database: db.embedded ? `embedded ${db.embedded.kind}` : 'MONGODB_URI', dbName: db.dbName },
    'database connected',
  );
  const { generatedAdmin } = await prepareDatabase(config.bootstrap, logger);

  const app = createApp(config);
  server = app.listen(config.http.port, config.http.host, () => {
    const base = `http://${config.http.host}:${config.http.port}`;
    logger.info({ url: base, docs: `${base}/api/docs` }, 'listening');
    if (generatedAdmin) {
      // Printed once, on the terminal only (never logged): it is not stored anywhere readable.
      process.stdout.write(
        `\n  First admin created. Sign in at ${base}/ with\n` +
          `    username: ${generatedAdmin.username}\n    password: ${generatedAdmin.password}\n` +
          `  This password is shown only now; change it in the app (Đổi mật khẩu).\n\n`,
      );
    }
  });
  server.keepAliveTimeout = 65_000;
  housekeeping = setInterval(() => void forgetExpiredSessions().catch(() => undefined), 60 * 60_000);
  housekeeping.unref();
  stopReconcile = scheduleReconcile(config.reconcile, logger);
  stopBackups = scheduleBackups(config.backup, logger);
}

main().catch(async (err: unknown) => {
  logger.fatal({ err }, 'could not start');
  process.stderr.write(`\n${err instanceof Error ? err.message : String(err)}\n`);
  await disconnectDb(db).catch(() => undefined);
  process.exit(1);
});
