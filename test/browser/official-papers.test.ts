import { expect } from 'chai';
import ExcelJS from 'exceljs';
import { readFile } from 'node:fs/promises';
import { confirmDelivery, failDelivery } from '../../src/batches/completion';
import { SYSTEM_ACTOR } from '../../src/users/roles';
import { confirmBody, deliveryIdOf, givenStartedBatch } from '../support/batches';
import { signInAs, useBrowserApp } from '../support/browser';
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
      const { batch, serials, households } = await givenStartedBatch({ receivers: 3, households: 3 });
      const auth = (await givenUser('official', '25')).auth;
      for (const i of [0, 1])
        await confirmDelivery(
          await deliveryIdOf(households[i].id, auth),
          confirmBody(serials[i]),
          SYSTEM_ACTOR,
        );
      await failDelivery(await deliveryIdOf(households[2].id, auth), { reason: 'absent' }, SYSTEM_ACTOR);

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
      expect(book.getWorksheet('Không thành')?.getCell('F2').value).to.equal('vắng nhà');

      const phone = await app.open(360, 780);
      await signInAs(phone.page, official.username, official.password);
      await phone.page.goto(`/acceptance?batch=${batch.id}`);
      await phone.page.getByRole('heading', { name: new RegExp(`Nghiệm thu đợt ${batch.code}`) }).waitFor();
      await phone.page
        .getByRole('row', { name: /Phường Dữu Lâu/ })
        .first()
        .waitFor();
      await screenshot(phone.page, 'official-acceptance-360');
    });
  });
});
