import { expect } from 'chai';
import ExcelJS from 'exceljs';
import request from 'supertest';
import { AreaModel } from '../../src/areas/model';
import * as areas from '../../src/areas/service';
import { AuditModel } from '../../src/audit/model';
import { SYSTEM_ACTOR } from '../../src/users/roles';
import { testApp } from '../support/app';
import { useTestDb } from '../support/db';
import { givenAreas, givenUser, type GivenUser } from '../support/factories';

const API = '/api/v1/areas';
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

const targetsOf = async (code: string) => (await AreaModel.findOne({ code }).lean())?.targets;

/** A commune's sheet as printed: title rows, the header, column numbers, communes, totals, signature. */
async function targetsSheet(rows: unknown[][]): Promise<Buffer> {
  const book = new ExcelJS.Workbook();
  const sheet = book.addWorksheet('Sheet1');
  sheet.addRow(['UBND TỈNH PHÚ THỌ']);
  sheet.addRow(['CHỈ TIÊU HỘ NGHÈO, CẬN NGHÈO NĂM 2024']);
  sheet.addRow(['STT', 'Mã xã', 'Tên xã', 'Số hộ nghèo', 'Số hộ cận nghèo', 'Năm danh sách', 'Loại đầu thu']);
  sheet.addRow(['(1)', '(2)', '(3)', '(4)', '(5)', '(6)', '(7)']);
  for (const r of rows) sheet.addRow(r);
  sheet.addRow(['', '', 'Tổng cộng', 30, 20]);
  sheet.addRow(['', '', 'Phú Thọ, ngày 10 tháng 3 năm 2025']);
  sheet.addRow(['', '', 'NGƯỜI LẬP BIỂU']);
  sheet.addRow(['', '', 'Nguyễn Văn Lập']);
  return Buffer.from(await book.xlsx.writeBuffer());
}

