import { setLogLevel } from '../../src/logger';
import { stopTestServer } from './db';
import { unservedQueryShapes } from './query-shapes';
import { claimViolations, shapeReport } from './response-shapes';

// Loaded by mocha before any test (package.json "mocha.require"). Unit tests start no server:
// the embedded one starts on the first integration file's useTestDb().
setLogLevel('silent');

export async function mochaGlobalTeardown(): Promise<void> {
  await stopTestServer();
}

export const mochaHooks = {
  afterEach(this: Mocha.Context): void {
    claimViolations(this.currentTest?.fullTitle() ?? '(outside a test)');
  },
  afterAll(): void {
    const problems: string[] = [];
    // DESIGN §11: after the whole run, every query shape the integration tests sent must be served by a
    // declared index (MongoDB in production has no other way to answer it without a collection scan).
    const unserved = unservedQueryShapes();
    if (unserved.length > 0) {
      problems.push(
        `${unserved.length} query shape(s) have no matching index (declare one in the model):\n  - ` +
          unserved.join('\n  - '),
      );
    }
    // Every JSON response the suite received, checked against the OpenAPI document (response-shapes.ts).
    claimViolations('(a hook)');
    const { violations } = shapeReport();
    if (violations.length > 0) {
      const lines = violations.map(
        (v) => `- ${v.operation} → ${v.status} (in "${v.test}"):\n    ${v.errors.join('\n    ')}`,
      );
      problems.push(
        `${violations.length} API responses do not match the OpenAPI document:\n${lines.join('\n')}`,
      );
    }
    if (problems.length > 0) throw new Error(problems.join('\n\n'));
  },
};
