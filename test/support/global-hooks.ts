import { setLogLevel } from '../../src/logger';
import { stopTestServer } from './db';

// Loaded by mocha before any test (package.json "mocha.require"). Unit tests start no server:
// the embedded one starts on the first integration file's useTestDb().
setLogLevel('silent');

export async function mochaGlobalTeardown(): Promise<void> {
  await stopTestServer();
}
