import path from 'node:path';
import { createApp } from '../../src/app';
import { loadConfig, type Config } from '../../src/config';
import { withResponseShapeCheck } from './response-shapes';

// Explicit values only: tests never read a developer's .env.
export function testConfig(overrides: Record<string, string> = {}): Config {
  return loadConfig({
    NODE_ENV: 'test',
    LOG_LEVEL: 'silent',
    LOGIN_MAX_PER_USER: '5',
    LOGIN_MAX_PER_ADDRESS: '1000',
    ...overrides,
  });
}

/** The app under test, with every JSON response checked against the OpenAPI document. */
export function testAppWith(overrides: Record<string, string> = {}) {
  const config = testConfig(overrides);
  return withResponseShapeCheck(createApp(config), config);
}

export const testApp = testAppWith();

export const SMALL_AREA_LIST = path.join(__dirname, '..', 'fixtures', 'areas-small.csv');
