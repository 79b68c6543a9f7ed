import { existsSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { createApp } from '../../src/app';
import { testConfig } from './app';
import { useTestDb } from './db';

// Browser journeys (test/browser/<role>.test.ts): the built app (dist/web, `npm run build:web`) served
// by createApp on a free port, on the test database, driven by Debian's Chromium through playwright-core.

export const INSTALL_BROWSER = 'apt-get update && apt-get install -y chromium';

const CANDIDATES = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'];

export function chromiumPath(): string | null {
  const given = process.env.CHROMIUM_PATH;
  if (given) return existsSync(given) ? given : null;
  return CANDIDATES.find((p) => existsSync(p)) ?? null;
}

export interface BrowserApp {
  baseUrl: string;
  browser: Browser;
  /** A fresh context (its own storage) with one page, at the given width. */
  open(width?: number, height?: number): Promise<{ context: BrowserContext; page: Page }>;
}

export const WEB_DIR = path.join(__dirname, '..', '..', 'dist', 'web');

/**
 * Test files call this at the top of their describe: a database like integration tests, the app on a
 * port, a browser. Without a browser the tests are pending locally (with the install command) and fail
 * under CI=true, so CI never passes without having run them.
 */
export function useBrowserApp(
  overrides: Record<string, string> = {},
  /** More Chromium flags, read at launch (e.g. a fake camera whose video a `before` hook wrote). */
  launchArgs: () => string[] = () => [],
): BrowserApp {
  useTestDb();
  let server: Server | undefined;
  const app = {} as BrowserApp;
  const contexts: BrowserContext[] = [];

  before(async function () {
    this.timeout(120_000);
    const executablePath = chromiumPath();
    if (!executablePath) {
      if (process.env.CI === 'true')
        throw new Error(`No Chromium found for the browser tests: ${INSTALL_BROWSER}`);
      process.stdout.write(`\n  Browser tests pending: no Chromium. Install it with: ${INSTALL_BROWSER}\n`);
      this.skip();
    }
    if (!existsSync(path.join(WEB_DIR, 'index.html'))) {
      throw new Error('The web app is not built: run `npm run build:web` (npm run test:browser does)');
    }
    server = createApp(testConfig(overrides)).listen(0, '127.0.0.1');
    await new Promise<void>((resolve) => server?.once('listening', resolve));
    app.baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    app.browser = await chromium.launch({
      executablePath,
      args: ['--no-sandbox', '--disable-dev-shm-usage', ...launchArgs()],
    });
    app.open = async (width = 1366, height = 900) => {
      const context = await app.browser.newContext({
        viewport: { width, height },
        baseURL: app.baseUrl,
        acceptDownloads: true,
      });
      contexts.push(context);
      const page = await context.newPage();
      page.setDefaultTimeout(15_000);
      return { context, page };
    };
  });

  afterEach(async () => {
    while (contexts.length) await contexts.pop()?.close();
  });

  after(async () => {
    await app.browser?.close();
    await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  });

  return app;
}

/** Signs in through the sign-in page and waits for the workspace. */
export async function signInAs(page: Page, username: string, password: string): Promise<void> {
  await page.goto('/');
  await page.getByLabel('Tên đăng nhập').fill(username);
  await page.getByLabel('Mật khẩu').fill(password);
  await page.getByRole('button', { name: 'Đăng nhập' }).click();
  await page.getByRole('button', { name: 'Đăng xuất' }).waitFor();
}

/**
 * Waits until `expression` is true in the page, asking from here. Not page.waitForFunction with a
 * string: each poll evaluates the string again inside the page, which the app's CSP (no
 * 'unsafe-eval') refuses once the first check was false (Playwright 1.65: "EvalError … unsafe-eval";
 * a function predicate is evaluated once, microsoft/playwright#36986, and is fine).
 */
export async function waitInPage(page: Page, expression: string, timeoutMs = 15_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await page.evaluate(expression))) {
    if (Date.now() > end)
      throw new Error(`Timed out after ${timeoutMs} ms waiting in the page for: ${expression}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

// Run in the page: the elements whose right edge passes the viewport, named by tag and class.
const WIDER_THAN_VIEWPORT = `(() => {
  const out = [];
  for (const el of document.querySelectorAll('body *')) {
    const r = el.getBoundingClientRect();
    if (r.width > 0 && r.right > window.innerWidth + 0.5)
      out.push(el.tagName.toLowerCase() + (el.className ? '.' + String(el.className).split(' ').join('.') : '') + ' ' + Math.round(r.right));
  }
  return { width: document.documentElement.scrollWidth, out: out.slice(0, 8) };
})()`;

/** The page scrolls only up and down (a phone at 360 px); a failure names what sticks out. */
export async function expectNoSideScroll(page: Page): Promise<void> {
  const { width, out } = (await page.evaluate(WIDER_THAN_VIEWPORT)) as { width: number; out: string[] };
  const viewport = page.viewportSize()?.width ?? 0;
  if (width > viewport) throw new Error(`The page is ${width} px wide at ${viewport} px: ${out.join(', ')}`);
}
