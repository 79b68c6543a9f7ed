import { expect } from 'chai';
import ExcelJS from 'exceljs';
import { readFileSync } from 'node:fs';
import * as areas from '../../src/areas/service';
import { HouseholdModel } from '../../src/households/model';
import { importTemplate } from '../../src/households/import-columns';
import { rejectHousehold } from '../../src/households/review';
import { editHousehold } from '../../src/households/service';
import { SYSTEM_ACTOR } from '../../src/users/roles';
import * as users from '../../src/users/service';
import { expectNoSideScroll, signInAs, useBrowserApp } from '../support/browser';
import { givenAreas, givenHousehold, givenUser, type GivenUser } from '../support/factories';
import { givenApproved } from '../support/report-deliveries';
import { screenshot } from '../support/screenshots';

const COMMUNE = '07888'; // Phường Dữu Lâu, Tỉnh Phú Thọ

async function surveyWorkbook(rows: (string | number)[][]): Promise<Buffer> {
  const book = new ExcelJS.Workbook();
  const sheet = book.addWorksheet('Danh sách');
  sheet.addRow(['DANH SÁCH HỘ NGHÈO, CẬN NGHÈO ĐỀ NGHỊ HỖ TRỢ ĐẦU THU']);
  sheet.addRow([]);
  sheet.addRow(importTemplate('vi').headers);
  for (const r of rows) sheet.addRow(r);
  return Buffer.from(await book.xlsx.writeBuffer());
}

const row = (village: string, name: string, id: string, phone = '') => [
  village,
  name,
  id,
  '1970',
  'Nữ',
  phone,
  'Nghèo',
  '',
  '2024',
  '3',
  'Có',
  'Không',
  'Không',
  'DVB-T2',
  '',
  '',
];

