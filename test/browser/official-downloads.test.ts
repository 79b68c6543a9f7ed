import { expect } from 'chai';
import { parse as parseCsv } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { readFile } from 'node:fs/promises';
import request from 'supertest';
import { changeReceiverStatus } from '../../src/receivers/inventory';
import { SYSTEM_ACTOR } from '../../src/users/roles';
import { testApp } from '../support/app';
import { givenStartedBatch, givenStock } from '../support/batches';
import { signInAs, useBrowserApp } from '../support/browser';
import { confirmDeliveries } from '../support/deliveries';
import { givenAreas, givenUser, type GivenUser } from '../support/factories';

// The official's downloads (issue 13 items 3 and 5), in Chromium against the real service: the
// inventory CSV from the inventory page and the payment .xlsx from the acceptance page, each file
// checked against the API's JSON.

describe('browser: official downloads', function () {
  this.timeout(240_000);
  const app = useBrowserApp();
  let official: GivenUser;
  let reader: GivenUser;

  beforeEach(async () => {
    await givenAreas();
    official = await givenUser('official', '25', { login: false });
    reader = await givenUser('official', '25');
  });

  it('when the official downloads the inventory CSV from the inventory page, then its lines equal the report the API answers', async () => {
    const given = await givenStartedBatch({ receivers: 3, households: 2 });
    await confirmDeliveries(given, given.households.slice(0, 1), reader.auth);
    const stock = await givenStock('25', 2);
    await changeReceiverStatus(
      stock[0],
      { action: 'mark_defective', reason: 'Không lên nguồn' },
      SYSTEM_ACTOR,
    );

    const { page } = await app.open();
    await signInAs(page, official.username, official.password);
    await page.goto('/inventory');
    await page.getByRole('heading', { name: 'Báo cáo tồn kho đầu thu' }).waitFor();
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Tải báo cáo (.csv)' }).click(),
    ]);

    expect(download.suggestedFilename()).to.match(/^ton-kho-dau-thu-25-\d{4}-\d{2}-\d{2}\.csv$/);
    const text = (await readFile(await download.path())).toString('utf8');
    expect(text.charCodeAt(0), 'a BOM, so Excel reads the marks').to.equal(0xfeff);
    const rows = parseCsv(text, { bom: true }) as string[][];
    expect(rows[0]).to.deep.equal([
      'Nhóm',
      'Loại đầu thu',
      'Lô',
      'Nhà cung cấp',
      'Đã nhận',
      'Trong kho',
      'Đã phân cho đợt',
      'Đã lắp đặt',
      'Hỏng',
      'Thất lạc',
    ]);
    const report = (await request(testApp).get('/api/v1/reports/inventory').set(reader.auth).expect(200))
      .body as {
      totals: Record<string, number>;
      byType: (Record<string, number> & { typeName: string })[];
      byLot: (Record<string, number> & { lot: string | null })[];
    };
    const figures = (f: Record<string, number>) =>
      [f.received, f.inStock, f.allocated, f.installed, f.defective, f.lost].map(String);
    expect(rows[1]).to.deep.equal(['Tổng cộng', '', '', '', ...figures(report.totals)]);
    expect(report.totals).to.include({ received: 5, inStock: 1, allocated: 2, installed: 1, defective: 1 });
    const typeLine = rows.find((r) => r[0] === 'Theo loại');
    expect(typeLine).to.deep.equal([
      'Theo loại',
      report.byType[0].typeName,
      '',
      '',
      ...figures(report.byType[0]),
    ]);
    const lotLines = rows.filter((r) => r[0] === 'Theo lô');
    expect(lotLines.map((r) => r.slice(4))).to.deep.equal(report.byLot.map(figures));
  });

  it('when the official downloads the payment totals from the acceptance page, then each commune’s cells equal the API and the commune codes are text', async () => {
    const given = await givenStartedBatch({ receivers: 3, households: 3 });
    await confirmDeliveries(given, given.households.slice(0, 2), reader.auth);
    const api = (await request(testApp).get('/api/v1/reports/payment').set(reader.auth).expect(200)).body as {
      communes: {
        code: string;
        name: string;
        delivered: number;
        notYetDelivered: number;
        eligible: number;
      }[];
      totals: { delivered: number };
    };

    const { page } = await app.open();
    await signInAs(page, official.username, official.password);
    await page.getByRole('link', { name: 'Nghiệm thu' }).click();
    await page.getByRole('heading', { name: /Tổng hợp thanh toán toàn địa bàn/ }).waitFor();
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Tải tổng hợp thanh toán (.xlsx)' }).click(),
    ]);

    expect(download.suggestedFilename()).to.match(/^thanh-toan-25-\d{4}-\d{2}-\d{2}\.xlsx$/);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load((await readFile(await download.path())).buffer as ArrayBuffer);
    const sheet = book.getWorksheet('Tổng hợp thanh toán') as ExcelJS.Worksheet;
    expect(sheet.getCell('A1').value).to.equal('Mã xã');
    expect(sheet.getCell('E1').value).to.equal('Số hộ đã bàn giao (thanh toán)');
    for (const [i, c] of api.communes.entries()) {
      const row = i + 2;
      expect(sheet.getCell(row, 1).value).to.equal(c.code);
      expect(sheet.getCell(row, 1).type).to.equal(ExcelJS.ValueType.String);
      expect(sheet.getCell(row, 1).numFmt).to.equal('@');
      expect(sheet.getCell(row, 2).value).to.equal(c.name);
      expect(sheet.getCell(row, 4).value).to.equal(c.eligible);
      expect(sheet.getCell(row, 5).value).to.equal(c.delivered);
      expect(sheet.getCell(row, 6).value).to.equal(c.notYetDelivered);
    }
    const duuLau = api.communes.findIndex((c) => c.code === '07888') + 2;
    expect(sheet.getCell(duuLau, 5).value).to.equal(2);
    expect(sheet.getCell(duuLau, 6).value).to.equal(1);
    const last = sheet.getRow(api.communes.length + 2);
    expect(last.getCell(5).value).to.equal(api.totals.delivered);
    expect(api.totals.delivered).to.equal(2);
  });
});
