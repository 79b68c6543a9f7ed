import { expect } from 'chai';
import { DeliveryModel } from '../../src/batches/delivery-model';
import { HandoverFormModel } from '../../src/batches/handover-forms-model';
import { useBrowserApp } from '../support/browser';
import { barcodeVideo, fakeCameraArgs } from '../support/fake-camera';
import { givenInstallerDay, openWorklist, type Seeded } from '../support/installer-day';
import { screenshot } from '../support/screenshots';

// The installer in the field (issue #12): blank paper forms printed from the batch page and their
// number typed at confirmation; the barcode scanner opened offline (its chunk and the ZXing
// WebAssembly precached by the service worker) reading a Code 128 serial from a fake camera.

const SCANNED = 'SN-SCAN-000777';

/** What the page functions below use of the browser (the tests compile without the DOM types). */
interface InPage {
  caches: { open(name: string): Promise<{ keys(): Promise<{ url: string }[]> }> };
  document: { getElementById(id: string): { value?: string } | null };
}

describe('browser: installer in the field', function () {
  this.timeout(120_000);
  let video = '';
  before(async () => {
    video = await barcodeVideo(SCANNED);
  });
  const app = useBrowserApp({}, () => fakeCameraArgs(video));
  let day: Seeded;

  beforeEach(async () => {
    day = await givenInstallerDay([SCANNED]);
  });

  it('at 360 px the installer prints numbered blank forms, then types a paper number at confirmation and the delivery carries it', async () => {
    const { context, page } = await app.open(360, 780);
    await openWorklist(page, day.installer);
    await page.getByRole('heading', { name: 'Biên bản trắng' }).scrollIntoViewIfNeeded();
    await page.getByLabel('Số tờ cần in').selectOption('5');
    await screenshot(page, 'installer-blank-forms-360');

    const [forms] = await Promise.all([
      context.waitForEvent('page'),
      page.getByRole('button', { name: 'In biên bản trắng' }).click(),
    ]);
    await forms.waitForLoadState('load');
    await forms.getByText('XÁC NHẬN CỦA UBND XÃ').first().waitFor();
    expect(forms.url()).to.match(/^blob:/);
    await page.getByText(/Đã giữ 5 số, từ \d{6}\/\d{4}\/BB-BG đến/).waitFor();
    const reserved = await HandoverFormModel.findOne({ batchId: day.batchId }).lean();
    expect(reserved?.numbers).to.have.length(5);
    const numbers = reserved?.numbers ?? [];
    expect(await forms.locator('section.page').count()).to.equal(5);
    await forms.setViewportSize({ width: 794, height: 1123 });
    await screenshot(forms, 'installer-blank-form');
    await forms.close();

    const an = await day.deliveryOf('Nguyễn Văn An');
    await page.goto(`/installer/deliveries/${an}`);
    await page.getByRole('button', { name: 'Xác nhận bàn giao' }).click();
    await page.getByLabel('Số sê-ri đầu thu').fill(day.serials[0]);
    await page.getByText('Có', { exact: true }).click();
    await page.getByLabel(/Số biên bản giấy/).fill('BB-12');
    await page.getByRole('button', { name: 'Lưu xác nhận' }).click();
    await page.getByText(/hãy gõ đúng số in trên biên bản/).waitFor();
    const typed = numbers[2].replace(/^0+/, '').replace('/BB-BG', '');
    await page.getByLabel(/Số biên bản giấy/).fill(typed);
    await page.getByRole('button', { name: 'Lưu xác nhận' }).click();
    await page.getByText('Đã gửi hết').waitFor({ timeout: 30_000 });
    const stored = await DeliveryModel.findById(an).lean();
    expect(stored?.status).to.equal('delivered');
    expect(stored?.handoverNumber).to.equal(numbers[2]);
  });

  it('offline after one visit online, the scanner opens and reads the Code 128 serial from the camera', async () => {
    const { context, page } = await app.open(360, 780);
    await openWorklist(page, day.installer);
    await page.waitForFunction('navigator.serviceWorker.controller !== null');
    await page.waitForFunction(
      async () => {
        const { caches } = globalThis as unknown as InPage;
        const urls = (await (await caches.open('dtv-shell-v2')).keys()).map((r) => r.url);
        return (
          urls.some((u) => /zxing_reader-.*\.wasm$/.test(u)) && urls.some((u) => /scanner-.*\.js$/.test(u))
        );
      },
      undefined,
      { timeout: 30_000 },
    );

    await context.setOffline(true);
    await page.reload();
    await page.getByText(/Mất mạng/).waitFor();
    await page.getByRole('link', { name: /Lê Văn Cường/ }).click();
    await page.getByRole('button', { name: 'Xác nhận bàn giao' }).click();
    await page.getByRole('button', { name: 'Quét mã' }).click();
    await page.getByRole('group', { name: 'Quét mã vạch' }).waitFor();
    await screenshot(page, 'installer-scanner-offline-360');
    await page.waitForFunction(
      (want) => (globalThis as unknown as InPage).document.getElementById('c-serial')?.value === want,
      SCANNED,
      { timeout: 30_000 },
    );
    await page.getByText('Đúng đầu thu của đợt này.').waitFor();
  });
});
