import { expect } from 'chai';
import { ensureFirstAdmin } from '../../src/users/service';
import { UserModel } from '../../src/users/model';
import { signInAs, useBrowserApp } from '../support/browser';
import { givenAreas } from '../support/factories';
import { screenshot } from '../support/screenshots';

describe('browser: admin', function () {
  this.timeout(60_000);
  const app = useBrowserApp();

  beforeEach(givenAreas);

  it('when the printed first admin signs in, then they can change the password and create a commune staff user who can sign in', async () => {
    const first = await ensureFirstAdmin('admin', undefined);
    const { page } = await app.open();
    await signInAs(page, 'admin', first?.password ?? '');
    await page.locator('header').getByText('Quản trị hệ thống · Toàn quốc').waitFor();

    await page.getByRole('link', { name: 'Đổi mật khẩu' }).click();
    await page.getByLabel('Mật khẩu hiện tại').fill('not the password');
    await page.getByLabel(/^Mật khẩu mới( \*)?$/).fill('a new admin password');
    await page.getByLabel('Nhập lại mật khẩu mới').fill('a new admin password');
    await page.getByRole('button', { name: 'Đổi mật khẩu' }).click();
    await page.getByText('Mật khẩu hiện tại không đúng.').waitFor();
    await page.getByLabel('Mật khẩu hiện tại').fill(first?.password ?? '');
    await page.getByRole('button', { name: 'Đổi mật khẩu' }).click();
    await page.getByText('Đã đổi mật khẩu.').waitFor();

    await page.getByRole('link', { name: 'Người dùng' }).click();
    // The admin's own row offers no lock or reset (the server refuses both), only where to go.
    const own = page.getByRole('row', { name: /^admin / });
    await own.getByText('Tài khoản của bạn: đổi mật khẩu ở mục “Đổi mật khẩu”.').waitFor();
    expect(await own.getByRole('button').count()).to.equal(0);
    await page.getByRole('button', { name: 'Tạo người dùng' }).click();
    await page.getByLabel('Tên đăng nhập').fill('can-bo-duu-lau');
    await page.getByLabel('Họ tên').fill('Nguyễn Thị Hằng');
    await page.getByLabel('Vai trò').selectOption({ label: 'Cán bộ xã' });
    await page.getByLabel('Tìm địa bàn theo tên').fill('Dữu Lâu');
    await page.getByLabel('Phường Dữu Lâu, Tỉnh Phú Thọ').check();
    await page.getByLabel('Mật khẩu ban đầu').fill('first password 1');
    await screenshot(page, 'admin-create-user-1366');
    await page.getByRole('button', { name: 'Tạo người dùng' }).click();
    await page.getByText('Đã tạo người dùng can-bo-duu-lau.').waitFor();
    await page
      .getByRole('row', { name: /can-bo-duu-lau.*Cán bộ xã.*Phường Dữu Lâu, Tỉnh Phú Thọ.*Đang hoạt động/ })
      .waitFor();

    await page.getByRole('button', { name: 'Đặt lại mật khẩu: can-bo-duu-lau' }).click();
    await page.getByLabel('Mật khẩu mới cho can-bo-duu-lau').fill('second password 2');
    await page.getByRole('button', { name: 'Lưu' }).click();
    await page.getByText('Đã lưu.').waitFor();

    const clerk = await app.open(360, 780);
    await signInAs(clerk.page, 'can-bo-duu-lau', 'second password 2');
    await clerk.page.locator('header').getByText('Cán bộ xã · Phường Dữu Lâu, Tỉnh Phú Thọ').waitFor();

    await page.getByRole('button', { name: 'Khoá tài khoản: can-bo-duu-lau' }).click();
    await page.getByRole('row', { name: /can-bo-duu-lau.*Đã khoá/ }).waitFor();
    expect((await UserModel.findOne({ username: 'can-bo-duu-lau' }).lean())?.active).to.equal(false);
    await clerk.page.reload();
    await clerk.page.getByText('Phiên làm việc đã hết hạn hoặc tài khoản đã bị khoá').waitFor();
  });
});
