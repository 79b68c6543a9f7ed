import { expect } from 'chai';
import { DeliveryModel } from '../../src/batches/delivery-model';
import { HandoverFormModel } from '../../src/batches/handover-forms-model';
import type { Page } from 'playwright-core';
import { signInAs, useBrowserApp, waitInPage } from '../support/browser';
import { givenUser } from '../support/factories';
import { barcodeVideo, fakeCameraArgs } from '../support/fake-camera';
import { givenInstallerDay, openWorklist, type Seeded } from '../support/installer-day';
import { screenshot } from '../support/screenshots';

// The installer in the field (issue #12): blank paper forms printed from the batch page and their
// number typed at confirmation; the barcode scanner opened offline (its chunk and the ZXing
// WebAssembly precached by the service worker) reading a Code 128 serial from a fake camera.

const SCANNED = 'SN-SCAN-000777';

/** What the page functions below use of the browser (the tests compile without the DOM types). */
interface InPage {
  caches: { keys(): Promise<string[]>; open(name: string): Promise<{ keys(): Promise<{ url: string }[]> }> };
  document: {
    getElementById(id: string): { value?: string } | null;
    createElement(tag: 'canvas'): Canvas;
  };
  indexedDB: {
    databases(): Promise<{ name?: string }[]>;
    open(name: string): {
      result: {
        transaction(
          s: string,
          m: string,
        ): { objectStore(s: string): { count(): { result: number; onsuccess: (() => void) | null } } };
        close(): void;
      };
      onsuccess: (() => void) | null;
    };
  };
  localStorage: Record<string, string>;
  sessionStorage: Record<string, string>;
  btoa(s: string): string;
}

interface Canvas {
  width: number;
  height: number;
  getContext(kind: '2d'): {
    createImageData(w: number, h: number): { data: Uint8ClampedArray };
    putImageData(d: { data: Uint8ClampedArray }, x: number, y: number): void;
  };
  toBlob(cb: (b: { arrayBuffer(): Promise<ArrayBuffer> }) => void, type: string): void;
}

