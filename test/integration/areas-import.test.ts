import { expect } from 'chai';
import ExcelJS from 'exceljs';
import { readFileSync } from 'node:fs';
import request from 'supertest';
import { AreaModel } from '../../src/areas/model';
import { AuditModel } from '../../src/audit/model';
import { SMALL_AREA_LIST, testApp } from '../support/app';
import { useTestDb } from '../support/db';
import { givenAreas, givenUser, type GivenUser } from '../support/factories';

const API = '/api/v1/areas';
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

type Row = [string, number | string, string, number | string, string, number | string, string];

// The small list (test/fixtures/areas-small.csv) as the statistics office would re-issue it: Phường
// Vân Cơ and Phường Nông Trang merged into Phường Vân Phú (07891), a new Xã Mới Lập (07950); codes
// as spreadsheet numbers, so their leading zeros are gone.
const REVISED: Row[] = [
  ['Thành phố Hà Nội', 1, 'Quận Ba Đình', 1, 'Phường Phúc Xá', 1, 'Phường'],
  ['Thành phố Hà Nội', 1, 'Quận Ba Đình', 1, 'Phường Trúc Bạch', 4, 'Phường'],
  ['Thành phố Hà Nội', 1, 'Quận Ba Đình', 1, 'Phường Vĩnh Phúc', 6, 'Phường'],
  ['Tỉnh Phú Thọ', 25, 'Thành phố Việt Trì', 227, 'Phường Dữu Lâu', 7888, 'Phường'],
  ['Tỉnh Phú Thọ', 25, 'Thành phố Việt Trì', 227, 'Phường Vân Phú', 7891, 'Phường'],
  ['Tỉnh Phú Thọ', 25, 'Thị xã Phú Thọ', 228, 'Phường Hùng Vương', 7942, 'Phường'],
  ['Tỉnh Phú Thọ', 25, 'Thị xã Phú Thọ', 228, 'Phường Phong Châu', 7945, 'Phường'],
  ['Tỉnh Phú Thọ', 25, 'Thị xã Phú Thọ', 228, 'Xã Mới Lập', 7950, 'Xã'],
  ['Tỉnh Hà Giang', 2, 'Thành phố Hà Giang', 24, 'Phường Quang Trung', 688, 'Phường'],
  ['Tỉnh Hà Giang', 2, 'Thành phố Hà Giang', 24, 'Phường Trần Phú', 691, 'Phường'],
];

/** The list as exported: two title rows, the office's headers, the units, a total and a signature. */
async function exportedList(rows: Row[]): Promise<Buffer> {
  const book = new ExcelJS.Workbook();
  const sheet = book.addWorksheet('Danh mục');
  sheet.addRow(['DANH MỤC ĐƠN VỊ HÀNH CHÍNH VIỆT NAM']);
  sheet.addRow(['Ngày xuất: 01/07/2025']);
  sheet.addRow([
    'Tỉnh / Thành Phố',
    'Mã TP',
    'Quận Huyện',
    'Mã QH',
    'Phường Xã',
    'Mã PX',
    'Cấp',
    'Tên Tiếng Anh',
  ]);
  for (const r of rows) sheet.addRow([...r, '']);
  sheet.addRow(['Tổng số: 10 đơn vị cấp xã']);
  sheet.addRow(['Người lập biểu']);
  return Buffer.from(await book.xlsx.writeBuffer());
}

const send = (user: GivenUser, body: Buffer | string, opts: { dryRun?: boolean; type?: string } = {}) =>
  request(testApp)
    .post(`${API}/import`)
    .query(opts.dryRun ? { dryRun: true } : {})
    .set(user.auth)
    .set('Content-Type', opts.type ?? XLSX)
    .send(body);

