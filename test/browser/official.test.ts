import { expect } from 'chai';
import type { Page } from 'playwright-core';
import * as areas from '../../src/areas/service';
import { confirmDelivery } from '../../src/batches/completion';
import { HouseholdModel } from '../../src/households/model';
import { ReceiverModel } from '../../src/receivers/model';
import { approveHousehold } from '../../src/households/review';
import { SYSTEM_ACTOR } from '../../src/users/roles';
import * as users from '../../src/users/service';
import {
  confirmBody,
  deliveryIdOf,
  givenApprovedHouseholds,
  givenStartedBatch,
  givenStock,
} from '../support/batches';
import { expectNoSideScroll, signInAs, useBrowserApp } from '../support/browser';
import { givenAreas, givenHousehold, givenUser, type GivenUser } from '../support/factories';
import { screenshot } from '../support/screenshots';

// The official's journeys (issue 13): the coverage dashboard, the review queue with bulk review and
// duplicates, batches and the acceptance papers (inspections: official-inspections.test.ts), in Chromium against the real service.

const DUU_LAU = '07888'; // Phường Dữu Lâu, Thành phố Việt Trì, Tỉnh Phú Thọ
const VAN_CO = '07891'; // Phường Vân Cơ, same district

describe('browser: official', function () {
  this.timeout(240_000);
  const app = useBrowserApp();
  let official: GivenUser;

  beforeEach(async () => {
    await givenAreas();
    official = await givenUser('official', '25', { login: false });
  });

  describe('coverage dashboard', () => {
    it('when deliveries are under way, then the totals, the chart and the late communes show, and a figure opens its households', async () => {
      await areas.setCommuneTargets(DUU_LAU, { poor: 10, nearPoor: 5, listYear: 2024 }, SYSTEM_ACTOR);
      await areas.setCommuneTargets(VAN_CO, { poor: 4, nearPoor: 0, listYear: 2024 }, SYSTEM_ACTOR);
      const switchOff = new Date(Date.now() + 20 * 86_400_000).toISOString().slice(0, 10);
      await areas.setProvinceProgramme('25', { switchOffDate: switchOff }, SYSTEM_ACTOR);
      const { serials, households } = await givenStartedBatch({ receivers: 3, households: 3 });
      const auth = (await givenUser('official', '25')).auth;
      for (const i of [0, 1]) {
        const id = await deliveryIdOf(households[i].id, auth);
        await confirmDelivery(id, confirmBody(serials[i]), SYSTEM_ACTOR);
      }
      const waiting = await givenHousehold(VAN_CO, { head: { fullName: 'Lò Thị Chờ' } });
      await givenHousehold(VAN_CO, { head: { fullName: 'Hà Văn Đợi' } });
      const approved = await givenHousehold(VAN_CO, { head: { fullName: 'Đinh Văn Duyệt' } });
      await approveHousehold(approved.id, {}, SYSTEM_ACTOR);

      const { page } = await app.open();
      await signInAs(page, official.username, official.password);

      await page.getByRole('heading', { name: 'Tổng quan: Tỉnh Phú Thọ' }).waitFor();
      const totals = page.getByRole('region', { name: 'Toàn địa bàn' });
      await totals.getByText('Đã bàn giao').waitFor();
      expect(await totals.locator('div', { hasText: 'Đã bàn giao' }).locator('dd').textContent()).to.equal(
        '2',
      );
      expect(await totals.locator('div', { hasText: 'Chờ duyệt' }).locator('dd').textContent()).to.equal('2');
      const bars = page.getByRole('img', { name: /Biểu đồ tỷ lệ phủ/ });
      expect(await bars.getAttribute('aria-label')).to.contain('đã bàn giao 2/4 hộ đã duyệt (50%)');
      // Each rate says what it is of: the delivered of the approved, the listed of the target.
      await totals.getByText('2/4 hộ đã duyệt', { exact: true }).waitFor();
      await totals.getByText('6/19 hộ theo chỉ tiêu', { exact: true }).waitFor();
      await page.locator('canvas[data-drawn="true"]').nth(1).waitFor();
      expect(await paintedPixels(page, 0)).to.be.greaterThan(500);
      await page.getByRole('row', { name: /Thành phố Việt Trì/ }).waitFor();
      await screenshot(page, 'official-dashboard-1366');
      // The delivered line of one day is a dot in the plot (above the legend), not only its legend box.
      expect(await pixelsOf(page, 1, [11, 92, 173], 0.7)).to.be.greaterThan(10);

      await page.getByRole('link', { name: 'Xem theo xã/phường' }).click();
      const vanCo = page.getByRole('row', { name: /Phường Vân Cơ/ });
      await vanCo.getByText('Sẽ trễ').waitFor();
      expect(
        await page
          .getByRole('row', { name: /Phường Dữu Lâu/ })
          .getByText('Sẽ trễ')
          .count(),
      ).to.equal(0);
      await vanCo.getByRole('link', { name: '2' }).first().click();

      await page.getByRole('heading', { name: 'Duyệt hồ sơ' }).waitFor();
      await page.getByRole('link', { name: 'Lò Thị Chờ' }).waitFor();
      expect(page.url()).to.contain(`area=${VAN_CO}`);
      expect(await page.getByRole('link', { name: 'Đinh Văn Duyệt' }).count()).to.equal(0);
      expect(waiting.status).to.equal('registered');

      const phone = await app.open(360, 780);
      await signInAs(phone.page, official.username, official.password);
      await phone.page.locator('canvas[data-drawn="true"]').nth(1).waitFor();
      await screenshot(phone.page, 'official-dashboard-360');
    });
  });

  describe('review queue', () => {
    it('when the official approves all 500 matching households in one action, then the progress and per-household results show and the counters move', async () => {
      for (let i = 0; i < 499; i++) await givenHousehold(DUU_LAU, { village: `Thôn ${1 + (i % 5)}` });
      const first = await givenHousehold(DUU_LAU, {
        head: { fullName: 'Nguyễn Văn Trùng' },
        village: 'Thôn 9',
      });
      const second = await givenHousehold(DUU_LAU, {
        head: { fullName: 'Nguyễn Văn Trùng' },
        village: 'Thôn 9',
      });
      expect(second.needsDuplicateReview).to.equal(true); // the first stays in the eligible tab: 500
      const { page } = await app.open();
      await signInAs(page, official.username, official.password);
      await page.getByRole('link', { name: 'Duyệt hồ sơ' }).click();
      await page.getByLabel('Xã/phường').selectOption({ label: 'Phường Dữu Lâu (501 chờ duyệt)' });
      await page.getByRole('button', { name: 'Lọc', exact: true }).click();
      await page.getByText('500 hộ', { exact: true }).waitFor();
      expect(await page.getByTestId('count-pending').textContent()).to.equal('501');
      await screenshot(page, 'official-review-1366');

      await page.getByRole('button', { name: 'Chọn tất cả 500 hộ khớp bộ lọc' }).click();
      await page.getByRole('button', { name: 'Duyệt 500 hộ' }).click();

      await page.getByRole('heading', { name: 'Kết quả' }).waitFor({ timeout: 120_000 });
      await page.getByText('Đã xử lý 500/500 hộ').waitFor();
      await page.locator('dl.figures div', { hasText: 'Đã duyệt' }).getByText('500').waitFor();
      await page.getByTestId('count-approved').getByText('500').waitFor();
      expect(await page.getByTestId('count-pending').textContent()).to.equal('1');
      expect(
        await HouseholdModel.countDocuments({ 'area.communeCode': DUU_LAU, status: 'approved' }),
      ).to.equal(500);
      // The eligible group is empty, the flagged household waits in another: the page says where.
      await page
        .getByText(
          'Mục này đã hết hộ chờ duyệt. Còn 1 hộ chờ duyệt ở mục "Chưa đủ điều kiện" hoặc "Nghi trùng".',
        )
        .waitFor();
      await screenshot(page, 'official-review-done-1366');

      await page.getByRole('tab', { name: 'Nghi trùng' }).click();
      await page.getByRole('button', { name: 'So sánh' }).first().waitFor();
      const flagged = await HouseholdModel.find({ needsDuplicateReview: true }).lean();
      const target = flagged.some((h) => String(h._id) === second.id) ? second : first;
      const other = target === second ? first : second;
      await page.goto(`/review?area=${DUU_LAU}&tab=duplicates&compare=${target.id}`);
      const compare = page.getByRole('region', { name: /So sánh hộ nghi trùng/ });
      await compare
        .getByRole('row', { name: /Số CCCD\/CMND/ })
        .locator('td.differs')
        .waitFor();
      await screenshot(page, 'official-duplicate-1366');
      await compare.getByRole('button', { name: 'Từ chối vì trùng với Nguyễn Văn Trùng' }).click();

      await compare.waitFor({ state: 'detached' });
      const stored = await HouseholdModel.findById(target.id).lean();
      expect(stored?.status).to.equal('rejected');
      expect(stored?.statusReason).to.contain(other.id);
    });
  });
  describe('batches', () => {
    it('when the official plans a batch, allocates by count and by a scanned serial, fills, starts and closes it, then each step shows its result and the close its summary', async () => {
      const installer = await givenUser('installer', '25', { login: false });
      const households = await givenApprovedHouseholds(DUU_LAU, 3);
      const serials = await givenStock('25', 4);
      const { page } = await app.open();
      await signInAs(page, official.username, official.password);
      await page.getByRole('link', { name: 'Đợt lắp đặt' }).click();
      await page.getByRole('button', { name: 'Lập đợt lắp đặt mới' }).click();
      await page.getByLabel('Tên đợt').fill('Đợt 1 – Việt Trì');
      await page.getByLabel('Phường Dữu Lâu (3 hộ đã duyệt chờ xếp đợt)').check();
      await page.getByLabel(new RegExp(installer.username)).check();
      await page.getByLabel('Ngày bắt đầu dự kiến').fill('10/12/2026');
      await page.getByRole('button', { name: 'Lập đợt lắp đặt mới' }).click();

      await page.getByRole('heading', { name: /25-D1-\d+ · Đợt 1 – Việt Trì/ }).waitFor();
      await page.getByText('Đang lập kế hoạch').waitFor();
      // Planned from 10/12, stored as its midnight in Vietnam (the 9th in UTC): shown, edited and saved
      // back as the 10th (the page showed "09/12/2026 – …", and each save moved it a day earlier).
      await page.getByText('từ 10/12/2026', { exact: true }).waitFor();
      await page.getByRole('button', { name: 'Sửa thông tin đợt' }).click();
      expect(await page.getByLabel('Ngày bắt đầu dự kiến').inputValue()).to.equal('10/12/2026');
      // A day that does not exist is said at once, in words; then the day is written as clerks write it.
      await page.getByLabel('Ngày kết thúc dự kiến').fill('31/11/2026');
      await page.getByLabel('Ngày kết thúc dự kiến').blur();
      await page.getByText('Hãy ghi ngày theo dạng ngày/tháng/năm, ví dụ 31/12/2026.').waitFor();
      await page.getByLabel('Ngày kết thúc dự kiến').fill('20/12/2026');
      await page.getByRole('button', { name: 'Lưu' }).click();
      await page.getByText('Đã lưu thông tin đợt.').waitFor();
      await page.getByText('10/12/2026 – 20/12/2026', { exact: true }).waitFor();
      await page.getByLabel('Số lượng đầu thu').fill('2');
      await page.getByRole('button', { name: 'Cấp theo số lượng' }).click();
      await page.getByText('Đã cấp 2 đầu thu.').waitFor();
      await page.getByLabel(/quét\/dán số serial/).fill(`${serials[3].toLowerCase()}\n`);
      await page.getByRole('button', { name: 'Cấp 1 đầu thu theo serial' }).click();
      await page.getByText('Đã cấp 1 đầu thu.').waitFor();
      await page.getByRole('button', { name: 'Thêm tự động' }).click();
      await page.getByText('Đã thêm 3 hộ. Còn 0 đầu thu chưa xếp cho hộ nào.').waitFor();
      await page.getByRole('button', { name: 'Bắt đầu đợt' }).click();
      await page.getByText('Đợt đã bắt đầu.').waitFor();
      await page.getByRole('heading', { name: 'Đang lắp đặt' }).waitFor();

      const batchId = page.url().split('/').pop() ?? '';
      const auth = (await givenUser('official', '25')).auth;
      const delivery = await deliveryIdOf(households[0].id, auth);
      const stored = await ReceiverModel.find({ batchId, status: 'allocated' }).lean();
      await confirmDelivery(delivery, confirmBody(stored[0].serial), SYSTEM_ACTOR);
      // The installer's account is locked meanwhile: the batch still names them, marked locked.
      await users.updateUser(installer.id, { active: false }, SYSTEM_ACTOR);
      await page.reload();
      await page.getByText(`${installer.fullName} (đã khoá)`, { exact: true }).waitFor();
      const byCommune = page.getByRole('table', { name: 'Theo xã/phường' });
      await byCommune.getByRole('row', { name: /Phường Dữu Lâu\s*2\s*1\s*0\s*0/ }).waitFor();
      // Confirmed by the system's own identity here: named as the papers and the household history name it.
      const byPerson = page.getByRole('table', { name: 'Theo người lắp đặt' });
      await byPerson.getByRole('row', { name: /^Hệ thống \(tự động\)\s*1\s*0$/ }).waitFor();
      await screenshot(page, 'official-batch-1366');
      // On a phone the progress tables stack and nothing scrolls sideways.
      await page.setViewportSize({ width: 360, height: 800 });
      await byPerson.getByRole('rowheader', { name: 'Hệ thống (tự động)' }).waitFor();
      await expectNoSideScroll(page);
      await screenshot(page, 'official-batch-360');
      await page.setViewportSize({ width: 1366, height: 800 });

      await page.getByLabel('Tôi đã kiểm tra và muốn kết thúc đợt này').check();
      await page.getByRole('button', { name: 'Kết thúc đợt' }).click();

      // Closing cancels each pending delivery under its lock and returns each receiver: slow on a
      // loaded FerretDB (it passed in 9 s here and timed out at 15 s under CI).
      await page
        .getByText('Đã kết thúc đợt: 2 hộ chưa lắp trở về danh sách chờ, 2 đầu thu trở về kho.')
        .waitFor({ timeout: 90_000 });
      await page.getByRole('heading', { name: 'Đã kết thúc' }).waitFor();
      expect(await ReceiverModel.countDocuments({ batchId, status: 'allocated' })).to.equal(0);
      expect(
        await HouseholdModel.countDocuments({ status: 'approved', 'area.communeCode': DUU_LAU }),
      ).to.equal(2);
    });
  });
});

