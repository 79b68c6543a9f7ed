import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import { AreaModel } from '../../src/areas/model';
import { SMALL_AREA_LIST } from '../support/app';
import { expectNoSideScroll, signInAs, useBrowserApp } from '../support/browser';
import { givenAreas, givenUser, type GivenUser } from '../support/factories';
import { screenshot } from '../support/screenshots';

// The admin's areas page (DESIGN §13), in Chromium against the real service: the list in use, browsed
// down from the provinces and searched without diacritics, then updated from a revised list after a
// merger: checked first (what changes, which rows are wrong), applied only when asked.

// The small list after Phường Vân Cơ and Phường Nông Trang merged into Phường Vân Phú (07891), with a
// new Xã Mới Lập (07950) and a title row and a signature as a real export has.
const REVISED = [
  'DANH MỤC ĐƠN VỊ HÀNH CHÍNH',
  ...readFileSync(SMALL_AREA_LIST, 'utf8')
    .trim()
    .split('\n')
    .filter((line) => !line.includes('Nông Trang'))
    .map((line) => line.replace('Phường Vân Cơ', 'Phường Vân Phú')),
  '25,Tỉnh Phú Thọ,228,Thị xã Phú Thọ,07950,Xã Mới Lập,Xã',
  'Người lập biểu',
].join('\n');