/** The delivery once the server has stored it as delivered (the app sends in the background). */
async function deliveredOnServer(id: string) {
  const until = Date.now() + 60_000;
  for (;;) {
    const d = await DeliveryModel.findById(id).lean();
    if (d?.status === 'delivered' || Date.now() > until) return d;
    await new Promise((r) => setTimeout(r, 250));
  }
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
    await forms.getByText('XÁC NHẬN CỦA UBND PHƯỜNG DỮU LÂU').first().waitFor();
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
    // "Đã gửi hết" already showed before this save queued its item: wait for the server instead.
    const stored = await deliveredOnServer(an);
    expect(stored?.status).to.equal('delivered');
    expect(stored?.handoverNumber).to.equal(numbers[2]);
  });

  it('offline after one visit online, the scanner opens and reads the Code 128 serial from the camera', async () => {
    const { context, page } = await app.open(360, 780);
    await openWorklist(page, day.installer);
    await waitInPage(page, 'navigator.serviceWorker.controller !== null');
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

  it('a photo of 4000×3000 px is shrunk under 1 MB on the phone, queued offline, uploaded and shown on the handover record with the full head ID', async () => {
    const { context, page } = await app.open(360, 780);
    await openWorklist(page, day.installer);
    await waitInPage(page, 'navigator.serviceWorker.controller !== null');
    // A camera-sized picture of noise (it does not compress): drawn in the page, saved as a PNG file.
    const base64 = await page.evaluate(async () => {
      const g = globalThis as unknown as InPage;
      const canvas = g.document.createElement('canvas');
      canvas.width = 4000;
      canvas.height = 3000;
      const ctx = canvas.getContext('2d');
      const img = ctx.createImageData(4000, 3000);
      for (let i = 0; i < img.data.length; i++) img.data[i] = i % 4 === 3 ? 255 : (i * 2654435761) % 251;
      ctx.putImageData(img, 0, 0);
      const blob = await new Promise<{ arrayBuffer(): Promise<ArrayBuffer> }>((r) =>
        canvas.toBlob(r, 'image/png'),
      );
      const bytes = new Uint8Array(await blob.arrayBuffer());
      let out = '';
      for (let i = 0; i < bytes.length; i += 0x8000)
        out += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
      return g.btoa(out);
    });
    const png = Buffer.from(base64, 'base64');
    expect(png.length).to.be.greaterThan(3 * 1024 * 1024);

    await context.setOffline(true);
    await page.getByText(/Mất mạng/).waitFor();
    const an = await day.deliveryOf('Nguyễn Văn An');
    await page.getByRole('link', { name: /Nguyễn Văn An/ }).click();
    await page.getByRole('button', { name: 'Xác nhận bàn giao' }).click();
    await page.getByLabel('Số sê-ri đầu thu').fill(day.serials[1]);
    await page.getByText('Có', { exact: true }).click();
    await page.locator('#c-photo').setInputFiles({ name: 'anh.png', mimeType: 'image/png', buffer: png });
    const ready = await page.getByText(/Ảnh đã sẵn sàng \(\d+ KB\)/).textContent();
    const kb = Number(/\((\d+) KB\)/.exec(ready ?? '')?.[1]);
    expect(kb).to.be.greaterThan(10).and.lessThan(1024);
    await page.getByRole('button', { name: 'Lưu xác nhận' }).click();
    await page.getByText('2 mục chờ gửi').waitFor();
    expect((await DeliveryModel.findById(an).lean())?.photoId ?? null).to.equal(null);

    await context.setOffline(false);
    await page.getByText('Đã gửi hết').waitFor({ timeout: 30_000 });
    const stored = await DeliveryModel.findById(an).lean();
    expect(stored?.status).to.equal('delivered');
    expect(stored?.photoId).to.be.a('string');
    const [record] = await Promise.all([
      context.waitForEvent('page'),
      page.getByRole('button', { name: 'Mở biên bản bàn giao để in' }).click(),
    ]);
    await record.waitForLoadState('load');
    await record.getByText(day.serials[1]).first().waitFor();
    const html = await record.content();
    expect(html).to.include('data:image/jpeg;base64,');
    const photo = /data:image\/jpeg;base64,([^"]+)"/.exec(html)?.[1] ?? '';
    expect(Buffer.from(photo, 'base64').length).to.be.lessThan(1024 * 1024);
    expect(html).to.include(stored?.household.nationalId ?? 'no ID');
  });

  it('after sign-out nothing of the installer stays on the device, and another installer signing in sees none of it', async () => {
    const { page } = await app.open(360, 780);
    await openWorklist(page, day.installer);
    await waitInPage(page, 'navigator.serviceWorker.controller !== null');
    const before = await deviceContents(page);
    expect(before.databases).to.include('dtv-installer');
    expect(before.packs).to.equal(1);

    await page.getByRole('button', { name: 'Đăng xuất' }).click();
    await page.getByLabel('Tên đăng nhập').waitFor();
    await page.waitForFunction(async () => {
      const dbs = await (globalThis as unknown as InPage).indexedDB.databases();
      return !dbs.some((d) => d.name === 'dtv-installer');
    });
    const after = await deviceContents(page);
    expect(after.databases).to.not.include('dtv-installer');
    expect(after.cached.filter((u) => u.includes('/api/'))).to.deep.equal([]);
    expect(after.storage).to.deep.equal([]);

    const other = await givenUser('installer', '25', { login: false });
    await signInAs(page, other.username, other.password);
    await page.getByRole('heading', { name: 'Đợt lắp đặt của tôi' }).waitFor();
    await page.getByText(/Bạn chưa được giao đợt lắp đặt nào/).waitFor();
    expect(await page.getByText('Đợt 1 – Việt Trì').count()).to.equal(0);
    expect((await deviceContents(page)).packs).to.equal(0);
    await page.goto(`/installer/batches/${day.batchId}`);
    await page.getByText(/Chưa có dữ liệu trên máy/).waitFor();
    expect(await page.getByText('Nguyễn Văn An').count()).to.equal(0);
  });
});

/** IndexedDB databases and packs, cached URLs and web storage keys of the page's origin. */
async function deviceContents(page: Page) {
  return page.evaluate(async () => {
    const g = globalThis as unknown as InPage;
    const databases = (await g.indexedDB.databases()).map((d) => d.name ?? '');
    let packs = 0;
    if (databases.includes('dtv-installer')) {
      packs = await new Promise<number>((resolve) => {
        const open = g.indexedDB.open('dtv-installer');
        open.onsuccess = () => {
          const req = open.result.transaction('packs', 'readonly').objectStore('packs').count();
          req.onsuccess = () => {
            open.result.close();
            resolve(req.result);
          };
        };
      });
    }
    const cached: string[] = [];
    for (const name of await g.caches.keys())
      for (const r of await (await g.caches.open(name)).keys()) cached.push(r.url);
    const storage = [...Object.keys(g.localStorage), ...Object.keys(g.sessionStorage)].filter(
      (k) => k !== 'dtv.lang',
    );
    return { databases, packs, cached, storage };
  });
}
