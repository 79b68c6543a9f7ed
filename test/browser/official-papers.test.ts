import { expect } from 'chai';
import ExcelJS from 'exceljs';
import { readFile } from 'node:fs/promises';
import * as areas from '../../src/areas/service';
import { ReceiverModel } from '../../src/receivers/model';
import request from 'supertest';
import { testApp } from '../support/app';
import { deliveryIdOf, givenStartedBatch, givenStock } from '../support/batches';
import { confirmDeliveries } from '../support/deliveries';
import { expectNoSideScroll, signInAs, useBrowserApp } from '../support/browser';
import { givenAreas, givenUser, type GivenUser } from '../support/factories';
import { screenshot } from '../support/screenshots';

// The official's paperwork and stock pages (issue 13 items 2, 3, 5), in Chromium against the real
// service: the acceptance papers and payment totals, receivers and inventory, targets.

describe('browser: official papers and stock', function () {
  this.timeout(240_000);
  const app = useBrowserApp();
  let official: GivenUser;

  beforeEach(async () => {
    await givenAreas();
    official = await givenUser('official', '25', { login: false });
  });

  describe('acceptance papers', () => {
    it('when the official opens a batch’s papers and downloads the .xlsx, then the delivered households, the failure and the totals show and the file keeps the leading-zero ID as text', async () => {
      // Confirmed and failed by the batch's installer through the API, as on the ground: the papers
      // name that installer (never the system actor of a script).
      const given = await givenStartedBatch({ receivers: 3, households: 3 });
      const { batch, serials, households, installer } = given;
      const auth = (await givenUser('official', '25')).auth;
      await confirmDeliveries(given, households.slice(0, 2), auth);
      await request(testApp)
        .post(`/api/v1/deliveries/${await deliveryIdOf(households[2].id, auth)}/fail`)
        .set(installer.auth)
        .send({ reason: 'absent' })
        .expect(200);

      const { page } = await app.open();
      await signInAs(page, official.username, official.password);
      await page.getByRole('link', { name: 'Nghiệm thu' }).click();
      await page.getByText('Hãy chọn một đợt lắp đặt hoặc một xã/phường').waitFor();
      await page.getByLabel('Đợt lắp đặt').selectOption({ label: `${batch.code} · ${batch.name}` });
      await page.getByRole('button', { name: 'Xem hồ sơ' }).click();

      await page.getByRole('heading', { name: `Nghiệm thu đợt ${batch.code} · ${batch.name}` }).waitFor();
      const totals = page.getByRole('region', { name: 'Tổng hợp' });
      expect(await totals.locator('div', { hasText: 'Hộ đã bàn giao' }).locator('dd').textContent()).to.equal(
        '2',
      );
      const delivered = page.getByRole('region', { name: 'Danh sách hộ đã bàn giao (2 hộ)' });
      const first = delivered.getByRole('row', { name: new RegExp(households[0].head.fullName) });
      await first.getByText(households[0].head.nationalId).waitFor();
      await first.getByText(serials[0]).waitFor();
      await first.getByText(installer.fullName, { exact: true }).waitFor();
      const failures = page.getByRole('region', { name: 'Lượt lắp đặt không thành (1)' });
      await failures.getByRole('row', { name: /Vắng nhà\s*Tạm thời/ }).waitFor();
      const payment = page.getByRole('region', { name: /Tổng hợp thanh toán toàn địa bàn/ });
      await payment.getByRole('row', { name: /Phường Dữu Lâu.*2/ }).waitFor();
      await screenshot(page, 'official-acceptance-1366');

      const [download] = await Promise.all([
        page.waitForEvent('download'),
        page.getByRole('button', { name: 'Tải hồ sơ (.xlsx)' }).click(),
      ]);
      expect(download.suggestedFilename()).to.match(/^nghiem-thu-25-D1-\d{3}-\d{4}-\d{2}-\d{2}\.xlsx$/);
      const book = new ExcelJS.Workbook();
      await book.xlsx.load((await readFile(await download.path())).buffer as ArrayBuffer);
      const sheet = book.getWorksheet('Đã bàn giao');
      expect(sheet?.getCell('E1').value).to.equal('Số CCCD/CMND');
      const ids = [sheet?.getCell('E2').value, sheet?.getCell('E3').value];
      expect(ids).to.deep.equal([households[0].head.nationalId, households[1].head.nationalId]);
      expect(ids[0]).to.match(/^0\d{11}$/);
      expect(sheet?.getCell('E2').type).to.equal(ExcelJS.ValueType.String);
      expect(sheet?.getCell('E2').numFmt).to.equal('@');
      expect(sheet?.getCell('H2').value).to.equal(serials[0]);
      expect(sheet?.getCell('K1').value).to.equal('Người lắp đặt');
      expect([sheet?.getCell('K2').value, sheet?.getCell('K3').value]).to.deep.equal([
        installer.fullName,
        installer.fullName,
      ]);
      expect(book.getWorksheet('Không thành')?.getCell('I2').value).to.equal(installer.fullName);
      expect(book.getWorksheet('Không thành')?.getCell('F2').value).to.equal('vắng nhà');

      const phone = await app.open(360, 780);
      await signInAs(phone.page, official.username, official.password);
      await phone.page.goto(`/acceptance?batch=${batch.id}`);
      await phone.page.getByRole('heading', { name: new RegExp(`Nghiệm thu đợt ${batch.code}`) }).waitFor();
      await phone.page
        .getByRole('row', { name: /Phường Dữu Lâu/ })
        .first()
        .waitFor();
      await expectNoSideScroll(phone.page);
      await screenshot(phone.page, 'official-acceptance-360');
    });
  });
  describe('receivers and inventory', () => {
    it('when the province holds more receivers than one page, then a pager reaches the rest', async () => {
      await givenStock('25', 105);
      const { page } = await app.open(360, 800);
      await signInAs(page, official.username, official.password);
      await page.goto('/receivers');
      await page.getByText('105 đầu thu').waitFor();
      const pager = page.getByRole('navigation', { name: 'Trang 1/2' });
      expect(await page.locator('table.list tbody tr').count()).to.equal(100);
      await pager.getByRole('link', { name: 'Trang sau' }).click();
      await page.getByRole('navigation', { name: 'Trang 2/2' }).waitFor();
      await page.getByText('SN-', { exact: false }).nth(4).waitFor();
      expect(await page.locator('table.list tbody tr').count()).to.equal(5);
      await expectNoSideScroll(page);
      await screenshot(page, 'official-receivers-page-2-360');
    });

    it('when the official marks a box defective and imports a supplier file, then the row report names the bad row and the inventory adds up', async () => {
      const serials = await givenStock('25', 3);
      const { page } = await app.open();
      await signInAs(page, official.username, official.password);
      await page.getByRole('link', { name: 'Đầu thu' }).click();
      await page.getByRole('heading', { name: 'Đầu thu', exact: true }).waitFor();
      await page.getByText('3 đầu thu').waitFor();

      const row = page.getByRole('row', { name: new RegExp(serials[0]) });
      await row.getByRole('button', { name: 'Đổi tình trạng' }).click();
      const form = row.getByRole('form', { name: `Đổi tình trạng đầu thu ${serials[0]}` });
      await form.getByLabel('Đổi tình trạng').selectOption({ label: 'Báo hỏng' });
      await form.getByLabel('Lý do (bắt buộc)').fill('Không lên nguồn');
      await form.getByRole('button', { name: 'Lưu' }).click();
      await row.getByText(`Đầu thu ${serials[0]}: Hỏng.`).waitFor();
      expect((await ReceiverModel.findOne({ serial: serials[0] }).lean())?.status).to.equal('defective');

      const csv = [
        'Số serial,Loại,Model,Nhà cung cấp,Lô',
        'NEW-0001,dvb-t2,HD-02,Công ty Ánh Sao,L2',
        'NEW-0002,dvb-t2,HD-02,Công ty Ánh Sao,L2',
        'NEW-0003,truyền hình cáp,HD-02,Công ty Ánh Sao,L2',
        `${serials[1]},dvb-t2,HD-01,,L1`,
      ].join('\n');
      await page.getByText('Chọn tệp', { exact: true }).waitFor();
      await page
        .locator('#receivers-file')
        .setInputFiles({ name: 'dau-thu.csv', mimeType: 'text/csv', buffer: Buffer.from(csv, 'utf8') });
      await page.getByRole('button', { name: 'Kiểm tra tệp' }).click();
      const report = page.getByRole('group', { name: 'Kết quả kiểm tra tệp' });
      await report.getByRole('row', { name: /Dòng 4/ }).waitFor();
      await report.getByText(`Dòng 5: ${serials[1]} đã có trong hệ thống (Trong kho).`).waitFor();
      expect(await ReceiverModel.countDocuments({ serial: 'NEW-0001' })).to.equal(0);
      await screenshot(page, 'official-receivers-1366');
      await page.getByRole('button', { name: 'Nhập 2 đầu thu vào kho' }).click();
      await page.getByText('Đã nhập 2 đầu thu vào kho.').waitFor();
      expect(await ReceiverModel.countDocuments({ serial: { $in: ['NEW-0001', 'NEW-0002'] } })).to.equal(2);

      await page.getByRole('link', { name: 'Xem báo cáo tồn kho →' }).click();
      const byType = page.getByRole('table', { name: 'Theo loại đầu thu' });
      await byType.getByRole('row', { name: /Đầu thu mặt đất DVB-T2\s*5\s*4\s*0\s*0\s*1\s*0/ }).waitFor();
      const byLot = page.getByRole('table', { name: 'Theo lô hàng' });
      await byLot.getByRole('row', { name: /L2 · Đầu thu mặt đất DVB-T2\s*2\s*2/ }).waitFor();
      // No batch yet: nothing was compared, and the page does not claim a clean result.
      await page.getByText('Chưa có đợt lắp đặt nào để đối chiếu đầu thu với lượt lắp đặt.').waitFor();
      await screenshot(page, 'official-inventory-1366');
      const [download] = await Promise.all([
        page.waitForEvent('download'),
        page.getByRole('button', { name: 'Tải báo cáo (.xlsx)' }).click(),
      ]);
      expect(download.suggestedFilename()).to.match(/^ton-kho-dau-thu-25-.*\.xlsx$/);
    });
  });
  describe('targets and switch-off date', () => {
    it('when the official edits targets in the table, imports a file with a bad row and sets the switch-off date, then each is stored and the bad row is named', async () => {
      const { page } = await app.open();
      await signInAs(page, official.username, official.password);
      await page.getByRole('link', { name: 'Chỉ tiêu xã' }).click();
      await page.getByRole('heading', { name: 'Chỉ tiêu xã và ngày tắt sóng' }).waitFor();
      await page.getByLabel('Hộ nghèo – Phường Dữu Lâu').fill('10');
      await page.getByLabel('Hộ cận nghèo – Phường Dữu Lâu').fill('5');
      await page.getByLabel('Năm danh sách – Phường Dữu Lâu').fill('2024');
      await page.getByRole('button', { name: 'Lưu các thay đổi (1 xã)' }).click();
      await page.getByText('Đã lưu 1 xã, 0 xã không đổi, 0 xã bị từ chối.').waitFor();
      expect((await areas.findArea('07888'))?.targets).to.include({ poor: 10, nearPoor: 5, listYear: 2024 });

      await page.locator('#switch-off').fill('31/3/2027');
      await page.getByRole('button', { name: 'Lưu ngày tắt sóng' }).click();
      await page.getByText('Đã lưu ngày tắt sóng: 31/03/2027.').waitFor();
      expect((await areas.findArea('25'))?.switchOffDate).to.equal('2027-03-31');

      const csv = [
        'Mã xã,Tên xã,Số hộ nghèo,Số hộ cận nghèo,Năm danh sách',
        '07891,Phường Vân Cơ,4,2,2024',
        '07894,,-3,1,2024',
      ].join('\n');
      await page
        .locator('#targets-file')
        .setInputFiles({ name: 'chi-tieu.csv', mimeType: 'text/csv', buffer: Buffer.from(csv, 'utf8') });
      await page.getByRole('button', { name: 'Kiểm tra tệp' }).click();
      const report = page.getByRole('group', { name: 'Nhập chỉ tiêu từ tệp Excel' });
      await report.getByRole('row', { name: /Dòng 3/ }).waitFor();
      await screenshot(page, 'official-targets-1366');
      await report.getByRole('button', { name: 'Lưu chỉ tiêu từ tệp' }).click();
      await page.getByText('Đã lưu chỉ tiêu từ tệp.').waitFor();
      expect((await areas.findArea('07891'))?.targets).to.include({ poor: 4, nearPoor: 2 });
    });
  });
});