describe('browser: commune staff', function () {
  this.timeout(60_000);
  const app = useBrowserApp();
  let clerk: GivenUser;

  beforeEach(async () => {
    await givenAreas();
    await areas.setCommuneTargets(COMMUNE, { poor: 10, nearPoor: 5, listYear: 2024 }, SYSTEM_ACTOR);
    clerk = await givenUser('commune_staff', COMMUNE, { login: false });
  });

  describe('commune progress card', () => {
    it('when households are in several statuses, then the card shows the total and parts that add up to it', async () => {
      const waiting = await givenHousehold(COMMUNE);
      await givenApproved(await givenHousehold(COMMUNE));
      await givenApproved(await givenHousehold(COMMUNE));
      const refused = await givenHousehold(COMMUNE);
      await rejectHousehold(refused.id, { reason: 'Không đủ điều kiện' }, SYSTEM_ACTOR);
      expect(waiting.status).to.equal('registered');

      const { page } = await app.open(360, 800);
      await signInAs(page, clerk.username, clerk.password);
      const card = page.locator('section.coverage');
      const figure = (label: string) => card.locator('div', { has: page.getByText(label, { exact: true }) });
      await figure('Tổng số hộ đã đăng ký').getByText('4').waitFor();
      expect(await figure('Đang chờ duyệt').locator('dd').textContent()).to.equal('1');
      expect(await figure('Đã duyệt, chưa xếp vào đợt').locator('dd').textContent()).to.equal('2');
      expect(await figure('Đã xếp vào đợt, chưa bàn giao').locator('dd').textContent()).to.equal('0');
      expect(
        await figure('Không được duyệt hoặc đã rút khỏi danh sách').locator('dd').textContent(),
      ).to.equal('1');
      // Over the approved households (two here, none delivered), with the count behind the rate.
      expect(await figure('Tỷ lệ phủ (đã bàn giao / hộ đã được duyệt)').locator('dd').textContent()).to.equal(
        '0% (0/2 hộ)',
      );
      await expectNoSideScroll(page);
      await screenshot(page, 'commune-progress-360');
    });
  });

  describe('sign-in', () => {
    it('when the password is wrong, then it says so in Vietnamese; with the right one the workspace names the clerk, role and area', async () => {
      const { page } = await app.open();
      await page.goto('/');
      await page.getByLabel('Tên đăng nhập').fill(clerk.username);
      await page.getByLabel('Mật khẩu').fill('wrong password!');
      await page.getByRole('button', { name: 'Đăng nhập' }).click();

      await page.getByText('Sai tên đăng nhập hoặc mật khẩu').waitFor();
      // No self-service reset: the page says who can.
      await page
        .getByText(/Quên mật khẩu hoặc tài khoản bị khoá: hãy nhờ cán bộ quản lý tài khoản/)
        .waitFor();
      await screenshot(page, 'sign-in-wrong-1366');

      await page.getByLabel('Mật khẩu').fill(clerk.password);
      await page.getByRole('button', { name: 'Đăng nhập' }).click();
      const who = page.locator('header').getByText('Cán bộ xã · Phường Dữu Lâu, Tỉnh Phú Thọ');
      await who.waitFor();
      expect(await who.textContent()).not.to.contain(COMMUNE);
    });

    it('when the clerk reloads, then the session stays; after signing out, the sign-in page says so', async () => {
      const { page } = await app.open();
      await signInAs(page, clerk.username, clerk.password);

      await page.reload();
      await page.getByRole('heading', { name: 'Danh sách hộ' }).waitFor();
      await page.getByRole('button', { name: 'Đăng xuất' }).click();

      await page.getByText('Bạn đã đăng xuất.').waitFor();
      expect(await page.evaluate('localStorage.getItem("dtv.session")')).to.equal(null);
    });

    it('when a password is tried too many times, then the page says to wait', async () => {
      const { page } = await app.open();
      await page.goto('/');
      await page.getByLabel('Tên đăng nhập').fill(clerk.username);

      for (let i = 0; i < 6; i++) {
        await page.getByLabel('Mật khẩu').fill(`wrong password ${i}`);
        await page.getByRole('button', { name: 'Đăng nhập' }).click();
        await page.getByRole('button', { name: 'Đăng nhập' }).and(page.locator(':enabled')).waitFor();
      }

      await page.getByText('Bạn đã đăng nhập sai quá nhiều lần').waitFor();
    });

    it('when the account is deactivated meanwhile, then the next step returns to sign-in with a message', async () => {
      const { page } = await app.open();
      await signInAs(page, clerk.username, clerk.password);
      // The landing page's own requests first: one still in flight when the account goes answers 401
      // and the app leaves for sign-in under the click (a CI run saw the link detached).
      await page.waitForLoadState('networkidle');

      await users.updateUser(clerk.id, { active: false }, SYSTEM_ACTOR);
      await page.getByRole('link', { name: 'Đăng ký hộ' }).click();

      await page.getByText('Phiên làm việc đã hết hạn hoặc tài khoản đã bị khoá').waitFor();
    });
  });

  describe('households', () => {
    it('when the clerk searches without diacritics and filters, then the list shows the households in words', async () => {
      await givenHousehold(COMMUNE, { head: { fullName: 'Nguyễn Thị Hoà' }, village: 'Thôn Đồng Sơn' });
      await givenHousehold(COMMUNE, {
        head: { fullName: 'Trần Văn Bình' },
        village: 'Thôn Hạ',
        hasTv: false,
      });
      await givenHousehold(COMMUNE, {
        head: { fullName: 'Lê Thị Mai' },
        village: 'Thôn Hạ',
        povertyStatus: 'near_poor',
      });
      const { page } = await app.open(360, 780);
      await signInAs(page, clerk.username, clerk.password);
      await page.getByText('3 hộ').waitFor();
      await page.getByText('Hộ không có ti vi').waitFor();
      await screenshot(page, 'commune-list-360');

      await page.getByLabel('Tìm theo tên chủ hộ').fill('nguyen thi hoa');
      await page.getByRole('button', { name: 'Tìm' }).click();

      await page.getByText('1 hộ', { exact: true }).waitFor();
      await page.getByRole('link', { name: 'Nguyễn Thị Hoà' }).waitFor();
      await page.getByLabel('Điều kiện nhận').selectOption('false');
      await page.getByLabel('Tìm theo tên chủ hộ').fill('');
      await page.getByRole('button', { name: 'Tìm' }).click();
      await page.getByRole('link', { name: 'Trần Văn Bình' }).waitFor();
      expect(await page.getByRole('link', { name: 'Lê Thị Mai' }).count()).to.equal(0);
    });

    it('when the clerk registers a household, then the phone is shown normalised, a bad ID is named as typed, and the same ID again links to the first', async () => {
      const { page } = await app.open(360, 780);
      await signInAs(page, clerk.username, clerk.password);
      await page.getByRole('link', { name: 'Đăng ký hộ' }).click();

      await page.getByLabel('Số CCCD (12 số) hoặc CMND (9 số)').fill('02518500');
      await page.getByLabel('Số điện thoại').fill('+84 912 345 678');
      await page.getByText('CCCD cần đúng 12 chữ số, CMND cũ 9 chữ số; bạn đã nhập 8 chữ số').waitFor();
      await page.getByText('Sẽ lưu là 0912345678').waitFor();
      await page.getByRole('button', { name: 'Lưu' }).click();
      await page.getByText('Hãy nhập tên thôn/ấp.').waitFor();

      await page.getByLabel('Thôn/Ấp').fill('Thôn Đồng Sơn');
      await page.getByLabel('Họ tên chủ hộ').fill('Phạm Văn Đức');
      await page.getByLabel('Số CCCD (12 số) hoặc CMND (9 số)').fill('025185009999');
      await page.getByRole('button', { name: 'Lưu' }).click();
      await page.getByRole('heading', { name: 'Phạm Văn Đức' }).waitFor();
      await page.getByText('Đã đăng ký, chờ duyệt').first().waitFor();
      await page.getByRole('heading', { name: 'Lịch sử' }).waitFor();
      // The history names the clerk, not their login name.
      const history = page.locator('ol.history');
      await history.getByText(clerk.fullName, { exact: false }).waitFor();
      expect(await history.textContent()).not.to.contain(clerk.username);
      await screenshot(page, 'commune-household-360');
      const first = page.url();

      await page.getByRole('link', { name: 'Đăng ký hộ' }).click();
      await page.getByLabel('Thôn/Ấp').fill('Thôn Hạ');
      await page.getByLabel('Họ tên chủ hộ').fill('Phạm Đức');
      await page.getByLabel('Số CCCD (12 số) hoặc CMND (9 số)').fill('025185009999');
      await page.getByRole('button', { name: 'Lưu' }).click();
      await page.getByText('Số CCCD/CMND này đã được đăng ký cho một hộ khác.').waitFor();
      await page.getByRole('link', { name: 'Mở hộ đã đăng ký' }).click();

      await page.getByRole('heading', { name: 'Phạm Văn Đức' }).waitFor();
      expect(page.url()).to.equal(first);
      expect(await HouseholdModel.countDocuments({})).to.equal(1);
    });

    it('when someone else saved the household during the edit, then the clerk sees what changed and can keep their edit', async () => {
      const h = await givenHousehold(COMMUNE, { head: { fullName: 'Đỗ Thị Lan' }, village: 'Thôn Cũ' });
      const { page } = await app.open();
      await signInAs(page, clerk.username, clerk.password);
      await page.goto(`/households/${h.id}/edit`);
      await page.getByLabel('Thôn/Ấp').fill('Thôn Mới');

      await editHousehold(h.id, { version: h.version, phone: '0987654321' }, SYSTEM_ACTOR);
      await page.getByRole('button', { name: 'Lưu' }).click();

      const stale = page.getByRole('alert').filter({ hasText: 'người khác đã lưu thay đổi' });
      await stale.getByRole('row', { name: /Số điện thoại.*0987654321/ }).waitFor();
      await screenshot(page, 'commune-stale-edit-1366');
      await page.getByRole('button', { name: 'Giữ bản của tôi và lưu lại' }).click();
      await page.getByRole('heading', { name: 'Đỗ Thị Lan' }).waitFor();
      const stored = await HouseholdModel.findById(h.id).lean();
      expect(stored?.village).to.equal('Thôn Mới');
      expect(stored?.phone).to.equal('0987654321');
      expect(stored?.version).to.equal(h.version + 2);
      await page.getByRole('heading', { name: 'Lịch sử' }).waitFor();
      expect(await page.getByText('Sửa thông tin').count()).to.be.greaterThan(1);
    });

    it('when the clerk withdraws a household with a reason, then its status says so', async () => {
      const h = await givenHousehold(COMMUNE, { head: { fullName: 'Vũ Văn Hải' } });
      const { page } = await app.open();
      await signInAs(page, clerk.username, clerk.password);
      await page.goto(`/households/${h.id}`);

      await page.getByRole('button', { name: 'Rút khỏi danh sách' }).click();
      await page.getByLabel('Lý do rút').fill('Chuyển đi nơi khác');
      await page.getByRole('button', { name: 'Rút khỏi danh sách' }).click();

      await page.getByText('Đã rút khỏi danh sách').first().waitFor();
      await page.getByText('Chuyển đi nơi khác').first().waitFor();
      expect((await HouseholdModel.findById(h.id).lean())?.status).to.equal('withdrawn');
    });
  });

  describe('import and export', () => {
    it('when the clerk checks an .xlsx with bad rows, then the report lists row, column, value and reason; the import creates the good rows', async () => {
      const file = await surveyWorkbook([
        row('Thôn Đồng Sơn', 'Nguyễn Văn An', '025185000001', '0912 345 001'),
        row('Thôn Đồng Sơn', 'Nguyễn Văn Bảo', '02518500'),
        row('', 'Nguyễn Thị Cúc', '025185000003'),
        row('Thôn Hạ', 'Trần Văn Dũng', '025185000004'),
        row('Thôn Hạ', 'Trần Thị Én', '025185000005', '0912 000'),
      ]);
      const { page } = await app.open(360, 780);
      await signInAs(page, clerk.username, clerk.password);
      await page.getByRole('link', { name: 'Nhập từ Excel' }).click();

      await page.getByLabel('Chọn tệp', { exact: true }).setInputFiles({
        name: 'danh-sach.xlsx',
        mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
        buffer: file,
      });
      await page.getByRole('button', { name: 'Kiểm tra tệp' }).click();

      const report = page.getByRole('table');
      await report.waitFor();
      await report.getByRole('row', { name: /Dòng 5\b.*Số CCCD\/CMND.*02518500.*12 số/ }).waitFor();
      await report.getByRole('row', { name: /Dòng 6\b.*Thôn\/Ấp.*bắt buộc/ }).waitFor();
      await report.getByRole('row', { name: /Dòng 8\b.*Số điện thoại.*0912 000/ }).waitFor();
      expect(await HouseholdModel.countDocuments({})).to.equal(0);
      await screenshot(page, 'commune-import-report-360');

      await page.getByRole('button', { name: 'Nhập 2 hộ hợp lệ' }).click();

      await page.getByText('Đã nhập 2 hộ.').waitFor();
      expect(await HouseholdModel.countDocuments({ 'area.communeCode': COMMUNE })).to.equal(2);
    });

    it('when the clerk downloads the list as CSV, then the file holds the households', async () => {
      await givenHousehold(COMMUNE, { head: { fullName: 'Hoàng Thị Thu' } });
      const { page } = await app.open();
      await signInAs(page, clerk.username, clerk.password);

      const [download] = await Promise.all([
        page.waitForEvent('download'),
        page.getByRole('button', { name: 'Tải danh sách (.csv)' }).click(),
      ]);

      expect(download.suggestedFilename()).to.match(/\.csv$/);
      expect(readFileSync(await download.path(), 'utf8')).to.contain('Hoàng Thị Thu');
      expect(download.url()).to.match(/^blob:/);
    });

    it('when the clerk downloads the list as .xlsx, then the file is a workbook (pending until the API offers format=xlsx)', async function () {
      await givenHousehold(COMMUNE, { head: { fullName: 'Hoàng Văn Xuân' } });
      const probe = await fetch(`${app.baseUrl}/api/v1/households?format=xlsx`, {
        headers: { Authorization: `Bearer ${(await givenUser('commune_staff', COMMUNE)).token}` },
      });
      if (probe.status === 400) this.skip();
      const { page } = await app.open();
      await signInAs(page, clerk.username, clerk.password);

      const [download] = await Promise.all([
        page.waitForEvent('download'),
        page.getByRole('button', { name: 'Tải danh sách (.xlsx)' }).click(),
      ]);

      expect(download.suggestedFilename()).to.match(/\.xlsx$/);
      const book = new ExcelJS.Workbook();
      await book.xlsx.readFile(await download.path());
      expect(JSON.stringify(book.worksheets[0].getSheetValues())).to.contain('Hoàng Văn Xuân');
    });
  });

  describe('language', () => {
    it('when the clerk switches to English, then the words change and the choice survives a reload', async () => {
      await givenHousehold(COMMUNE, { head: { fullName: 'Nguyễn Văn Tư' }, hasTv: false });
      const { page } = await app.open();
      await signInAs(page, clerk.username, clerk.password);
      await screenshot(page, 'commune-list-1366');

      await page.getByRole('button', { name: 'English' }).click();

      await page.getByRole('heading', { name: 'Households' }).waitFor();
      await page.getByText('The household has no TV').waitFor();
      await page.reload();
      await page.getByRole('heading', { name: 'Households' }).waitFor();
      await page.locator('header').getByText('Commune staff').waitFor();
      await page.getByRole('button', { name: 'Tiếng Việt' }).click();
      await page.getByRole('heading', { name: 'Danh sách hộ' }).waitFor();
    });
  });
});