/** The part of a canvas element the pixel count reads (the tests' TypeScript has no DOM types). */
interface CanvasLike {
  width: number;
  height: number;
  getContext(kind: '2d'): {
    getImageData(x: number, y: number, w: number, h: number): { data: Uint8ClampedArray };
  };
}

/** Pixels of (about) colour `rgb` in the top `part` of the n-th canvas (the plot, above a legend at the bottom). */
async function pixelsOf(page: Page, n: number, rgb: [number, number, number], part: number): Promise<number> {
  return page
    .locator('canvas')
    .nth(n)
    .evaluate(
      (el, [r, g, b, share]) => {
        const c = el as unknown as CanvasLike;
        const { data } = c.getContext('2d').getImageData(0, 0, c.width, Math.floor(c.height * share));
        let found = 0;
        for (let i = 0; i < data.length; i += 4)
          if (
            Math.abs(data[i] - r) + Math.abs(data[i + 1] - g) + Math.abs(data[i + 2] - b) < 30 &&
            data[i + 3] > 200
          )
            found++;
        return found;
      },
      [...rgb, part] as [number, number, number, number],
    );
}

/** Non-blank pixels of the n-th canvas: the chart was drawn, not just the element placed. */
async function paintedPixels(page: Page, n: number): Promise<number> {
  return page
    .locator('canvas')
    .nth(n)
    .evaluate((el) => {
      const c = el as unknown as CanvasLike;
      const { data } = c.getContext('2d').getImageData(0, 0, c.width, c.height);
      let painted = 0;
      for (let i = 3; i < data.length; i += 4) if (data[i] !== 0) painted++;
      return painted;
    });
}