describe('browser: admin areas', function () {
  this.timeout(120_000);
  const app = useBrowserApp();
  let admin: GivenUser;

  beforeEach(async () => {
    await givenAreas();
    admin = await givenUser('admin');
  });

  it('when the admin browses and searches the list, then names, types and where each belongs are shown', async () => {
    const { page } = await app.open(1366, 900);
    await signInAs(page, admin.username, admin.password);
    // An admin's twelve sections stand in one row at 1366 px, the account beside the name.
    const sections = page.getByRole('navigation', { name: 'Chức năng' });
    const tops = await sections
      .getByRole('link')
      .evaluateAll((links) => links.map((a) => Math.round(a.getBoundingClientRect().top)));
    expect(tops).to.have.length(12);
    expect(new Set(tops).size, 'one row of sections').to.equal(1);
    await page.getByRole('button', { name: 'Đăng xuất' }).waitFor();

    await page.getByRole('link', { name: 'Địa bàn' }).click();
    await page.getByRole('heading', { name: 'Địa bàn', level: 1 }).waitFor();
    await page.getByText('Danh mục từ tệp areas-small.csv (ba cấp: tỉnh – huyện – xã)').waitFor();
    await page.getByText('3 tỉnh, thành phố · 4 quận, huyện, thị xã · 10 xã, phường, thị trấn').waitFor();
    await page.getByRole('row', { name: /Tỉnh Phú Thọ Tỉnh 25 Chưa đặt ngày tắt sóng/ }).waitFor();

    await page.getByRole('link', { name: 'Tỉnh Phú Thọ' }).click();
    await page.getByRole('link', { name: 'Thành phố Việt Trì' }).click();
    await page.getByRole('row', { name: /Phường Vân Cơ Phường 07891 Chưa có chỉ tiêu/ }).waitFor();
    const trail = page.getByRole('navigation', { name: 'Thuộc' });
    await trail.getByText('Thành phố Việt Trì').waitFor();
    expect(await trail.getByRole('listitem').allInnerTexts()).to.deep.equal([
      'Cả nước',
      'Tỉnh Phú Thọ',
      'Thành phố Việt Trì',
    ]);
    await screenshot(page, 'admin-areas-1366');

    await page.getByLabel('Tìm theo tên').fill('van co');
    await page.getByRole('button', { name: 'Tìm' }).click();
    await page
      .getByRole('row', { name: /Phường Vân Cơ Phường 07891 Thành phố Việt Trì, Tỉnh Phú Thọ/ })
      .waitFor();
    await page.getByText('1 đơn vị').waitFor();
    await page.goBack();
    await page.getByRole('row', { name: /Phường Nông Trang/ }).waitFor();
  });

  it('when the admin checks a revised list and applies it, then the changes are shown first and stored only on asking', async () => {
    const { page } = await app.open(360, 780);
    await signInAs(page, admin.username, admin.password);
    await page.goto('/areas');
    await page.getByRole('heading', { name: 'Cập nhật danh mục' }).waitFor();

    await page
      .locator('#areas-file')
      .setInputFiles({ name: 'danh-muc.csv', mimeType: 'text/csv', buffer: Buffer.from(REVISED, 'utf8') });
    await page.getByRole('button', { name: 'Kiểm tra tệp' }).click();
    const report = page.getByRole('group', { name: 'Cập nhật danh mục' });
    await report
      .getByText(
        'So với danh mục đang dùng: 1 đơn vị mới, 1 đơn vị đổi tên, đổi loại hoặc đổi nơi trực thuộc, 15 giữ nguyên.',
      )
      .waitFor();
    // At 360 px the table's rows are cards (no row role): found by their text.
    const merged = report.locator('tr', { hasText: 'Phường Vân Phú' });
    const created = report.locator('tr', { hasText: 'Xã Mới Lập' });
    await created.getByText('thuộc Thị xã Phú Thọ, Tỉnh Phú Thọ').waitFor();
    expect(await merged.innerText()).to.match(/^07891\s+Phường Vân Cơ\s+Phường Vân Phú$/);
    expect(await created.innerText()).to.match(/^07950\s+Chưa có \(đơn vị mới\)\s+Xã Mới Lập · thuộc/);
    await report.getByText('Phường Nông Trang (07894)').waitFor();
    await report
      .getByText('Đã bỏ qua 1 dòng không có mã đơn vị (tiêu đề, tổng số, chữ ký): dòng 13.')
      .waitFor();
    expect(await AreaModel.countDocuments({ code: '07950' })).to.equal(0);
    await expectNoSideScroll(page);
    await screenshot(page, 'admin-areas-check-360');

    await report.getByRole('button', { name: 'Cập nhật danh mục' }).click();
    await page.getByText('Đã cập nhật danh mục: thêm 1, thay đổi 1 đơn vị.').waitFor();
    await page.getByText('3 tỉnh, thành phố · 4 quận, huyện, thị xã · 11 xã, phường, thị trấn').waitFor();
    expect(await AreaModel.findOne({ code: '07891' }).lean()).to.include({ name: 'Phường Vân Phú' });
    expect(await AreaModel.countDocuments({ code: '07950' })).to.equal(1);
  });

  it('when the revised list has a wrong row, then the row and the reason are named and nothing can be applied', async () => {
    const { page } = await app.open(1366, 900);
    await signInAs(page, admin.username, admin.password);
    await page.goto('/areas');

    const bad = REVISED.replace('07950,Xã Mới Lập', '079501,Xã Mới Lập');
    await page
      .locator('#areas-file')
      .setInputFiles({ name: 'danh-muc.csv', mimeType: 'text/csv', buffer: Buffer.from(bad, 'utf8') });
    await page.getByRole('button', { name: 'Kiểm tra tệp' }).click();
    const report = page.getByRole('group', { name: 'Cập nhật danh mục' });
    await report.getByText('Tệp có 1 dòng lỗi nên chưa thể cập nhật.', { exact: false }).waitFor();
    await report
      .getByRole('row', { name: 'Dòng 12 commune_code Mã xã "079501" phải gồm 5 chữ số' })
      .waitFor();
    expect(await report.getByRole('button', { name: 'Cập nhật danh mục' }).count()).to.equal(0);
  });

  it('when an official opens /areas, then the page is not theirs and the menu does not offer it', async () => {
    const official = await givenUser('official', '25');
    const { page } = await app.open(1366, 900);
    await signInAs(page, official.username, official.password);
    await page.getByRole('link', { name: 'Chỉ tiêu xã' }).waitFor();

    expect(await page.getByRole('link', { name: 'Địa bàn' }).count()).to.equal(0);
    await page.goto('/areas');
    await page.getByText('Trang này không có. Hãy chọn một mục trong thanh chức năng.').waitFor();
  });
});
