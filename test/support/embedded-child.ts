// Run as a child process by test/integration/embedded-left-running.test.ts: starts the embedded
// database on the data folder given as its argument, stores one document, says "ready", then waits.
// SIGTERM stops the database as the service would; SIGKILL leaves it running, as a killed service does.
import mongoose from 'mongoose';
import { startEmbeddedServer } from '../../src/database/embedded-db';
import { logger, setLogLevel } from '../../src/logger';

async function main(): Promise<void> {
  setLogLevel('silent');
  const server = await startEmbeddedServer({
    dataDir: process.argv[2] as string,
    log: logger,
    durable: false,
  });
  const conn = await mongoose.createConnection(server.uri, { dbName: 'left_running' }).asPromise();
  await conn.collection('notes').insertOne({ _id: 'kept' as never, by: process.pid });
  await conn.close();
  process.on('SIGTERM', () => void server.stop().then(() => process.exit(0)));
  process.stdout.write(`ready ${server.uri}\n`);
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