describe('POST /api/v1/areas/import (an admin updates the list in use)', () => {
  useTestDb();

  let admin: GivenUser;

  beforeEach(async () => {
    await givenAreas();
    admin = await givenUser('admin');
  });

  it('when a revised export is checked with dryRun, then the report names every change and nothing is written', async () => {
    const auditBefore = await AuditModel.countDocuments();

    const res = await send(admin, await exportedList(REVISED), { dryRun: true });

    expect(res.status).to.equal(200);
    expect(res.body).to.deep.include({
      dryRun: true,
      applied: false,
      format: 'xlsx',
      headerRow: 3,
      ignoredColumns: ['Tên Tiếng Anh'],
      source: 'areas-small.csv',
      counts: { province: 3, district: 4, commune: 10 },
      created: 1,
      updated: 1,
      unchanged: 15,
      notInList: 1,
      problems: [],
    });
    expect(res.body.changes).to.deep.equal([
      {
        code: '07950',
        level: 'commune',
        before: null,
        after: { name: 'Xã Mới Lập', type: 'Xã', parentCode: '228' },
      },
      {
        code: '07891',
        level: 'commune',
        before: { name: 'Phường Vân Cơ', type: 'Phường', parentCode: '227' },
        after: { name: 'Phường Vân Phú', type: 'Phường', parentCode: '227' },
      },
    ]);
    expect(res.body.notInListAreas).to.deep.equal([
      { code: '07894', name: 'Phường Nông Trang', level: 'commune' },
    ]);
    expect(res.body.skipped.map((s: { row: number }) => s.row)).to.deep.equal([14, 15]);
    expect(await AreaModel.findOne({ code: '07891' }).lean()).to.include({ name: 'Phường Vân Cơ' });
    expect(await AreaModel.countDocuments({ code: '07950' })).to.equal(0);
    expect(await AuditModel.countDocuments()).to.equal(auditBefore);
  });

  it('when it is imported, then units are created and renamed, targets and merged units kept, audited once, and a retry changes nothing', async () => {
    await request(testApp)
      .put(`${API}/07891/targets`)
      .set(admin.auth)
      .send({ poor: 12, nearPoor: 3, listYear: 2024 })
      .expect(200);

    const first = await send(admin, await exportedList(REVISED));
    const again = await send(admin, await exportedList(REVISED));
    const search = await request(testApp).get(`${API}?q=moi lap`).set(admin.auth);
    const catalogue = await request(testApp).get(`${API}/catalogue`).set(admin.auth);

    expect(first.status).to.equal(200);
    expect(first.body).to.include({ applied: true, created: 1, updated: 1, unchanged: 15, notInList: 1 });
    expect(again.body).to.include({ applied: true, created: 0, updated: 0, unchanged: 17, notInList: 1 });
    const renamed = await AreaModel.findOne({ code: '07891' }).lean();
    expect(renamed).to.include({
      name: 'Phường Vân Phú',
      nameFolded: 'phuong van phu',
      source: 'areas-small.csv',
    });
    expect(renamed?.targets).to.include({ poor: 12, nearPoor: 3 });
    expect(await AreaModel.findOne({ code: '07894' }).lean()).to.include({ name: 'Phường Nông Trang' });
    expect(await AreaModel.findOne({ code: '07950' }).lean()).to.include({
      level: 'commune',
      type: 'Xã',
      parentCode: '228',
      districtCode: '228',
      provinceCode: '25',
    });
    expect(search.body.items.map((a: { code: string }) => a.code)).to.deep.equal(['07950']);
    const entries = await AuditModel.find({ action: 'areas.imported', 'actor.id': admin.id }).lean();
    expect(entries).to.have.length(1);
    expect(entries[0].after).to.include({ created: 1, updated: 1 });
    expect(catalogue.status).to.equal(200);
    expect(catalogue.body).to.deep.include({
      source: 'areas-small.csv',
      counts: { province: 3, district: 4, commune: 11 },
    });
    expect(catalogue.body.lastImport).to.include({ created: 1, updated: 1, at: entries[0].at.toISOString() });
  });

  it('when two admins send the same list at once, then each new unit is stored once, the change reported and audited once', async () => {
    const file = await exportedList(REVISED);

    const answers = await Promise.all([send(admin, file), send(admin, file), send(admin, file)]);

    expect(answers.map((a) => a.status)).to.deep.equal([200, 200, 200]);
    expect(await AreaModel.countDocuments({ code: '07950' })).to.equal(1);
    expect(await AreaModel.countDocuments()).to.equal(18);
    const reported = answers.map((a) => `${a.body.created}+${a.body.updated}`).sort();
    expect(reported, 'one answer made the change, the others found it made').to.deep.equal([
      '0+0',
      '0+0',
      '1+1',
    ]);
    const unchanged = answers.find((a) => a.body.created === 0);
    expect(unchanged?.body.changes).to.deep.equal([]);
    expect(await AuditModel.countDocuments({ action: 'areas.imported', 'actor.id': admin.id })).to.equal(1);
  });

  it('when rows have problems, then the check names row, column and reason in Vietnamese and the import writes nothing', async () => {
    const csv = [
      readFileSync(SMALL_AREA_LIST, 'utf8').trim(),
      '25,Tỉnh Phú Thọ,228,Thị xã Phú Thọ,079501,Xã Mới Lập,Xã',
      '25,Tỉnh Phú Thọ,228,Thị xã Phú Thọ,07951,Mới Lập 2,',
    ].join('\n');

    const check = await send(admin, csv, { dryRun: true, type: 'text/csv' });
    const imported = await send(admin, csv, { type: 'text/csv' });

    expect(check.status).to.equal(200);
    expect(check.body).to.include({ applied: false, created: 0 });
    expect(check.body.problems).to.deep.equal([
      {
        row: 12,
        field: 'commune_code',
        column: 'commune_code',
        reason: { vi: 'Mã xã "079501" phải gồm 5 chữ số', en: 'The commune code "079501" must be 5 digits' },
      },
      {
        row: 13,
        field: 'commune_name',
        column: 'commune_name',
        reason: {
          vi: 'Không rõ loại đơn vị của "Mới Lập 2": tên cần bắt đầu bằng Tỉnh, Thành phố, Huyện, Quận, Thị xã, Xã, Phường, Thị trấn hoặc Đặc khu (hoặc ghi cột Cấp)',
          en: 'Unknown unit type of "Mới Lập 2": the name should start with its type (Tỉnh, Xã, Phường…) or the type column be filled',
        },
      },
    ]);
    expect(imported.status).to.equal(400);
    expect(imported.body.error.code).to.equal('VALIDATION_FAILED');
    expect(imported.body.error.message).to.contain('2 dòng lỗi');
    expect(imported.body.error.details.problems.map((p: { row: number }) => p.row)).to.deep.equal([12, 13]);
    expect(await AreaModel.countDocuments()).to.equal(17);
  });

  it('when the file is a two-level list and the system holds a three-level one, then it answers 422 saying so', async () => {
    const twoLevel =
      'province_code,province_name,commune_code,commune_name,commune_type\n25,Tỉnh Phú Thọ,07888,Phường Dữu Lâu,Phường\n';

    const res = await send(admin, twoLevel, { dryRun: true, type: 'text/csv' });

    expect(res.status).to.equal(422);
    expect(res.body.error.code).to.equal('RULE_VIOLATION');
    expect(res.body.error.message).to.contain('danh mục ba cấp');
    expect(await AreaModel.countDocuments()).to.equal(17);
  });

  it('when the file has no header or no unit, then it answers 400 saying what the list needs', async () => {
    const noHeader = await send(admin, 'a,b\n1,2\n', { dryRun: true, type: 'text/csv' });
    const noUnit = await send(admin, 'Mã TP,Tỉnh / Thành Phố,Mã PX,Phường Xã\nTổng số,\n', {
      dryRun: true,
      type: 'text/csv',
    });
    const json = await send(admin, '{}', { dryRun: true, type: 'application/json' });

    expect(noHeader.status).to.equal(400);
    expect(noHeader.body.error.message).to.contain('Không tìm thấy dòng tiêu đề');
    expect(noUnit.status).to.equal(400);
    expect(noUnit.body.error.message).to.contain('không có dòng nào mang mã đơn vị');
    expect(json.status).to.equal(400);
  });

  for (const role of ['official', 'commune_staff', 'installer'] as const) {
    it(`when someone of role ${role} sends a list, then it answers 403 and nothing changes`, async () => {
      const user = await givenUser(role, role === 'commune_staff' ? '07888' : '25');

      const res = await send(user, await exportedList(REVISED));

      expect(res.status).to.equal(403);
      expect(await AreaModel.countDocuments()).to.equal(17);
    });
  }

  it('when no token is sent, then it answers 401', async () => {
    const res = await request(testApp).post(`${API}/import`).set('Content-Type', 'text/csv').send('x');

    expect(res.status).to.equal(401);
  });
});

describe('GET /api/v1/areas/catalogue', () => {
  useTestDb();

  it('when the list was imported at the start, then it answers its source and counts, and that import', async () => {
    await givenAreas();
    const staff = await givenUser('commune_staff', '07888');

    const res = await request(testApp).get(`${API}/catalogue`).set(staff.auth);

    expect(res.status).to.equal(200);
    expect(res.body).to.deep.include({
      source: 'areas-small.csv',
      counts: { province: 3, district: 4, commune: 10 },
    });
    expect(res.body.lastImport).to.include({ created: 17, updated: 0 });
  });

  it('when no list is stored, then it answers no source and zero counts', async () => {
    const admin = await givenUser('admin');

    const res = await request(testApp).get(`${API}/catalogue`).set(admin.auth);

    expect(res.body).to.deep.equal({
      source: null,
      counts: { province: 0, district: 0, commune: 0 },
      lastImport: null,
    });
  });
});
