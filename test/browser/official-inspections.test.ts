import { expect } from 'chai';
import ExcelJS from 'exceljs';
import { readFile } from 'node:fs/promises';
import request from 'supertest';
import { addHouseholds } from '../../src/batches/assignment';
import { approveHousehold } from '../../src/households/review';
import { InspectionModel } from '../../src/inspections/model';
import { SYSTEM_ACTOR } from '../../src/users/roles';
import { testApp } from '../support/app';
import { givenStartedBatch } from '../support/batches';
import { signInAs, useBrowserApp } from '../support/browser';
import { confirmDeliveries } from '../support/deliveries';
import { givenAreas, givenHousehold, givenUser, type GivenUser } from '../support/factories';
import { screenshot } from '../support/screenshots';

// The official's inspections (issue 13 item 6), in Chromium against the real service: draw a sample
// with a seed, record results from the field list on a phone (a conflict included), the printed list
// and the field list .xlsx, the summary by district and commune names.

const PHONE = '0987654321';

describe('browser: official inspections', function () {
  this.timeout(240_000);
  const app = useBrowserApp();
  let official: GivenUser;
  let colleague: GivenUser;

  beforeEach(async () => {
    await givenAreas();
    official = await givenUser('official', '25', { login: false });
    colleague = await givenUser('official', '25');
    const given = await givenStartedBatch({ receivers: 4, households: 3 });
    const vanCo = await givenHousehold('07891', {
      phone: PHONE,
      address: 'Tổ 5, đường Hùng Vương',
      head: { fullName: 'Đỗ Thị Ngọc Ánh' },
    });
    await approveHousehold(vanCo.id, {}, SYSTEM_ACTOR);
    await addHouseholds(given.batch.id, { householdIds: [vanCo.id] }, SYSTEM_ACTOR);
    await confirmDeliveries(given, [...given.households, vanCo], colleague.auth);
  });

  it('when the official draws a sample on a phone and records from the field list, then the seed, the results, a conflict in words and the summary by commune show', async () => {
    const { page } = await app.open(360, 780);
    await signInAs(page, official.username, official.password);
    // On a phone the sections fold behind one button naming the page; sign-out stays in view.
    const menu = page.getByRole('button', { name: 'Chức năng: Tổng quan' });
    expect(await menu.getAttribute('aria-expanded')).to.equal('false');
    expect(await page.getByRole('link', { name: 'Kiểm tra' }).count()).to.equal(0);
    const header = await page.locator('header.top').boundingBox();
    expect(header!.height, 'the header leaves the screen to the page').to.be.at.most(160);
    await menu.click();
    await screenshot(page, 'official-menu-360');
    await page.getByRole('link', { name: 'Kiểm tra' }).click();
    await page.getByRole('button', { name: 'Chức năng: Kiểm tra' }).waitFor();
    expect(
      await page.getByRole('link', { name: 'Nhật ký' }).count(),
      'closed again on the new page',
    ).to.equal(0);
    await page.getByLabel('Địa bàn chọn mẫu').selectOption({ label: 'Toàn bộ Tỉnh Phú Thọ' });
    await page.getByLabel('Số hộ hoặc tỷ lệ %').fill('3');
    await page.getByLabel('Mã chọn mẫu').fill('kiem-tra-2026');
    await page.getByRole('button', { name: 'Chọn mẫu kiểm tra' }).click();

    await page.getByText('Đã chọn 3 trong 4 hộ đã bàn giao. Mã chọn mẫu: kiem-tra-2026').waitFor();
    await page.getByRole('heading', { name: 'Mẫu kiểm tra Tỉnh Phú Thọ' }).waitFor();
    await page
      .getByText(/Chọn lại trên cùng địa bàn với mã kiem-tra-2026 và cùng cách chọn/)
      .first()
      .waitFor();
    await page.getByText('Đã kiểm tra 0/3 hộ').waitFor();
    const list = page.getByRole('list', { name: 'Danh sách đi kiểm tra' });
    const rows = list.getByRole('listitem');
    await rows.nth(2).waitFor();
    expect(await rows.count()).to.equal(3);
    const ngocAnh = list.getByRole('listitem', { name: /Đỗ Thị Ngọc Ánh/ });
    await ngocAnh.getByText('Phường Vân Cơ · Thôn Đồng Sơn · Tổ 5, đường Hùng Vương').waitFor();
    expect(await ngocAnh.getByRole('link', { name: PHONE }).getAttribute('href')).to.equal(`tel:${PHONE}`);

    const first = rows.first();
    const choice = first.getByRole('radio', { name: 'Đầu thu không hoạt động' });
    const box = await first.getByText('Đầu thu không hoạt động').boundingBox();
    expect(box?.height ?? 0, 'a result choice is a big target on a phone').to.be.at.least(44);
    await choice.check();
    await first.getByLabel('Ghi chú').fill('Không lên hình');
    await first.getByRole('button', { name: 'Lưu kết quả' }).click();
    await first.getByText('Đã ghi: Đầu thu không hoạt động · Không lên hình').waitFor();
    // A problem is not shown in the colour of a pass.
    expect(
      await first.getByText('Đã ghi: Đầu thu không hoạt động').evaluate((el) => getComputedStyle(el).color),
    ).to.equal('rgb(138, 90, 0)');
    await page.getByText('Đã kiểm tra 1/3 hộ').waitFor();
    const firstId = new URL(page.url()).searchParams.get('sample') ?? '';
    const stored = await InspectionModel.find({ sampleId: firstId }).sort({ order: 1 }).lean();
    expect(stored[0]).to.include({ status: 'inspected', result: 'not_working', notes: 'Không lên hình' });

    // A colleague records the second household meanwhile: the phone says so in words and reloads it.
    await request(testApp)
      .post(`/api/v1/inspections/${String(stored[1]._id)}/result`)
      .set(colleague.auth)
      .send({ result: 'ok' })
      .expect(200);
    const second = rows.nth(1);
    await second.getByRole('radio', { name: 'Lắp sai hộ' }).check();
    await second.getByRole('button', { name: 'Lưu kết quả' }).click();
    await second
      .getByText(
        'Hộ này vừa được ghi kết quả khác: "Đúng, đầu thu hoạt động". Kết quả của bạn chưa được lưu. Hãy tải lại hộ này, xem rồi sửa nếu cần.',
      )
      .waitFor();
    expect((await InspectionModel.findById(stored[1]._id).lean())?.result).to.equal('ok');
    await screenshot(page, 'official-inspections-conflict-360');
    await second.getByRole('button', { name: 'Tải lại hộ này' }).click();
    await second.getByText('Đã ghi: Đúng, đầu thu hoạt động').waitFor();
    expect(
      await second.getByText('Đã ghi: Đúng, đầu thu hoạt động').evaluate((el) => getComputedStyle(el).color),
    ).to.equal('rgb(26, 127, 55)');

    const summary = page.getByRole('table', { name: 'Theo huyện' });
    await summary
      .getByRole('row', {
        // The rate is of the households inspected, and says so: 1 of the 2 inspected, not of the 3 drawn.
        name: /Thành phố Việt Trì.*trong mẫu: 3.*Đã kiểm tra: 2.*Chưa kiểm tra: 1.*Có vấn đề \/ số hộ đã kiểm tra: 1\/2 \(50\s?%\)/,
      })
      .waitFor();
    await summary.getByRole('link', { name: 'Thành phố Việt Trì' }).click();
    const communes = page.getByRole('table', { name: 'Theo xã/phường' });
    await communes.getByRole('row', { name: /Phường Dữu Lâu/ }).waitFor();
    await communes.getByRole('row', { name: /Phường Vân Cơ.*trong mẫu: 1/ }).waitFor();
    await page.getByRole('heading', { name: 'Tổng hợp kiểm tra: Thành phố Việt Trì' }).waitFor();
    await page.goto(`/inspections?sample=${firstId}`);
    await page.getByText('Đã kiểm tra 2/3 hộ').waitFor();
    await screenshot(page, 'official-inspections-360');

    // Drawn again with the same seed: the same households in the same order.
    const names = await list.getByRole('heading').allTextContents();
    await page.getByLabel('Số hộ hoặc tỷ lệ %').fill('3');
    await page.getByLabel('Mã chọn mẫu').fill('kiem-tra-2026');
    await page.getByRole('button', { name: 'Chọn mẫu kiểm tra' }).click();
    await page.waitForURL((url) => !url.search.includes(firstId));
    await page.getByText('Đã kiểm tra 0/3 hộ').waitFor();
    expect(await list.getByRole('heading').allTextContents()).to.deep.equal(names);

    // Both samples are listed by name and seed; the first opens again with its recorded results.
    await page.getByRole('link', { name: '← Các mẫu đã chọn' }).click();
    const samples = page
      .getByRole('list')
      .filter({ hasText: 'mã chọn mẫu kiem-tra-2026' })
      .getByRole('listitem');
    await samples.nth(1).waitFor();
    expect(await samples.count()).to.equal(2);
    await samples
      .nth(1)
      .getByText(/3 hộ · mã chọn mẫu kiem-tra-2026 · chọn ngày \d{2}\/\d{2}\/\d{4}/)
      .waitFor();
    await samples.nth(1).getByRole('link', { name: 'Mẫu kiểm tra Tỉnh Phú Thọ' }).click();
    await page.getByText('Đã kiểm tra 2/3 hộ').waitFor();
    expect(new URL(page.url()).searchParams.get('sample')).to.equal(firstId);
  });

  it('when the official prints the field list and downloads it, then the paper has the province, communes, seed, one row a household and signature lines, and the .xlsx matches the list', async () => {
    const drawn = await request(testApp)
      .post('/api/v1/inspections/samples')
      .set(colleague.auth)
      .send({ areaCode: '25', seed: 'quy-1', size: 4, name: 'Kiểm tra quý I/2026' })
      .expect(201);
    const sample = await request(testApp)
      .get(`/api/v1/inspections/samples/${drawn.body.id}`)
      .set(colleague.auth)
      .expect(200);
    const lines = sample.body.inspections as {
      id: string;
      household: { fullName: string };
      serial: string;
    }[];
    await request(testApp)
      .post(`/api/v1/inspections/${lines[0].id}/result`)
      .set(colleague.auth)
      .send({ result: 'ok' })
      .expect(200);

    const { page } = await app.open();
    await signInAs(page, official.username, official.password);
    await page.goto(`/inspections?sample=${drawn.body.id}`);
    await page.getByRole('heading', { name: 'Kiểm tra quý I/2026' }).waitFor();
    await screenshot(page, 'official-inspections-1366');
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Tải danh sách (.xlsx)' }).click(),
    ]);
    expect(download.suggestedFilename()).to.match(/^kiem-tra-25-\d{4}-\d{2}-\d{2}\.xlsx$/);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load((await readFile(await download.path())).buffer as ArrayBuffer);
    const sheet = book.getWorksheet('Danh sách kiểm tra') as ExcelJS.Worksheet;
    expect(sheet.rowCount).to.equal(5);
    for (const [i, line] of lines.entries()) {
      expect(sheet.getCell(i + 2, 1).value).to.equal(i + 1);
      expect(sheet.getCell(i + 2, 4).value).to.equal(line.household.fullName);
      expect(sheet.getCell(i + 2, 7).value).to.equal(line.serial);
    }
    expect(sheet.getCell(2, 9).value).to.equal('đạt');
    expect(sheet.getCell(3, 9).value).to.equal(null);
    const phoneRow = lines.findIndex((l) => l.household.fullName === 'Đỗ Thị Ngọc Ánh') + 2;
    expect(sheet.getCell(phoneRow, 6).value).to.equal(PHONE);
    expect(sheet.getCell(phoneRow, 6).numFmt).to.equal('@');

    await page.emulateMedia({ media: 'print' });
    await page.getByRole('heading', { name: 'DANH SÁCH HỘ KIỂM TRA SAU LẮP ĐẶT ĐẦU THU' }).waitFor();
    await page.getByText('TỈNH PHÚ THỌ', { exact: true }).waitFor();
    await page.getByText('Địa bàn: Tỉnh Phú Thọ (Phường Dữu Lâu, Phường Vân Cơ)').waitFor();
    await page.getByText(/Mã chọn mẫu: quy-1 · 4 trong 4 hộ đã bàn giao/).waitFor();
    const table = page.getByRole('table').filter({ hasText: 'Số serial đầu thu' });
    expect(await table.getByRole('row').count()).to.equal(5);
    await table
      .getByRole('row', { name: new RegExp(`${lines[0].household.fullName}.*Đúng, đầu thu hoạt động`) })
      .waitFor();
    await table.getByRole('row', { name: new RegExp(`Đỗ Thị Ngọc Ánh.*${PHONE}`) }).waitFor();
    await page.getByText('Người kiểm tra').waitFor();
    // The sample spans two communes: each confirms its own households on the paper.
    await page.getByText('Xác nhận của UBND Phường Dữu Lâu').waitFor();
    await page.getByText('Xác nhận của UBND Phường Vân Cơ').waitFor();
    expect(await page.getByRole('navigation').first().isVisible()).to.equal(false);
    expect(await page.getByRole('list', { name: 'Danh sách đi kiểm tra' }).isVisible()).to.equal(false);
    await screenshot(page, 'official-inspections-print');
  });
});
