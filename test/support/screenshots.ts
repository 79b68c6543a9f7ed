import { mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';

// Browser tests take screenshots as they go. `npm run screenshots` keeps them in docs/ (the README shows
// them); any other run writes them to a temporary folder, so a test run never changes the work tree.
const DIR = process.env.SCREENSHOT_DIR ?? path.join(tmpdir(), 'dtv-screenshots');

export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(DIR, { recursive: true });
  const file = path.join(DIR, `${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  return file;
}
