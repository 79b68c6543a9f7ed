// npm run bench:dashboard -- [--households 35000] [--runs 5]
// Issue 13 / DESIGN §12 (web): the official's coverage dashboard at province scale. On a province of
// `households` households (built through the API as bench:scale does, or a kept one: BENCH_KEEP_DB),
// the official signs in in Chromium at 1366 px, and each run times, in a fresh browser context:
//   - sign-in to dashboard: from pressing "Đăng nhập" until the dashboard is usable: the province's
//     totals, both charts drawn (canvas painted) and the communes' table with its rows;
//   - reload, warm: the same page reloaded with the session and the hashed assets cached.
// Both without throttling (an office PC) and with 4× CPU slowdown (an old one). Prints medians.
import type { Page } from 'playwright-core';
import { showMedian, requireChromium, withAppInBrowser } from './browser-app';
import { PASSWORD, withBenchProvince } from './province';
import { numberArg } from './scratch';

const households = numberArg('households', 35_000);
const runs = numberArg('runs', 5);
const executablePath = requireChromium();

async function dashboardUsable(page: Page): Promise<void> {
  await page.getByRole('heading', { name: /^Tổng quan/ }).waitFor({ timeout: 120_000 });
  await page
    .getByRole('region', { name: 'Toàn địa bàn' })
    .getByText('Đã bàn giao')
    .waitFor({ timeout: 120_000 });
  await page.locator('canvas[data-drawn="true"]').nth(1).waitFor({ timeout: 120_000 });
  await page.locator('table tbody tr').first().waitFor({ timeout: 120_000 });
}

withBenchProvince('01', async ({ api, grow }) => {
  if ((await api.householdTotal('01')) < households * 0.95) await grow(households);
  console.log(
    `Dashboard of province 01 at ${await api.householdTotal('01')} households (${runs} runs each):`,
  );
  await withAppInBrowser(executablePath, async (base, browser) => {
    for (const slowdown of [1, 4]) {
      const signIn: number[] = [];
      const reload: number[] = [];
      for (let i = 0; i < runs; i++) {
        const context = await browser.newContext({ baseURL: base, viewport: { width: 1366, height: 900 } });
        const page = await context.newPage();
        const cdp = await context.newCDPSession(page);
        await cdp.send('Emulation.setCPUThrottlingRate', { rate: slowdown });
        await page.goto('/');
        await page.getByLabel('Tên đăng nhập').fill('bench.official');
        await page.getByLabel('Mật khẩu').fill(PASSWORD);
        let t = performance.now();
        await page.getByRole('button', { name: 'Đăng nhập' }).click();
        await dashboardUsable(page);
        signIn.push(Math.round(performance.now() - t));
        t = performance.now();
        await page.reload();
        await dashboardUsable(page);
        reload.push(Math.round(performance.now() - t));
        await context.close();
      }
      showMedian(`sign-in to dashboard, CPU ×${slowdown}`, 34, signIn);
      showMedian(`reload, warm, CPU ×${slowdown}`, 34, reload);
    }
  });
});
