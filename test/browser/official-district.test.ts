import { expect } from 'chai';
import { signInAs, useBrowserApp } from '../support/browser';
import { givenStartedBatch } from '../support/batches';
import { givenAreas, givenUser } from '../support/factories';

// A district official follows the province's batches and stock in their district; the province's
// officials run them (the server refuses the rest). The pages say so instead of offering forms that
// end in "Chỉ cán bộ cấp tỉnh lập và điều hành đợt lắp đặt" after they are filled in.

describe('browser: a district official', function () {
  this.timeout(120_000);
  const app = useBrowserApp();

  it('when they open batches, a batch and receivers, then they follow them and are told who runs them', async () => {
    await givenAreas();
    const { batch } = await givenStartedBatch({ receivers: 2, households: 2 });
    const district = await givenUser('official', '227');
    const { page } = await app.open(1366, 900);
    await signInAs(page, district.username, district.password);

    await page.getByRole('link', { name: 'Đợt lắp đặt' }).click();
    const runs =
      'Đợt lắp đặt do cán bộ cấp tỉnh lập và điều hành; ở đây bạn theo dõi các đợt có xã trong địa bàn của mình.';
    await page.getByText(runs).waitFor();
    expect(await page.getByRole('button', { name: 'Lập đợt lắp đặt mới' }).count()).to.equal(0);
    await page.getByRole('link', { name: new RegExp(batch.code) }).click();
    await page.getByRole('heading', { name: new RegExp(batch.code) }).waitFor();
    await page.getByText(runs).waitFor();
    expect(await page.getByRole('button', { name: 'Kết thúc đợt' }).count()).to.equal(0);
    expect(await page.getByRole('button', { name: 'Cấp theo số lượng' }).count()).to.equal(0);

    await page.getByRole('link', { name: 'Đầu thu', exact: true }).click();
    await page
      .getByText('Đầu thu do cán bộ cấp tỉnh nhập vào kho; ở đây bạn xem và báo hỏng, thất lạc.')
      .waitFor();
    expect(
      await page.getByRole('heading', { name: 'Nhập đầu thu từ tệp của nhà cung cấp' }).count(),
    ).to.equal(0);
  });
});
