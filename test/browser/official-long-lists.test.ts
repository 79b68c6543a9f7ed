import { expect } from 'chai';
import { expectNoSideScroll, signInAs, useBrowserApp } from '../support/browser';
import { givenAreas, givenUser, type GivenUser } from '../support/factories';
import { screenshot } from '../support/screenshots';
import { surveyCsv } from '../support/survey';

// A province-wide list counts up to 1,000 households and then says "Hơn 1.000 hộ" (issue 9): the
// official's review queue and household list say so and page on past it; a commune's list keeps its
// exact count, for the official who picks the commune and for the commune's clerk.

const DUU_LAU = '07888'; // Phường Dữu Lâu, Tỉnh Phú Thọ

describe('browser: lists longer than 1,000 households', function () {
  this.timeout(240_000);
  const app = useBrowserApp();
  let official: GivenUser;
  let clerk: GivenUser;

  beforeEach(async () => {
    await givenAreas();
    official = await givenUser('official', '25');
    clerk = await givenUser('commune_staff', DUU_LAU, { login: false });
    const res = await fetch(`${app.baseUrl}/api/v1/households/import?communeCode=${DUU_LAU}`, {
      method: 'POST',
      headers: { ...official.auth, 'content-type': 'text/csv' },
      body: surveyCsv(1_001),
    });
    expect(res.status).to.equal(200);
  });

  it('when the province awaits review for 1,001 households, then the queue says more than 1,000 and pages on; the commune shows 1,001', async () => {
    const { page } = await app.open();
    await signInAs(page, official.username, official.password);
    await page.getByRole('link', { name: 'Duyệt hồ sơ' }).click();

    await page.getByText('Hơn 1.000 hộ', { exact: true }).waitFor();
    await page.getByText('Trang 1/hơn 20', { exact: true }).waitFor();
    await screenshot(page, 'official-review-capped-1366');
    await page.getByRole('button', { name: 'Chọn tất cả (hơn 1.000) hộ khớp bộ lọc' }).click();
    await page.getByText('Đã chọn hơn 1.000 hộ.').waitFor();
    await page.getByRole('button', { name: 'Duyệt hơn 1.000 hộ' }).waitFor();
    await page.getByRole('link', { name: 'Trang sau' }).first().click();
    await page.getByText('Trang 2/hơn 20', { exact: true }).waitFor();
    await page.goto('/review?page=21');
    await page.getByText('Trang 21', { exact: true }).waitFor();
    expect(await page.getByRole('link', { name: 'Trang sau' }).count()).to.equal(0);
    expect(await page.getByRole('link', { name: /^Hộ Số / }).count()).to.equal(1);

    await page.goto(`/review?area=${DUU_LAU}`);
    await page.getByText('1.001 hộ', { exact: true }).waitFor();
    await page.getByText('Trang 1/21', { exact: true }).waitFor();

    const phone = await app.open(360, 780);
    await signInAs(phone.page, official.username, official.password);
    await phone.page.goto('/review');
    await phone.page.getByText('Hơn 1.000 hộ', { exact: true }).waitFor();
    await expectNoSideScroll(phone.page);
    await screenshot(phone.page, 'official-review-capped-360');
  });

  it('when the official lists the province’s households, then it says more than 1,000; the clerk’s own list counts 1,001', async () => {
    const { page } = await app.open();
    await signInAs(page, official.username, official.password);
    await page.goto('/households');
    await page.getByText('Hơn 1.000 hộ', { exact: true }).waitFor();
    await page.getByText('Trang 1/hơn 50', { exact: true }).waitFor();
    // A list beyond one commune names each household's commune; the clerk's own list does not need to.
    expect(await page.getByRole('columnheader', { name: 'Xã/Phường' }).count()).to.equal(1);
    expect(await page.getByRole('cell', { name: 'Phường Dữu Lâu' }).count()).to.equal(20);
    await screenshot(page, 'official-households-capped-1366');
    const officialPhone = await app.open(360, 780);
    await signInAs(officialPhone.page, official.username, official.password);
    await officialPhone.page.goto('/households');
    await officialPhone.page.getByText('Hơn 1.000 hộ', { exact: true }).waitFor();
    await screenshot(officialPhone.page, 'official-households-capped-360');

    const phone = await app.open(360, 780);
    await signInAs(phone.page, clerk.username, clerk.password);
    await phone.page.goto('/households');
    await phone.page.getByText('1.001 hộ', { exact: true }).waitFor();
    await phone.page.getByText('Trang 1/51', { exact: true }).waitFor();
    expect(await phone.page.getByRole('columnheader', { name: 'Xã/Phường' }).count()).to.equal(0);
    await screenshot(phone.page, 'commune-households-1001-360');
  });
});
