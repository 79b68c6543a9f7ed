import { expect } from 'chai';
import { BatchModel } from '../../src/batches/model';
import { signInAs, useBrowserApp } from '../support/browser';
import { givenApprovedHouseholds } from '../support/batches';
import { givenAreas, givenUser, type GivenUser } from '../support/factories';
import { screenshot } from '../support/screenshots';

// An admin's area is the whole country; the official pages that work in one province (targets,
// receivers, inventory, batches) ask them for it by name, remember it, and work there. Before, the
// targets page mixed every province's communes under "(…tỉnh ())" and the inventory said "Hãy chọn
// tỉnh (provinceCode)" with nowhere to choose.

describe('browser: an admin working in one province', function () {
  this.timeout(120_000);
  const app = useBrowserApp();
  let admin: GivenUser;
  let installer: GivenUser;

  beforeEach(async () => {
    await givenAreas();
    admin = await givenUser('admin');
    installer = await givenUser('installer', '25');
    await givenApprovedHouseholds('07888', 2);
  });

  it('when the admin chooses Tỉnh Phú Thọ on the targets page, then its communes show, and receivers, stock and batches work there without asking again', async () => {
    const { page } = await app.open(1366, 900);
    await signInAs(page, admin.username, admin.password);

    await page.getByRole('link', { name: 'Chỉ tiêu xã' }).click();
    await page.getByText('Chọn tỉnh để xem và sửa chỉ tiêu các xã và ngày tắt sóng của tỉnh.').waitFor();
    expect(await page.getByRole('table').count()).to.equal(0);
    await page.getByLabel('Tỉnh, thành phố').selectOption({ label: 'Tỉnh Phú Thọ' });
    await page.getByRole('button', { name: 'Xem' }).click();
    await page.getByText('Ngày tắt sóng analog của tỉnh (Tỉnh Phú Thọ)').waitFor();
    await page.getByRole('row', { name: /^Phường Dữu Lâu/ }).waitFor();
    expect(await page.getByRole('row', { name: /Phường Phúc Xá/ }).count()).to.equal(0);
    expect(new URL(page.url()).search).to.equal('?province=25');
    await screenshot(page, 'admin-province-targets-1366');

    await page.getByRole('link', { name: 'Đầu thu', exact: true }).click();
    await page.getByRole('heading', { name: 'Nhập đầu thu từ tệp của nhà cung cấp' }).waitFor();
    expect(await page.getByLabel('Tỉnh, thành phố').inputValue()).to.equal('25');
    await page.getByRole('link', { name: /tồn kho/ }).click();
    await page.getByRole('heading', { name: 'Báo cáo tồn kho đầu thu: Tỉnh Phú Thọ' }).waitFor();

    await page.getByRole('link', { name: 'Đợt lắp đặt' }).click();
    await page.getByRole('button', { name: 'Lập đợt lắp đặt mới' }).click();
    await page.getByLabel('Tên đợt').fill('Đợt của tỉnh');
    await page.getByLabel('Phường Dữu Lâu (2 hộ đã duyệt chờ xếp đợt)').check();
    expect(await page.getByLabel(/Phường Phúc Xá/).count()).to.equal(0);
    await page.getByLabel(new RegExp(installer.username)).check();
    await page.getByRole('button', { name: 'Lập đợt lắp đặt mới' }).click();
    await page.getByRole('heading', { name: /25-D1-001 · Đợt của tỉnh/ }).waitFor();
    expect(await BatchModel.countDocuments({ provinceCode: '25', name: 'Đợt của tỉnh' })).to.equal(1);

    await page.getByRole('link', { name: 'Kiểm tra', exact: true }).click();
    const drawIn = page.getByLabel('Địa bàn chọn mẫu');
    await drawIn.locator('option', { hasText: 'Toàn bộ Tỉnh Phú Thọ' }).waitFor({ state: 'attached' });
    expect(await drawIn.locator('option').allInnerTexts()).to.include('Phường Dữu Lâu');
    expect(await drawIn.locator('option').allInnerTexts()).not.to.include('Phường Phúc Xá');
  });
});
