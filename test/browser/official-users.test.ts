import { expect } from 'chai';
import request from 'supertest';
import { UserModel } from '../../src/users/model';
import { testApp } from '../support/app';
import { signInAs, useBrowserApp } from '../support/browser';
import { givenAreas, givenUser, type GivenUser } from '../support/factories';
import { screenshot } from '../support/screenshots';

// The users page of an official (issue 13 item 2), in Chromium against the real service: it offers
// only the roles below them and only areas inside their province, and the API refuses the rest.

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
    expect(roles).to.deep.equal(['Cán bộ xã', 'Tổ lắp đặt']);
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
});
