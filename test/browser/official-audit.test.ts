import { expect } from 'chai';
import ExcelJS from 'exceljs';
import { givenAuditedDay, REJECTION_REASON } from '../support/audited-day';
import { expectNoSideScroll, signInAs, useBrowserApp } from '../support/browser';
import { screenshot } from '../support/screenshots';
import { sheetRows } from '../support/workbooks';

// DESIGN §13: the official's audit page ("Nhật ký"), in Chromium against the real service: who did
// what, when, to which household, in words and names (no action code, no id, no failure code), the
// filters by action, commune and person, and the way from an entry to the household behind it.

describe('browser: official audit trail', function () {
  this.timeout(240_000);
  const app = useBrowserApp();
  let given: Awaited<ReturnType<typeof givenAuditedDay>>;

  beforeEach(async () => {
    given = await givenAuditedDay();
  });

  it('when an official opens Nhật ký, then each entry reads in names and words, filters narrow it and a household is one click away', async () => {
    const { page } = await app.open(1366, 900);
    await signInAs(page, given.official.username, given.official.password);
    await page.getByRole('link', { name: 'Nhật ký' }).click();
    await page.getByRole('heading', { name: 'Nhật ký thao tác' }).waitFor();

    const head = given.households[0]?.head.fullName as string;
    const installer = given.installer.fullName;
    const confirmed = page.getByRole('row', { name: new RegExp(`Xác nhận bàn giao.*${head}`) });
    await confirmed.waitFor();
    await confirmed.getByText(installer).waitFor();
    await confirmed.getByText('Phường Dữu Lâu').waitFor();
    await page
      .getByRole('row', { name: /Ghi lượt lắp không thành/ })
      .getByText('Vắng nhà')
      .waitFor();
    await page
      .getByRole('row', { name: /Từ chối hộ/ })
      .getByText(REJECTION_REASON)
      .waitFor();
    await page
      .getByRole('row', { name: /Bắt đầu đợt lắp đặt/ })
      .getByText('Hệ thống (tự động)')
      .waitFor();
    const text = (await page.locator('main').textContent()) ?? '';
    for (const code of ['delivery.confirmed', 'absent', 'installer', given.ids[0] as string])
      expect(text, `no "${code}" on the page`).not.to.include(code);
    await screenshot(page, 'official-audit-1366');

    // One action.
    await page.getByLabel('Việc').selectOption({ label: 'Từ chối hộ' });
    await page.getByRole('button', { name: 'Lọc', exact: true }).click();
    await page.getByText('1 mục', { exact: true }).waitFor();
    expect(page.url()).to.include('action=household.rejected');
    // The filtered trail as .xlsx: the same one entry, in the same words.
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Tải nhật ký đang lọc (.xlsx)' }).click(),
    ]);
    expect(download.suggestedFilename()).to.match(/^nhat-ky-dia-ban-\d{4}-\d{2}-\d{2}\.xlsx$/);
    const book = new ExcelJS.Workbook();
    await book.xlsx.readFile(await download.path());
    const rows = sheetRows(book, 'Nhật ký');
    expect(rows).to.have.length(2);
    expect(rows[1]?.slice(3, 7)).to.deep.equal([
      'Từ chối hộ',
      given.refused.head.fullName,
      'Phường Dữu Lâu',
      REJECTION_REASON,
    ]);

    // One commune where nothing happened: said in words.
    await page.getByRole('link', { name: 'Bỏ lọc' }).click();
    await page.getByLabel('Xã/phường').selectOption({ label: 'Phường Vân Cơ' });
    await page.getByRole('button', { name: 'Lọc', exact: true }).click();
    await page
      .getByText('Không có mục nào khớp. Hãy bỏ bớt điều kiện lọc hoặc chọn khoảng ngày khác.')
      .waitFor();

    // One person, from their name in the list; then the household behind an entry.
    await page.getByRole('link', { name: 'Bỏ lọc' }).click();
    await confirmed.getByRole('link', { name: installer }).click();
    await page.getByText(`Chỉ các việc của ${installer}`).waitFor();
    const people = await page.locator('tbody tr td:nth-child(2)').allTextContents();
    expect(people.length).to.be.greaterThan(1);
    for (const p of people) expect(p).to.include(installer);
    await page
      .getByRole('row', { name: /Xác nhận bàn giao/ })
      .getByRole('link', { name: head })
      .click();
    await page.getByRole('heading', { name: head }).waitFor();
  });

  it('when the period is backwards, then the page says so instead of listing nothing', async () => {
    const { page } = await app.open(1366, 900);
    await signInAs(page, given.official.username, given.official.password);
    await page.goto(`${app.baseUrl}/audit`);
    // Typed as a clerk writes days, whatever the browser's language; the URL carries ISO days.
    await page.getByLabel('Từ ngày').fill('10/12/2026');
    await page.getByLabel('Đến ngày').fill('1/12/2026');
    await page.getByRole('button', { name: 'Lọc', exact: true }).click();
    await page.getByText('Ngày "Từ ngày" phải trước hoặc bằng "Đến ngày".').waitFor();
    expect(new URL(page.url()).search).to.equal('?from=2026-12-10&to=2026-12-01');
    expect(await page.getByLabel('Đến ngày').inputValue()).to.equal('01/12/2026');
  });

  it('when an official opens Nhật ký on a phone, then the entries read as cards without a sideways scroll', async () => {
    const { page } = await app.open(360, 780);
    await signInAs(page, given.official.username, given.official.password);
    await page.goto(`${app.baseUrl}/audit`);
    await page.getByRole('row', { name: /Xác nhận bàn giao/ }).waitFor();
    await expectNoSideScroll(page);
    await screenshot(page, 'official-audit-360');
  });
});
