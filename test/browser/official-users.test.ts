import { expect } from 'chai';
import request from 'supertest';
import { UserModel } from '../../src/users/model';
import { testApp } from '../support/app';
import { signInAs, useBrowserApp } from '../support/browser';
import { givenAreas, givenUser, type GivenUser } from '../support/factories';
import { screenshot } from '../support/screenshots';

// The users page of an official (issue 13 item 2), in Chromium against the real service: it offers
// only the roles below them (a province official: district officials too) and only areas inside
// their province, and the API refuses the rest.

describe('browser: official users', function () {
  this.timeout(240_000);
  const app = useBrowserApp();
  let official: GivenUser;

  beforeEach(async () => {
    await givenAreas();
    official = await givenUser('official', '25');
  });

  it('when an official of Phú Thọ creates a user, then the page offers neither an admin nor an area of another province, and the API refuses both', async () => {
    const { page } = await app.open();
    await signInAs(page, official.username, official.password);
    await page.getByRole('link', { name: 'Người dùng' }).click();
    await page.getByRole('button', { name: 'Tạo người dùng' }).click();

    const roles = await page.getByLabel('Vai trò').locator('option').allTextContents();
    expect(roles).to.deep.equal(['Cán bộ huyện/tỉnh', 'Cán bộ xã', 'Tổ lắp đặt']);
    await page.getByLabel('Vai trò').selectOption({ label: 'Cán bộ xã' });
    const search = page.getByLabel('Tìm địa bàn theo tên (ví dụ: Tân Sơn)');
    await search.fill('Trúc Bạch');
    await page.getByText('Không tìm thấy địa bàn nào. Hãy gõ tên khác.').waitFor();
    await search.fill('Phường');
    await page.getByRole('radio', { name: /Phường Dữu Lâu/ }).waitFor();
    const offered = await page.getByRole('group', { name: 'Chọn địa bàn' }).getByRole('radio').count();
    expect(offered, 'the five communes of Phú Thọ, none of Hà Nội or Hà Giang').to.equal(5);
    expect(await page.getByRole('radio', { name: /Phúc Xá|Trúc Bạch|Quang Trung/ }).count()).to.equal(0);
    await page.getByRole('radio', { name: /Phường Dữu Lâu/ }).check();
    await page.getByLabel('Tên đăng nhập').fill('canbo.duulau');
    await page.getByLabel('Họ tên').fill('Trần Thị Thu Hà');
    await page.getByLabel('Mật khẩu ban đầu').fill('mat-khau-ban-dau-1');
    await page.getByRole('button', { name: 'Tạo người dùng' }).click();
    await page.getByText('Đã tạo người dùng canbo.duulau.').waitFor();
    await page.getByRole('row', { name: /Trần Thị Thu Hà.*Cán bộ xã/ }).waitFor();
    const own = page.getByRole('row', { name: new RegExp(official.username) });
    await own.getByText('Tài khoản của bạn: đổi mật khẩu ở mục “Đổi mật khẩu”.').waitFor();
    expect(await own.getByRole('button').count(), 'no lock or reset of their own account').to.equal(0);
    await screenshot(page, 'official-users-1366');
    const created = await UserModel.findOne({ username: 'canbo.duulau' }).lean();
    expect(created).to.deep.include({ role: 'commune_staff', fullName: 'Trần Thị Thu Hà' });

    const asAdmin = await request(testApp).post('/api/v1/users').set(official.auth).send({
      username: 'quantri.moi',
      fullName: 'Lê Văn Quản',
      role: 'admin',
      password: 'mat-khau-ban-dau-1',
    });
    const inHanoi = await request(testApp).post('/api/v1/users').set(official.auth).send({
      username: 'canbo.trucbach',
      fullName: 'Phạm Thị Hoa',
      role: 'commune_staff',
      areaCode: '00004',
      password: 'mat-khau-ban-dau-1',
    });
    expect([asAdmin.status, inHanoi.status]).to.deep.equal([403, 403]);
    expect(await UserModel.countDocuments({ username: { $in: ['quantri.moi', 'canbo.trucbach'] } })).to.equal(
      0,
    );
  });

  it('when a province official creates an official, then only the districts below them are offered (not the province, not a commune) and the new official is scoped to the district', async () => {
    const { page } = await app.open();
    await signInAs(page, official.username, official.password);
    await page.getByRole('link', { name: 'Người dùng' }).click();
    await page.getByRole('button', { name: 'Tạo người dùng' }).click();
    await page.getByLabel('Vai trò').selectOption({ label: 'Cán bộ huyện/tỉnh' });

    const search = page.getByLabel('Tìm địa bàn theo tên (ví dụ: Tân Sơn)');
    await search.fill('Phú Thọ');
    await page.getByRole('radio', { name: /Thị xã Phú Thọ/ }).waitFor();
    expect(
      await page.getByRole('radio', { name: /^Tỉnh Phú Thọ/ }).count(),
      'not their own province',
    ).to.equal(0);
    await search.fill('Việt Trì');
    await page.getByRole('radio', { name: /Thành phố Việt Trì/ }).waitFor();
    expect(await page.getByRole('radio', { name: /Phường/ }).count(), 'no commune for an official').to.equal(
      0,
    );
    await page.getByRole('radio', { name: /Thành phố Việt Trì/ }).check();
    await page.getByLabel('Tên đăng nhập').fill('canbo.viettri');
    await page.getByLabel('Họ tên').fill('Nguyễn Văn Trì');
    await page.getByLabel('Mật khẩu ban đầu').fill('mat-khau-ban-dau-1');
    await page.getByRole('button', { name: 'Tạo người dùng' }).click();
    await page.getByText('Đã tạo người dùng canbo.viettri.').waitFor();
    await page.getByRole('row', { name: /Nguyễn Văn Trì.*Cán bộ huyện\/tỉnh/ }).waitFor();
    await page.setViewportSize({ width: 360, height: 800 });
    await screenshot(page, 'official-users-district-360');
    const created = await UserModel.findOne({ username: 'canbo.viettri' }).lean();
    expect(created).to.deep.include({ role: 'official' });
    expect(created?.scope).to.deep.include({ level: 'district', code: '227', provinceCode: '25' });
  });
});
