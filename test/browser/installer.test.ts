import { expect } from 'chai';
import { AuditModel } from '../../src/audit/model';
import { confirmDelivery } from '../../src/batches/completion';
import { DeliveryModel } from '../../src/batches/delivery-model';
import { SYSTEM_ACTOR } from '../../src/users/roles';
import { useBrowserApp, waitInPage } from '../support/browser';
import { confirmOnPhone, givenInstallerDay, openWorklist, type Seeded } from '../support/installer-day';
import { screenshot } from '../support/screenshots';

// The installer's day (issue #12): the worklist on the phone, confirmations and failures online and
// offline, refusals in words, the handover record printed by Chromium.

describe('browser: installer', function () {
  this.timeout(90_000);
  const app = useBrowserApp();
  let day: Seeded;

  beforeEach(async () => {
    day = await givenInstallerDay();
  });

  it('online at 360 px: the worklist by commune name and village, search without marks, one household, and a confirmation by another member of the household', async () => {
    const { page } = await app.open(360, 780);
    await openWorklist(page, day.installer);

    await page.getByRole('heading', { name: /Thôn Đồng Sơn/ }).waitFor();
    expect(await page.getByRole('heading', { name: /Khu 4/ }).textContent()).to.contain('2 cần làm / 2 hộ');
    expect(await page.locator('main').textContent()).not.to.contain('07888');
    await screenshot(page, 'installer-worklist-360');

    await page.getByLabel('Tìm theo tên chủ hộ hoặc địa chỉ').fill('nguyen van an');
    await page.getByRole('link', { name: /Nguyễn Văn An/ }).waitFor();
    expect(await page.getByRole('link', { name: /Trần Thị Bình/ }).count()).to.equal(0);
    await page.getByRole('link', { name: /Nguyễn Văn An/ }).click();

    const call = page.getByRole('link', { name: 'Gọi 0912345601' });
    expect(await call.getAttribute('href')).to.equal('tel:0912345601');
    const id = await page.getByText(/^\*+\d{4}$/).textContent();
    expect(id).to.match(/^\*+\d{4}$/);

    await page.getByRole('button', { name: 'Xác nhận bàn giao' }).click();
    await page.getByLabel('Số sê-ri đầu thu').fill('KHONG-CO-SO-NAY');
    await page.getByText('Số sê-ri này không có trong danh sách đầu thu của đợt').waitFor();
    await page.getByLabel('Số sê-ri đầu thu').fill(day.serials[0].toLowerCase());
    await page.getByRole('textbox', { name: 'Người nhận', exact: true }).fill('Nguyễn Thị Hoà');
    await page.getByText('Đúng đầu thu của đợt này.').waitFor();
    // The whole serial shows at 360 px: the installer reads it against the box.
    const serialBox = page.getByLabel('Số sê-ri đầu thu');
    const [scroll, client] = await serialBox.evaluate((el: { scrollWidth: number; clientWidth: number }) => [
      el.scrollWidth,
      el.clientWidth,
    ]);
    expect(scroll, 'the serial is not cut off').to.be.at.most(client);
    await page.getByLabel('4 số cuối giấy tờ của người nhận').fill('9876');
    await page.getByLabel('Quan hệ với chủ hộ').waitFor();
    await page.getByText('Có', { exact: true }).click();
    await page.getByRole('button', { name: 'Lưu xác nhận' }).click();
    await page.getByText('Quan hệ với chủ hộ: người nhận không phải chủ hộ').waitFor();
    // The refused submit moves focus to the field to fix, in view below the sticky sync bar.
    await waitInPage(page, "document.activeElement && document.activeElement.id === 'c-rel'");
    const bar = await page.locator('.sync-bar').boundingBox();
    const field = await page.getByLabel('Quan hệ với chủ hộ').boundingBox();
    expect(field!.y, 'the field is not under the sync bar').to.be.at.least(bar!.y + bar!.height);
    expect(field!.y + field!.height).to.be.at.most(780);
    await page.getByLabel('Quan hệ với chủ hộ').fill('vợ');
    await screenshot(page, 'installer-confirm-360');
    await page.getByRole('button', { name: 'Lưu xác nhận' }).click();

    await page.getByText('Đã gửi hết').waitFor();
    await page.getByRole('button', { name: 'Mở biên bản bàn giao để in' }).waitFor();
    const stored = await DeliveryModel.findById(await day.deliveryOf('Nguyễn Văn An')).lean();
    expect(stored?.status).to.equal('delivered');
    expect(stored?.serial).to.equal(day.serials[0]);
    expect(stored?.recipientName).to.equal('Nguyễn Thị Hoà');
    expect(stored?.recipientIdLast4).to.equal('9876');
  });

  it('offline: two confirmations and a failure survive a reload and arrive exactly once when the network returns', async () => {
    const { context, page } = await app.open(360, 780);
    await openWorklist(page, day.installer);
    await waitInPage(page, 'navigator.serviceWorker.controller !== null');

    await context.setOffline(true);
    await page.getByText(/Mất mạng/).waitFor();
    await confirmOnPhone(page, 'Nguyễn Văn An', day.serials[0]);
    await confirmOnPhone(page, 'Lê Văn Cường', day.serials[1]);
    await page.getByRole('link', { name: /Trần Thị Bình/ }).click();
    await page.getByRole('button', { name: 'Không lắp được' }).click();
    await page.getByText('Vắng nhà').click();
    await page.getByText('Hộ vẫn ở trong đợt để quay lại lần sau.').waitFor();
    await page.getByRole('button', { name: 'Lưu lý do' }).click();
    await page.getByText('3 mục chờ gửi').waitFor();
    // The bar's button says what it will do: send what waits, or, with nothing waiting, fetch the list.
    expect(await page.getByRole('button', { name: 'Gửi ngay' }).isDisabled(), 'offline').to.equal(true);

    await page.reload();
    await page.getByText('3 mục chờ gửi').waitFor();
    await page.getByText(/Mất mạng/).waitFor();
    expect(await DeliveryModel.countDocuments({ batchId: day.batchId, status: 'delivered' })).to.equal(0);

    await context.setOffline(false);
    await page.getByText('Đã gửi hết').waitFor({ timeout: 30_000 });
    await page.getByRole('button', { name: 'Cập nhật danh sách' }).waitFor();

    const delivered = await DeliveryModel.find({ batchId: day.batchId, status: 'delivered' }).lean();
    expect(delivered.map((d) => d.serial).sort()).to.deep.equal([day.serials[0], day.serials[1]].sort());
    const binh = await day.deliveryOf('Trần Thị Bình');
    const confirmed = await AuditModel.countDocuments({ action: 'delivery.confirmed' });
    const failed = await AuditModel.countDocuments({ action: 'delivery.failed', entityId: binh });
    expect(confirmed).to.equal(2);
    expect(failed).to.equal(1);
    const revisit = await DeliveryModel.findById(binh).lean();
    expect(revisit?.status).to.equal('pending');
    expect(revisit?.attempts).to.have.length(1);
    await page.getByRole('link', { name: /Về danh sách/ }).click();
    await page.getByRole('link', { name: /Trần Thị Bình/ }).click();
    await page.getByText('Đã đến 1 lần chưa lắp được').waitFor();
  });

  it('the handover record opens from the app without a token in its URL and Chromium prints it to an A4 PDF with the key fields', async () => {
    const { context, page } = await app.open(360, 780);
    await openWorklist(page, day.installer);
    await confirmOnPhone(page, 'Nguyễn Văn An', day.serials[3]);
    await page.getByText('Đã gửi hết').waitFor();
    await page.getByText('Đã bàn giao', { exact: true }).click();
    await page.getByRole('link', { name: /Nguyễn Văn An/ }).click();

    const [record] = await Promise.all([
      context.waitForEvent('page'),
      page.getByRole('button', { name: 'Mở biên bản bàn giao để in' }).click(),
    ]);
    await record.waitForLoadState('load');
    await record.getByText(day.serials[3]).first().waitFor();
    expect(record.url()).to.match(/^blob:/);
    expect(record.url()).not.to.contain(day.installer.username);
    const pdf = await record.pdf({ format: 'A4', printBackground: true });
    await record.setViewportSize({ width: 794, height: 1123 });
    await screenshot(record, 'installer-handover-record');

    const { extractText } = await import('unpdf');
    const { text } = await extractText(new Uint8Array(pdf), { mergePages: true });
    expect(pdf.subarray(0, 5).toString()).to.equal('%PDF-');
    // Table cells wrap (a serial over two lines): compare without white space.
    const flat = (t: string) => t.normalize('NFC').replace(/\s+/g, '');
    for (const field of [
      'BIÊN BẢN BÀN GIAO',
      'Nguyễn Văn An',
      day.serials[3],
      'Phường Dữu Lâu',
      'ĐẠI DIỆN BÊN NHẬN',
    ])
      expect(flat(text)).to.contain(flat(field));
  });

  it('when the same receiver was confirmed at another household meanwhile, then the refusal is shown in words and kept until dismissed', async () => {
    const { context, page } = await app.open(360, 780);
    await openWorklist(page, day.installer);

    await context.setOffline(true);
    await page.getByText(/Mất mạng/).waitFor();
    await confirmOnPhone(page, 'Nguyễn Văn An', day.serials[2]);
    await confirmDelivery(
      await day.deliveryOf('Phạm Thị Dung'),
      {
        serial: day.serials[2],
        recipientName: 'Phạm Thị Dung',
        recipientIdLast4: '0000',
        recipientRelation: 'con',
        signalReceived: true,
      },
      SYSTEM_ACTOR,
    );
    await context.setOffline(false);

    const refusal = page.getByRole('alert').filter({ hasText: 'Hệ thống không nhận' });
    await refusal.waitFor({ timeout: 30_000 });
    // A refused item is not sent: the bar says so, not "Đã gửi hết".
    await page.getByText('1 mục bị trả lại, xem bên dưới', { exact: true }).waitFor();
    expect(await page.getByText('Đã gửi hết').count()).to.equal(0);
    expect(await refusal.textContent()).to.contain('Nguyễn Văn An');
    expect(await refusal.textContent()).to.contain('Hãy đọc lại số sê-ri trên hộp');
    await screenshot(page, 'installer-conflict-360');
    await page.reload();
    await refusal.waitFor();
    await refusal.getByRole('button', { name: /Đã hiểu/ }).click();
    await refusal.waitFor({ state: 'detached' });
    expect(await page.getByText('1 mục chờ gửi').count()).to.equal(0);
    await page.getByText('Đã gửi hết').waitFor();
  });
});
