// The browser benchmarks' harness (bench:web, bench:installer-web): the service on a free local port
// (createApp, production settings), Chromium launched against it, both closed afterwards; and the
// medians printed in one column.
import type { AddressInfo } from 'node:net';
import { chromium, type Browser } from 'playwright-core';
import { createApp } from '../../src/app';
import { loadConfig } from '../../src/config';
import { chromiumPath, INSTALL_BROWSER } from '../../test/support/browser';

export const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** Throws, before any seeding, when there is no Chromium to drive. */
export function requireChromium(): string {
  const executablePath = chromiumPath();
  if (!executablePath) throw new Error(`No Chromium found: ${INSTALL_BROWSER} (or set CHROMIUM_PATH)`);
  return executablePath;
}

/** Serves the app and launches Chromium for `run(base, browser)`; closes both however it ends. */
export async function withAppInBrowser(
  executablePath: string,
  run: (base: string, browser: Browser) => Promise<void>,
): Promise<void> {
  const config = loadConfig({ NODE_ENV: 'production', LOG_LEVEL: 'silent', LOGIN_MAX_PER_USER: '1000' });
  const server = createApp(config).listen(0, '127.0.0.1');
  await new Promise<void>((resolve) => server.once('listening', resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const browser = await chromium.launch({
    executablePath,
    args: ['--no-sandbox', '--disable-dev-shm-usage'],
  });
  try {
    await run(base, browser);
  } finally {
    await browser.close();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}

/** One line of a benchmark's table: the label, the median and every run's time. */
export function showMedian(label: string, width: number, xs: number[]): void {
  console.log(`  ${label.padEnd(width)} median ${String(median(xs)).padStart(6)} ms   (${xs.join(', ')})`);
}