describe('commune targets in bulk', () => {
  useTestDb();

  let official: GivenUser;

  beforeEach(async () => {
    await givenAreas();
    official = await givenUser('official', '25');
  });

  describe('PUT /api/v1/areas/targets', () => {
    it('when an official sets several communes, then each is stored and audited; others are rejected in words; a retry changes nothing', async () => {
      const rows = [
        { code: '07888', poor: 12, nearPoor: 8, listYear: 2024, defaultReceiverType: 'satellite' },
        { code: '07891', poor: 3, nearPoor: 2, listYear: 2024 },
        { code: '00001', poor: 1, nearPoor: 1, listYear: 2024 },
        { code: '07888', poor: 99, nearPoor: 0, listYear: 2024 },
      ];

      const first = await request(testApp).put(`${API}/targets`).set(official.auth).send({ rows });
      const retry = await request(testApp).put(`${API}/targets`).set(official.auth).send({ rows });

      expect(first.status).to.equal(200);
      expect(first.body.counts).to.deep.equal({ updated: 2, unchanged: 0, rejected: 2 });
      expect(first.body.results[0]).to.deep.equal({
        code: '07888',
        communeName: 'Phường Dữu Lâu',
        outcome: 'updated',
        reason: null,
      });
      expect(first.body.results[2].reason.vi).to.equal('Không có xã mã 00001 trong địa bàn của bạn');
      expect(first.body.results[3].reason.vi).to.equal('Xã 07888 đã có ở dòng trước');
      expect(retry.body.counts).to.deep.equal({ updated: 0, unchanged: 2, rejected: 2 });
      expect(await targetsOf('07888')).to.include({ poor: 12, nearPoor: 8, listYear: 2024 });
      expect((await AreaModel.findOne({ code: '07888' }).lean())?.defaultReceiverType).to.equal('satellite');
      expect(await targetsOf('00001')).to.equal(null);
      expect(await AuditModel.countDocuments({ action: 'area.targets_set' })).to.equal(2);
    });

    it('when a row is malformed, then 400 names the row and field; commune staff get 403', async () => {
      const staff = await givenUser('commune_staff', '07888');

      const bad = await request(testApp)
        .put(`${API}/targets`)
        .set(official.auth)
        .send({ rows: [{ code: '07888', poor: -1, nearPoor: 0, listYear: 2024 }] });
      const asStaff = await request(testApp)
        .put(`${API}/targets`)
        .set(staff.auth)
        .send({ rows: [{ code: '07888', poor: 1, nearPoor: 0, listYear: 2024 }] });

      expect(bad.status).to.equal(400);
      expect(bad.body.error.details[0].path).to.equal('rows.0.poor');
      expect(bad.body.error.details[0].message).to.match(/^Số hộ nghèo \(mục 1\)/);
      expect(asStaff.status).to.equal(403);
    });
  });

  describe('POST /api/v1/areas/targets/import', () => {
    const communes = [
      [1, '07888', 'Phường Dữu Lâu', 10, 5, 2024, 'Vệ tinh'],
      [2, 7891, 'Phường Vân Cơ', 20, 15, 2024, ''],
      [3, '07894', 'Phường Nông Trang', 'mười', 15, 2024, ''],
      [4, '00688', 'Phường Quang Trung', 1, 1, 2024, ''],
    ];

    it('when a printed sheet is checked with dryRun, then every commune row is reported and nothing is written', async () => {
      const res = await request(testApp)
        .post(`${API}/targets/import`)
        .query({ dryRun: true })
        .set(official.auth)
        .set('Content-Type', XLSX)
        .send(await targetsSheet(communes));

      expect(res.status).to.equal(200);
      expect(res.body).to.include({ dryRun: true, format: 'xlsx', headerRow: 3, total: 4 });
      expect(res.body.ignoredColumns).to.deep.equal(['STT']);
      expect(res.body.counts).to.deep.equal({ updated: 2, unchanged: 0, rejected: 2 });
      expect(res.body.skipped.map((s: { row: number; kind: string }) => [s.row, s.kind])).to.deep.equal([
        [4, 'column_numbers'],
        [9, 'totals'],
        [10, 'date_line'],
        [11, 'signature'],
        [12, 'after_footer'],
      ]);
      expect(await targetsOf('07888')).to.equal(null);
    });

    it('when it is imported, then the communes are set (a code Excel made a number padded), bad rows named by row, field and column', async () => {
      const res = await request(testApp)
        .post(`${API}/targets/import`)
        .set(official.auth)
        .set('Content-Type', XLSX)
        .send(await targetsSheet(communes));

      expect(res.status).to.equal(200);
      const byRow = new Map(res.body.rows.map((r: { row: number }) => [r.row, r]));
      expect(byRow.get(5)).to.include({ code: '07888', outcome: 'updated', communeName: 'Phường Dữu Lâu' });
      expect(byRow.get(6)).to.include({ code: '07891', outcome: 'updated' });
      expect(byRow.get(7)).to.deep.include({ outcome: 'rejected', field: 'poor', column: 'Số hộ nghèo' });
      expect((byRow.get(7) as { reason: { vi: string } }).reason.vi).to.match(
        /Số hộ nghèo phải là số nguyên/,
      );
      expect(byRow.get(8)).to.deep.include({ code: '00688', outcome: 'rejected', field: 'commune_code' });
      expect(await targetsOf('07888')).to.include({ poor: 10, nearPoor: 5, listYear: 2024 });
      expect((await AreaModel.findOne({ code: '07888' }).lean())?.defaultReceiverType).to.equal('satellite');
      expect(await targetsOf('07891')).to.include({ poor: 20, nearPoor: 15 });
      expect(await targetsOf('07894')).to.equal(null);
    });

    it('when the body is no spreadsheet type, then 400; a sheet without a commune code column, 400 listing the columns', async () => {
      const wrongType = await request(testApp)
        .post(`${API}/targets/import`)
        .set(official.auth)
        .set('Content-Type', 'application/json')
        .send({});
      const noHeader = await request(testApp)
        .post(`${API}/targets/import`)
        .set(official.auth)
        .set('Content-Type', 'text/csv')
        .send('a,b\n1,2\n');

      expect(wrongType.status).to.equal(400);
      expect(noHeader.status).to.equal(400);
      expect(noHeader.body.error.message).to.match(/Mã xã/);
    });
  });

  describe('GET /api/v1/areas/targets/template', () => {
    it('when an official downloads it, then the communes of their area come pre-filled, the code as text', async () => {
      await areas.setCommuneTargets('07888', { poor: 6, nearPoor: 4, listYear: 2024 }, SYSTEM_ACTOR);

      const res = await request(testApp)
        .get(`${API}/targets/template`)
        .set(official.auth)
        .responseType('blob');

      expect(res.status).to.equal(200);
      expect(res.headers['content-type']).to.match(/spreadsheetml/);
      const book = new ExcelJS.Workbook();
      await book.xlsx.load(res.body as ArrayBuffer);
      const sheet = book.getWorksheet('Chỉ tiêu');
      expect(sheet).to.not.equal(undefined);
      const values = (n: number) => (sheet?.getRow(n).values as unknown[]).slice(1);
      expect(values(1)).to.deep.equal([
        'Mã xã',
        'Tên xã',
        'Số hộ nghèo',
        'Số hộ cận nghèo',
        'Năm danh sách',
        'Loại đầu thu mặc định',
      ]);
      expect(values(2)).to.deep.equal(['07888', 'Phường Dữu Lâu', 6, 4, 2024]);
      expect(sheet?.getRow(2).getCell(1).numFmt).to.equal('@');
      expect(sheet?.rowCount).to.equal(6); // header and the five communes of province 25
    });

    it('when the template is filled in and imported, then the figures land', async () => {
      const template = await request(testApp)
        .get(`${API}/targets/template`)
        .query({ areaCode: '227' })
        .set(official.auth)
        .responseType('blob');
      const book = new ExcelJS.Workbook();
      await book.xlsx.load(template.body as ArrayBuffer);
      const sheet = book.worksheets[0];
      sheet.getRow(2).getCell(3).value = 7;
      sheet.getRow(2).getCell(4).value = 3;
      sheet.getRow(2).getCell(5).value = 2024;

      const res = await request(testApp)
        .post(`${API}/targets/import`)
        .set(official.auth)
        .set('Content-Type', XLSX)
        .send(Buffer.from(await book.xlsx.writeBuffer()));

      expect(res.body.counts).to.deep.equal({ updated: 1, unchanged: 0, rejected: 2 });
      expect(await targetsOf('07888')).to.include({ poor: 7, nearPoor: 3, listYear: 2024 });
    });

    it('when the area is of another province, then 404', async () => {
      const res = await request(testApp)
        .get(`${API}/targets/template`)
        .query({ areaCode: '01' })
        .set(official.auth);

      expect(res.status).to.equal(404);
    });
  });

  describe('PUT /api/v1/areas/:code/programme', () => {
    it('when an official of the province sets the switch-off date, then it is stored; a district official gets 403', async () => {
      const district = await givenUser('official', '227');

      const res = await request(testApp)
        .put(`${API}/25/programme`)
        .set(official.auth)
        .send({ switchOffDate: '2025-06-30' });
      const byDistrict = await request(testApp)
        .put(`${API}/25/programme`)
        .set(district.auth)
        .send({ switchOffDate: '2025-07-30' });

      expect(res.status).to.equal(200);
      expect(res.body.switchOffDate).to.equal('2025-06-30');
      expect(byDistrict.status).to.equal(403);
    });
  });
});
