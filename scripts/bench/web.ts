// npm run bench:web -- [--runs 5] [--households 300]
// DESIGN §12 (web): the app's JavaScript gzipped, per file of the build, and the time to the first usable
// screen in Chromium with 4× CPU slowdown and DevTools' "Slow 3G" network (2 s round trip, 400 kbit/s),
// median of `runs`, each in a fresh browser context:
//   - sign-in page, cold: nothing cached; until the "Đăng nhập" button can be pressed;
//   - clerk's list after sign-in: from pressing "Đăng nhập" until the first household row shows;
//   - clerk's list on reload, warm: session saved, hashed assets from the browser cache (every later visit).
// The service runs in this process (createApp) on a scratch database: one commune, `households` of its survey.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import { gzipSync } from 'node:zlib';
import type { BrowserContext, Page } from 'playwright-core';
import { importHouseholds } from '../../src/households/import';
import { householdFieldsSchema } from '../../src/households/schemas';
import { parse } from '../../src/http/validate';
import { SYSTEM_ACTOR } from '../../src/users/roles';
import * as users from '../../src/users/service';
import { WEB_DIR } from '../../test/support/browser';
import { requireChromium, showMedian, withAppInBrowser } from './browser-app';
import { BENCH_COMMUNE, numberArg, surveyChunks, withScratchDb } from './scratch';

const runs = numberArg('runs', 5);
const households = numberArg('households', 300);
const SLOW_3G = { offline: false, latency: 2000, downloadThroughput: 51_200, uploadThroughput: 51_200 };

function sizes(): void {
  const dir = path.join(WEB_DIR, 'assets');
  const files = readdirSync(dir).filter((f) => /\.(js|css)$/.test(f));
  let js = 0;
  console.log('\nBuilt files (dist/web/assets), bytes raw → gzipped (level 9):');
  for (const f of files) {
    const raw = readFileSync(path.join(dir, f));
    const gz = gzipSync(raw, { level: 9 }).length;
    if (f.endsWith('.js')) js += gz;
    console.log(`  ${f.padEnd(32)} ${String(raw.length).padStart(8)} → ${String(gz).padStart(7)}`);
  }
  console.log(`  JavaScript total gzipped: ${(js / 1024).toFixed(1)} kB (target < 200 kB)`);
}

async function throttled(context: BrowserContext): Promise<Page> {
  const page = await context.newPage();
  page.setDefaultTimeout(120_000);
  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.emulateNetworkConditions', SLOW_3G);
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: 4 });
  return page;
}

async function main(): Promise<void> {
  const executablePath = requireChromium();
  sizes();
  await withScratchDb(async () => {
    await importHouseholds(
      {
        communeCode: BENCH_COMMUNE,
        dryRun: false,
        kind: 'csv',
        file: Readable.from(surveyChunks(households)),
      },
      { validateRow: (row) => parse(householdFieldsSchema, row) },
      SYSTEM_ACTOR,
    );
    const password = 'bench password 1';
    await users.createUser(
      {
        username: 'bench-clerk',
        password,
        fullName: 'Cán bộ Đo',
        role: 'commune_staff',
        areaCode: BENCH_COMMUNE,
      },
      SYSTEM_ACTOR,
    );
    const times = { signIn: [] as number[], list: [] as number[], warm: [] as number[] };
    await withAppInBrowser(executablePath, async (base, browser) => {
      for (let i = 0; i < runs; i++) {
        const context = await browser.newContext({ viewport: { width: 360, height: 780 }, locale: 'vi-VN' });
        const page = await throttled(context);
        let t = Date.now();
        await page.goto(`${base}/`);
        await page.getByRole('button', { name: 'Đăng nhập' }).waitFor();
        times.signIn.push(Date.now() - t);

        await page.getByLabel('Tên đăng nhập').fill('bench-clerk');
        await page.getByLabel('Mật khẩu').fill(password);
        t = Date.now();
        await page.getByRole('button', { name: 'Đăng nhập' }).click();
        await page.getByRole('table').getByRole('row').nth(1).waitFor();
        times.list.push(Date.now() - t);

        t = Date.now();
        await page.reload();
        await page.getByRole('table').getByRole('row').nth(1).waitFor();
        times.warm.push(Date.now() - t);
        await context.close();
        process.stdout.write('.');
      }
    });
    const show = (label: string, xs: number[]) => showMedian(label, 44, xs);
    console.log(
      `\nChromium, 4× CPU slowdown, Slow 3G (2 s RTT, 400 kbit/s), 360 px; ${runs} runs, ${households} households:`,
    );
    show('sign-in page, cold (nothing cached)', times.signIn);
    show("clerk's list after pressing Đăng nhập", times.list);
    show("clerk's list on reload (assets cached)", times.warm);
  });
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
