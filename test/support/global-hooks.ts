import { setLogLevel } from '../../src/logger';
import { stopTestServer } from './db';
import { unservedQueryShapes } from './query-shapes';

// Loaded by mocha before any test (package.json "mocha.require"). Unit tests start no server:
// the embedded one starts on the first integration file's useTestDb().
setLogLevel('silent');

export async function mochaGlobalTeardown(): Promise<void> {
  await stopTestServer();
}

// DESIGN §11: after the whole run, every query shape the integration tests sent must be served by a
// declared index (MongoDB in production has no other way to answer it without a collection scan).
export const mochaHooks = {
  afterAll(): void {
    const unserved = unservedQueryShapes();
    if (unserved.length > 0) {
      throw new Error(
        `${unserved.length} query shape(s) have no matching index (declare one in the model):\n  - ` +
          unserved.join('\n  - '),
      );
    }
  },
};
