// npm run bench:installer-web -- [--runs 5] [--households 300] [--profile]
// DESIGN §12 (web), issue 12: the time to show an installer's worklist **from the device** (offline,
// the batch's pack in IndexedDB) in Chromium at 360 px with 4× CPU slowdown, median of `runs`, each in a
// fresh browser context: sign in online once (the pack is taken onto the device, the service worker
// installed), go offline, then
//   - app start: reload the worklist page until its first household row shows;
//   - in the app: from the batch list, tap the batch until its first household row shows.
// The service runs in this process (createApp) on a scratch database: one commune, one started batch of
// `households` approved households with as many receivers allocated.
import { Readable } from 'node:stream';
import type { Page } from 'playwright-core';
import { addHouseholds, allocateToBatch } from '../../src/batches/assignment';
import { createBatch, startBatch } from '../../src/batches/service';
import { importHouseholds } from '../../src/households/import';
import { HouseholdModel } from '../../src/households/model';
import { approveHousehold } from '../../src/households/review';
import { householdFieldsSchema } from '../../src/households/schemas';
import { parse } from '../../src/http/validate';
import { registerReceivers } from '../../src/receivers/service';
import { SYSTEM_ACTOR } from '../../src/users/roles';
import * as users from '../../src/users/service';
import { requireChromium, showMedian, withAppInBrowser } from './browser-app';
import { BENCH_COMMUNE, numberArg, surveyChunks, withScratchDb } from './scratch';

const runs = numberArg('runs', 5);
const households = numberArg('households', 300);
async function seed(password: string): Promise<string> {
  await importHouseholds(
    {
      communeCode: BENCH_COMMUNE,
      dryRun: false,
      kind: 'csv',
      file: Readable.from(surveyChunks(Math.ceil(households * 1.5))),
    },
    { validateRow: (row) => parse(householdFieldsSchema, row) },
    SYSTEM_ACTOR,
  );
  // Some survey rows are not eligible (no TV…): approve until the batch has `households`.
  const ids: string[] = [];
  for (const h of await HouseholdModel.find({}, { _id: 1 }).lean()) {
    if (ids.length === households) break;
    const approved = await approveHousehold(String(h._id), {}, SYSTEM_ACTOR).catch(() => null);
    if (approved) ids.push(approved.id);
  }
  const installer = await users.createUser(
    { username: 'bench-installer', password, fullName: 'Thợ Đo', role: 'installer', areaCode: '25' },
    SYSTEM_ACTOR,
  );
  const batch = await createBatch(
    {
      provinceCode: '25',
      name: 'Đợt đo – Việt Trì',
      phase: 1,
      communeCodes: [BENCH_COMMUNE],
      receiverType: 'dvb-t2',
      installerIds: [installer.id],
    },
    SYSTEM_ACTOR,
  );
  const serials = ids.map((_, i) => `SN-BENCH-${String(i + 1).padStart(6, '0')}`);
  await registerReceivers(
    {
      provinceCode: '25',
      receivers: serials.map((serial) => ({ serial, type: 'dvb-t2', model: 'DVB-T2 HD-01', lot: 'L1' })),
    },
    SYSTEM_ACTOR,
  );
  await allocateToBatch(batch.id, { serials }, SYSTEM_ACTOR);
  await addHouseholds(batch.id, { householdIds: ids }, SYSTEM_ACTOR);
  await startBatch(batch.id, SYSTEM_ACTOR);
  return batch.id;
}

const firstRow = (page: Page) => page.locator('.wl-item').first().waitFor();
const profile = process.argv.includes('--profile');

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
}

/** With --profile: the functions with the most self time in a CPU profile (where the time goes). */
function topFunctions(p: { nodes: ProfileNode[]; samples: number[]; timeDeltas: number[] }): void {
  const self = new Map<number, number>();
  p.samples.forEach((id, i) => self.set(id, (self.get(id) ?? 0) + (p.timeDeltas[i] ?? 0) / 1000));
  const byName = new Map<string, number>();
  for (const n of p.nodes) {
    const f = n.callFrame;
    const name = `${f.functionName || '(anonymous)'} ${f.url.split('/').pop() ?? ''}:${f.lineNumber}`;
    byName.set(name, (byName.get(name) ?? 0) + (self.get(n.id) ?? 0));
  }
  const top = [...byName.entries()].sort((a, b) => b[1] - a[1]).slice(0, 12);
  for (const [name, ms] of top) console.log(`    ${ms.toFixed(0).padStart(6)} ms  ${name}`);
}

async function main(): Promise<void> {
  const executablePath = requireChromium();
  await withScratchDb(async () => {
    const password = 'bench password 1';
    const batchId = await seed(password);
    const times = { start: [] as number[], tap: [] as number[] };
    await withAppInBrowser(executablePath, async (base, browser) => {
      for (let i = 0; i < runs; i++) {
        const context = await browser.newContext({ viewport: { width: 360, height: 780 }, locale: 'vi-VN' });
        const page = await context.newPage();
        page.setDefaultTimeout(120_000);
        await page.goto(`${base}/`);
        await page.getByLabel('Tên đăng nhập').fill('bench-installer');
        await page.getByLabel('Mật khẩu').fill(password);
        await page.getByRole('button', { name: 'Đăng nhập' }).click();
        await page.getByRole('link', { name: /Đợt đo – Việt Trì/ }).click();
        await firstRow(page);
        await page.waitForFunction('navigator.serviceWorker.controller !== null');
        await context.setOffline(true);
        const cdp = await context.newCDPSession(page);
        await cdp.send('Emulation.setCPUThrottlingRate', { rate: 4 });

        let t = Date.now();
        await page.goto(`${base}/installer/batches/${batchId}`);
        await firstRow(page);
        times.start.push(Date.now() - t);

        await page.goto(`${base}/installer`);
        await page.getByRole('link', { name: /Đợt đo – Việt Trì/ }).waitFor();
        if (profile) {
          await cdp.send('Profiler.enable');
          await cdp.send('Profiler.start');
        }
        t = Date.now();
        await page.getByRole('link', { name: /Đợt đo – Việt Trì/ }).click();
        await firstRow(page);
        times.tap.push(Date.now() - t);
        if (profile) {
          console.log(`\nrun ${i + 1}, tap in the batch list: self time by function`);
          topFunctions((await cdp.send('Profiler.stop')).profile as never);
        }
        await context.close();
        process.stdout.write('.');
      }
    });
    const show = (label: string, xs: number[]) => showMedian(label, 48, xs);
    console.log(
      `\nChromium, 4× CPU slowdown, offline, 360 px; ${runs} runs, a batch of ${households} deliveries:`,
    );
    show('worklist from the device, app start (reload)', times.start);
    show('worklist from the device, tap in the batch list', times.tap);
  });
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
