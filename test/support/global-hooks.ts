import { setLogLevel } from '../../src/logger';
import { stopTestServer } from './db';
import { claimViolations, shapeReport } from './response-shapes';

// Loaded by mocha before any test (package.json "mocha.require"). Unit tests start no server:
// the embedded one starts on the first integration file's useTestDb().
setLogLevel('silent');

export const mochaHooks = {
  afterEach(this: Mocha.Context): void {
    claimViolations(this.currentTest?.fullTitle() ?? '(outside a test)');
  },
  // Every JSON response the suite received, checked against the OpenAPI document (response-shapes.ts).
  afterAll(): void {
    const { violations } = shapeReport();
    claimViolations('(a hook)');
    if (violations.length === 0) return;
    const lines = violations.map(
      (v) => `- ${v.operation} → ${v.status} (in "${v.test}"):\n    ${v.errors.join('\n    ')}`,
    );
    throw new Error(
      `${violations.length} API responses do not match the OpenAPI document:\n${lines.join('\n')}`,
    );
  },
};

export async function mochaGlobalTeardown(): Promise<void> {
  await stopTestServer();
}
