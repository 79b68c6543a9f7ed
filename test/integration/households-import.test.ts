import { expect } from 'chai';
import { parse as parseCsv } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import request from 'supertest';
import { setCommuneTargets } from '../../src/areas/service';
import { AuditModel } from '../../src/audit/model';
import { ValidationError } from '../../src/errors';
import { countersOf, recountHouseholds } from '../../src/households/counters';
import { importHouseholds } from '../../src/households/import';
import { HouseholdModel } from '../../src/households/model';
import { householdFieldsSchema } from '../../src/households/schemas';
import { parse } from '../../src/http/validate';
import { SYSTEM_ACTOR } from '../../src/users/roles';
import { testApp } from '../support/app';
import { useTestDb } from '../support/db';
import { givenAreas, givenHousehold, givenUser, type GivenUser } from '../support/factories';

const API = '/api/v1/households/import';
const CSV = 'text/csv';
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const fixture = (name: string) => readFileSync(path.join(__dirname, '..', 'fixtures', name));

/** households-utf8-bom.csv: rows 2–11 (row 9 empty); rows 2, 3, 10 and 11 are valid. */
const SURVEY = fixture('households-utf8-bom.csv');

type Report = {
  total: number;
  valid: number;
  created: number;
  rejectedRows: number;
  alreadyRegisteredRows: number;
  skippedRows: number;
  ineligible: number;
  alreadyRegistered: {
    row: number;
    nationalId: string;
    householdId: string | null;
    communeCode: string | null;
    communeName: string | null;
    reason: { vi: string; en: string };
  }[];
  skipped: { row: number; kind: string; text: string; reason: { vi: string; en: string } }[];
  ineligibleRows: { row: number; reasons: string[]; reasonText: { vi: string; en: string }[] }[];
  dryRun: boolean;
  encoding: string | null;
  headerRow: number;
  ignoredColumns: string[];
  importId: string | null;
  rejected: {
    row: number;
    field: string;
    column: string | null;
    value: string | null;
    reason: { vi: string; en: string };
  }[];
  duplicates: {
    inFile: { row: number; nationalId: string; duplicateOfRow: number }[];
    inDatabase: {
      row: number;
      nationalId: string;
      householdId: string | null;
      communeCode: string | null;
      communeName: string | null;
    }[];
  };
  possibleDuplicates: {
    row: number;
    grounds: string;
    duplicateOf: { householdId: string | null; row: number | null };
  }[];
};

function upload(user: GivenUser, body: Buffer | string, query = 'communeCode=07888', type = CSV) {
  return request(testApp).post(`${API}?${query}`).set(user.auth).set('Content-Type', type).send(body);
}

async function workbook(rows: (string | number | boolean | Date | null)[][]): Promise<Buffer> {
  const book = new ExcelJS.Workbook();
  const sheet = book.addWorksheet('Danh sách');
  for (const r of rows) sheet.addRow(r);
  book.addWorksheet('Ghi chú').addRow(['Sheet khác, không đọc']);
  return Buffer.from(await book.xlsx.writeBuffer());
}

describe('households import', () => {
  useTestDb();

  let staff: GivenUser;

  beforeEach(async () => {
    await givenAreas();
    staff = await givenUser('commune_staff', '07888');
  });

  describe('POST /api/v1/households/import', () => {
    it('when dryRun=true, then it reports every row and writes nothing', async () => {
      const res = await upload(staff, SURVEY, 'communeCode=07888&dryRun=true');

      expect(res.status, JSON.stringify(res.body)).to.equal(200);
      const report = res.body as Report;
      expect(report).to.include({
        dryRun: true,
        total: 9,
        valid: 4,
        created: 0,
        rejectedRows: 5,
        ineligible: 2,
        encoding: 'utf-8',
        headerRow: 1,
        importId: null,
      });
      expect(report.ignoredColumns).to.deep.equal(['STT']);
      expect(report.rejected.map((r) => [r.row, r.field])).to.deep.equal([
        [4, 'national_id'],
        [5, 'phone'],
        [6, 'village'],
        [7, 'poverty_status'],
        [8, 'national_id'],
      ]);
      expect(report.duplicates.inFile).to.deep.equal([
        { row: 8, nationalId: '025185000001', duplicateOfRow: 2 },
      ]);
      expect(report.possibleDuplicates).to.deep.equal([
        { row: 10, grounds: 'phone', duplicateOf: { householdId: null, row: 2 } },
        { row: 11, grounds: 'name_village', duplicateOf: { householdId: null, row: 3 } },
      ]);
      expect(await HouseholdModel.countDocuments()).to.equal(0);
      expect(await countersOf({ communeCode: '07888' })).to.deep.equal([]);
      expect(await AuditModel.countDocuments({ action: 'households.imported' })).to.equal(0);
    });

    it('when rows are bad, then each rejection names the row, the column as written and the reason in both languages', async () => {
      const res = await upload(staff, SURVEY, 'communeCode=07888&dryRun=true');

      const byRow = new Map((res.body as Report).rejected.map((r) => [r.row, r]));
      expect(byRow.get(4)).to.include({ column: 'Số CCCD/CMND', value: '12345' });
      expect(byRow.get(4)?.reason.vi).to.match(/^Số CCCD\/CMND: /);
      expect(byRow.get(4)?.reason.en).to.match(/^national_id: must have 12 digits/);
      expect(byRow.get(5)).to.include({ column: 'Số điện thoại', value: '0123' });
      expect(byRow.get(5)?.reason.vi).to.match(/^Số điện thoại: phải có 10 chữ số, bắt đầu bằng 0/);
      expect(byRow.get(6)).to.include({ column: 'Thôn/Ấp', value: null });
      expect(byRow.get(6)?.reason.vi).to.equal('Thôn/Ấp: bắt buộc phải nhập');
      expect(byRow.get(7)).to.include({ column: 'Diện hộ', value: 'Khá giả' });
      expect(byRow.get(8)?.reason).to.deep.equal({
        vi: 'Số CCCD/CMND 025185000001 trùng với dòng 2 của tệp',
        en: 'National ID 025185000001 repeats row 2 of the file',
      });
    });

    it('when run for real, then it creates the valid rows as registered, flags possible duplicates and audits once', async () => {
      const res = await upload(staff, SURVEY);

      expect(res.status, JSON.stringify(res.body)).to.equal(200);
      const report = res.body as Report;
      expect(report).to.include({ dryRun: false, total: 9, valid: 4, created: 4, rejectedRows: 5 });
      const stored = await HouseholdModel.find().sort({ 'head.nationalId': 1 }).lean();
      expect(stored.map((h) => h.head.nationalId)).to.deep.equal([
        '025185000001',
        '025185000002',
        '025185000008',
        '025185000009',
      ]);
      const [hoa, binh, giang, binh2] = stored;
      expect(hoa.head.fullName).to.equal('Nguyễn Thị Hoà'.normalize('NFC'));
      expect(hoa).to.deep.include({
        village: 'Thôn Đồng Sơn',
        villageFolded: 'thon dong son',
        phone: '0912345001',
        address: 'Xóm 2, Thôn Đồng Sơn',
        povertyStatus: 'poor',
        povertyCertificateNo: 'GCN-01',
        status: 'registered',
        receiverType: 'dvb-t2',
        version: 1,
        createdBy: staff.id,
        area: { provinceCode: '25', districtCode: '227', communeCode: '07888' },
      });
      expect(hoa.head).to.deep.include({
        birthYear: 1968,
        gender: 'female',
        fullNameFolded: 'nguyen thi hoa',
      });
      expect(binh).to.deep.include({ phone: '0912345002', povertyStatus: 'near_poor', hasPaidTv: false });
      expect(giang.eligibility).to.deep.equal({ eligible: false, reasons: ['no_tv'] });
      expect(giang).to.deep.include({ receiverType: 'satellite', needsDuplicateReview: true });
      expect(giang.possibleDuplicates).to.deep.equal([{ householdId: String(hoa._id), grounds: 'phone' }]);
      expect(binh2.possibleDuplicates).to.deep.equal([
        { householdId: String(binh._id), grounds: 'name_village' },
      ]);
      expect(binh2.eligibility.reasons).to.deep.equal(['has_digital_tv']);
      expect(report.possibleDuplicates[0].duplicateOf).to.deep.equal({
        householdId: String(hoa._id),
        row: 2,
      });
      const audits = await AuditModel.find({ action: 'households.imported' }).lean();
      expect(audits).to.have.length(1);
      expect(audits[0]).to.deep.include({ entityType: 'household_import', entityId: report.importId });
      expect(audits[0].after).to.deep.include({ total: 9, created: 4, rejectedRows: 5, duplicatesInFile: 1 });
      const entries = await AuditModel.find({ entityType: 'household' }).sort({ 'after.row': 1 }).lean();
      expect(entries.map((e) => [e.action, e.entityId, e.after])).to.deep.equal([
        ['household.imported', String(hoa._id), { importId: report.importId, row: 2, status: 'registered' }],
        ['household.imported', String(binh._id), { importId: report.importId, row: 3, status: 'registered' }],
        [
          'household.imported',
          String(giang._id),
          { importId: report.importId, row: 10, status: 'registered' },
        ],
        [
          'household.imported',
          String(binh2._id),
          { importId: report.importId, row: 11, status: 'registered' },
        ],
      ]);
      expect(entries[0].area).to.deep.include({ communeCode: '07888' });
    });

    it('when an imported household is read, then its history and its audit trail start at the import', async () => {
      const official = await givenUser('official', '25');
      const report = (await upload(staff, SURVEY)).body as Report;
      const hoa = await HouseholdModel.findOne({ 'head.nationalId': '025185000001' }).lean();
      const id = String(hoa?._id);
      await request(testApp).post(`/api/v1/households/${id}/approve`).set(official.auth).send({});

      const one = await request(testApp).get(`/api/v1/households/${id}`).set(official.auth);
      const trail = await request(testApp)
        .get(`/api/v1/audit?entityType=household&entityId=${id}`)
        .set(official.auth);

      expect(one.status).to.equal(200);
      expect(
        one.body.history.map((h: { action: string; status: string; importId?: string }) => [
          h.action,
          h.status,
          h.importId ?? null,
        ]),
      ).to.deep.equal([
        ['household.imported', 'registered', report.importId],
        ['household.approved', 'approved', null],
      ]);
      expect(one.body.history[0].actor).to.include({ id: staff.id });
      expect(one.body.history[0].importRow).to.equal(2);
      expect(trail.status).to.equal(200);
      expect(trail.body.items.map((e: { action: string }) => e.action)).to.deep.equal([
        'household.approved',
        'household.imported',
      ]);
      const linked = await request(testApp)
        .get(`/api/v1/audit?entityType=household_import&entityId=${report.importId}`)
        .set(official.auth);
      expect(linked.body.items).to.have.length(1);
      expect(linked.body.items[0].after).to.include({ created: 4 });
    });

    it('when run for real, then the counters equal a recount', async () => {
      await givenHousehold('07888');

      await upload(staff, SURVEY);

      expect((await countersOf({ communeCode: '07888' }))[0].counts.registered).to.equal(5);
      expect(await recountHouseholds()).to.deep.equal([]);
    });

    it('when an imported household is read through the API, then it reads like a registered one', async () => {
      await upload(staff, SURVEY);
      const hoa = await HouseholdModel.findOne({ 'head.nationalId': '025185000001' }).lean();

      const res = await request(testApp)
        .get(`/api/v1/households/${String(hoa?._id)}`)
        .set(staff.auth);

      expect(res.status, JSON.stringify(res.body)).to.equal(200);
      expect(res.body).to.deep.include({
        village: 'Thôn Đồng Sơn',
        memberCount: 4,
        notes: null,
        statusReason: null,
        approvedAt: null,
        needsDuplicateReview: false,
      });
      expect(res.body.head).to.deep.equal({
        fullName: 'Nguyễn Thị Hoà',
        nationalId: '025185000001',
        birthYear: 1968,
        gender: 'female',
      });
    });

    it('when the same file is imported again, then nothing new is created and each registered row is reported as already registered, not rejected', async () => {
      await upload(staff, SURVEY);
      const before = await HouseholdModel.find({}, { head: 1, village: 1 }).lean();

      const res = await upload(staff, SURVEY);

      const report = res.body as Report;
      expect(report).to.include({
        total: 9,
        valid: 0,
        created: 0,
        alreadyRegisteredRows: 4,
        rejectedRows: 5,
      });
      expect(await HouseholdModel.countDocuments()).to.equal(4);
      const idOf = (nid: string) => String(before.find((h) => h.head.nationalId === nid)?._id);
      expect(report.alreadyRegistered.map((d) => [d.row, d.householdId])).to.deep.equal([
        [2, idOf('025185000001')],
        [3, idOf('025185000002')],
        [10, idOf('025185000008')],
        [11, idOf('025185000009')],
      ]);
      expect(report.alreadyRegistered[0]).to.include({
        communeCode: '07888',
        communeName: 'Phường Dữu Lâu',
        nationalId: '025185000001',
      });
      const first = before.find((h) => h.head.nationalId === '025185000001');
      expect(report.alreadyRegistered[0].reason.vi).to.equal(
        `Đã đăng ký trước đây: hộ của ${first?.head.fullName} (${first?.village}, Phường Dữu Lâu)`,
      );
      // The bad rows stay rejected, and row 8 still repeats row 2 of the file.
      expect(report.rejected.map((r) => r.row)).to.deep.equal([4, 5, 6, 7, 8]);
      expect(report.duplicates.inFile).to.deep.equal([
        { row: 8, nationalId: '025185000001', duplicateOfRow: 2 },
      ]);
      expect(report.duplicates.inDatabase).to.deep.equal([]);
      expect(await recountHouseholds()).to.deep.equal([]);
    });

    it('when a national ID is registered in another commune, then a real run and a dry run both reject the row naming it', async () => {
      const other = await givenHousehold('07891', { head: { nationalId: '025185000002' } });

      const dry = await upload(staff, SURVEY, 'communeCode=07888&dryRun=true');
      const real = await upload(staff, SURVEY);

      for (const res of [dry, real]) {
        const report = res.body as Report;
        expect(report).to.include({ valid: 3, rejectedRows: 6 });
        expect(report.duplicates.inDatabase).to.deep.equal([
          {
            row: 3,
            nationalId: '025185000002',
            householdId: other.id,
            headName: other.head.fullName,
            village: other.village,
            communeCode: '07891',
            communeName: 'Phường Vân Cơ',
          },
        ]);
        const rejection = report.rejected.find((r) => r.row === 3);
        expect(rejection?.reason.vi).to.equal(
          `Số CCCD/CMND 025185000002 đã được đăng ký cho hộ của ${other.head.fullName} (${other.village}, Phường Vân Cơ); dòng này không được nhập lại`,
        );
      }
      expect((real.body as Report).created).to.equal(3);
      const binh2 = await HouseholdModel.findOne({ 'head.nationalId': '025185000009' }).lean();
      expect(binh2?.possibleDuplicates).to.deep.equal([]);
      expect(await HouseholdModel.countDocuments({ 'area.communeCode': '07888' })).to.equal(3);
      expect(await recountHouseholds()).to.deep.equal([]);
    });

    it('when the file is Windows-1258 (Vietnamese Excel), then names keep their diacritics, stored NFC', async () => {
      const res = await upload(staff, fixture('households-cp1258.csv'));

      expect(res.body).to.include({ encoding: 'windows-1258', created: 2, rejectedRows: 0 });
      const names = (await HouseholdModel.find().sort({ 'head.nationalId': 1 }).lean()).map((h) => [
        h.head.fullName,
        h.village,
        h.povertyStatus,
      ]);
      expect(names).to.deep.equal([
        ['Nguyễn Thị Hoà'.normalize('NFC'), 'Thôn Đồng Sơn', 'poor'],
        ['Đặng Văn Khoẻ'.normalize('NFC'), 'Thôn Đồng Sơn', 'near_poor'],
      ]);
    });

    it('when the file has English headers, semicolons and no BOM, then it is imported', async () => {
      const res = await upload(staff, fixture('households-en.csv'));

      expect(res.body).to.include({ encoding: 'utf-8', created: 2, rejectedRows: 0 });
      const hanh = await HouseholdModel.findOne({ 'head.nationalId': '025185000021' }).lean();
      expect(hanh).to.deep.include({
        address: '12 Đường Hùng Vương; Tổ 3',
        receiverType: 'satellite',
        povertyStatus: 'near_poor',
        phone: '0987654021',
      });
    });

    it('when an .xlsx has title rows and numeric cells, then the header is found and lost zeros come back', async () => {
      const book = await workbook([
        ['DANH SÁCH HỘ NGHÈO, CẬN NGHÈO NĂM 2024'],
        [],
        [
          'STT',
          'Thôn/Ấp',
          'Họ tên chủ hộ',
          'Số CCCD/CMND',
          'Số điện thoại',
          'Diện hộ',
          'Năm danh sách',
          'Có ti vi',
        ],
        [1, 'Thôn Đồng Sơn', 'Lò Thị Mai', 25185000041, 912345041, 'Nghèo', 2024, true],
        [2, 'Thôn Đồng Sơn', 'Hà Văn Nam', '025185000042', '0912345042', 'Cận nghèo', 2024, 'Không'],
        [3, 'Thôn Đồng Sơn', 'Sai Số', 'abc', null, 'Nghèo', 2024, 'Có'],
      ]);

      const res = await upload(staff, book, 'communeCode=07888', XLSX);

      expect(res.status, JSON.stringify(res.body)).to.equal(200);
      expect(res.body).to.include({ format: 'xlsx', encoding: null, headerRow: 3, total: 3, created: 2 });
      expect(res.body.rejected.map((r: { row: number; field: string }) => [r.row, r.field])).to.deep.equal([
        [6, 'national_id'],
      ]);
      const mai = await HouseholdModel.findOne({ 'head.fullName': 'Lò Thị Mai' }).lean();
      expect(mai).to.deep.include({ phone: '0912345041', hasTv: true });
      expect(mai?.head.nationalId).to.equal('025185000041');
    });

    describe('a commune’s own list (.xlsx): title, column numbers, footer and signature rows', () => {
      const HEADER = [
        'STT',
        'Thôn/Ấp',
        'Họ và tên chủ hộ',
        'Số CCCD/CMND',
        'Ngày tháng năm sinh',
        'Điện thoại',
        'Diện hộ',
        'Năm danh sách',
        'Có ti vi',
      ];
      const communeList = () =>
        workbook([
          ['UBND XÃ ĐỒNG SƠN', null, null, null, null, null, 'CỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM'],
          ['DANH SÁCH HỘ NGHÈO, CẬN NGHÈO ĐỀ NGHỊ HỖ TRỢ ĐẦU THU'],
          [],
          HEADER,
          ['(1)', '(2)', '(3)', '(4)', '(5)', '(6)', '(7)', '(8)', '(9)'],
          [
            1,
            'Thôn Đồng Sơn',
            'Lò Thị Mai',
            '025185000041',
            '12/03/1968',
            '0210 3845 678',
            'Nghèo',
            2024,
            'Có',
          ],
          [
            2,
            'Thôn Đồng Sơn',
            'Hà Văn Nam',
            '025185000042',
            new Date(Date.UTC(1955, 6, 1)),
            '0912345042',
            'Cận nghèo',
            2024,
            'Không',
          ],
          [3, 'Thôn Đồng Sơn', 'Sai Số', '0251', '1970', null, 'Nghèo', 2024, 'Có'],
          [4, 'Thôn Đồng Sơn', 'Không Số', null, '1971', null, 'Nghèo', 2024, 'Có'],
          ['Tổng cộng: 4 hộ', null, null, null, null, null, null, null, null],
          [null, null, null, null, null, 'Đồng Sơn, ngày 12 tháng 3 năm 2024'],
          [null, 'Người lập biểu', null, null, null, null, 'TM. UBND XÃ'],
          [null, null, null, null, null, null, 'CHỦ TỊCH'],
          [null, '(Ký, ghi rõ họ tên)', null, null, null, null, '(Ký tên, đóng dấu)'],
          [],
          [null, 'Nguyễn Văn Lập', null, null, null, null, 'Trần Văn Chủ'],
        ]);

      it('when imported, then households are created, the footer rows are skipped (not rejected), a birth date gives the year and a landline is kept', async () => {
        const res = await upload(staff, await communeList(), 'communeCode=07888', XLSX);

        expect(res.status, JSON.stringify(res.body)).to.equal(200);
        const report = res.body as Report;
        expect(report).to.include({
          headerRow: 4,
          total: 4,
          valid: 2,
          created: 2,
          rejectedRows: 2,
          skippedRows: 7,
        });
        expect(report.skipped.map((s) => [s.row, s.kind])).to.deep.equal([
          [5, 'column_numbers'],
          [10, 'totals'],
          [11, 'date_line'],
          [12, 'signature'],
          [13, 'signature'],
          [14, 'signature'],
          [16, 'after_footer'],
        ]);
        expect(report.skipped[1]).to.deep.include({
          text: 'Tổng cộng: 4 hộ',
          reason: { vi: 'Dòng tổng cộng', en: 'Totals row' },
        });
        expect(report.rejected.map((r) => [r.row, r.field])).to.deep.equal([
          [8, 'national_id'],
          [9, 'national_id'],
        ]);
        const mai = await HouseholdModel.findOne({ 'head.nationalId': '025185000041' }).lean();
        expect(mai?.head.birthYear).to.equal(1968);
        expect(mai?.phone).to.equal('02103845678');
        const nam = await HouseholdModel.findOne({ 'head.nationalId': '025185000042' }).lean();
        expect(nam?.head.birthYear).to.equal(1955);
        expect(await HouseholdModel.countDocuments()).to.equal(2);
      });

      it('when a dry run finds rows registered as not eligible, then it lists them by row with the reasons', async () => {
        const res = await upload(staff, await communeList(), 'communeCode=07888&dryRun=true', XLSX);

        const report = res.body as Report;
        expect(report).to.include({ dryRun: true, valid: 2, ineligible: 1 });
        expect(report.ineligibleRows).to.deep.equal([
          {
            row: 7,
            reasons: ['no_tv'],
            reasonText: [{ vi: 'hộ không có ti vi', en: 'the household has no TV' }],
          },
        ]);
        expect(await HouseholdModel.countDocuments()).to.equal(0);
      });

      it('when the same list is uploaded again, then its households are reported as already registered and the footer still as skipped', async () => {
        const first = await upload(staff, await communeList(), 'communeCode=07888', XLSX);
        expect([first.status, first.body.created], JSON.stringify(first.body)).to.deep.equal([200, 2]);

        const res = await upload(staff, await communeList(), 'communeCode=07888', XLSX);

        const report = res.body as Report;
        expect(res.status, JSON.stringify(res.body)).to.equal(200);
        expect(report).to.include({ created: 0, alreadyRegisteredRows: 2, rejectedRows: 2, skippedRows: 7 });
        expect(report.alreadyRegistered.map((a) => [a.row, a.communeName])).to.deep.equal([
          [6, 'Phường Dữu Lâu'],
          [7, 'Phường Dữu Lâu'],
        ]);
        expect(await HouseholdModel.countDocuments()).to.equal(2);
      });
    });

    it('when the template is filled in and imported, then its example row is valid', async () => {
      const template = await request(testApp).get(`${API}/template?lang=en`).set(staff.auth);

      const res = await upload(staff, template.text, 'communeCode=07888&dryRun=true');

      expect(res.body).to.include({ total: 1, valid: 1, rejectedRows: 0 });
    });

    it('when the commune list year is newer than the file’s, then rows are registered as not eligible', async () => {
      await setCommuneTargets('07888', { poor: 10, nearPoor: 5, listYear: 2025 }, SYSTEM_ACTOR);

      const res = await upload(staff, fixture('households-en.csv'));

      expect(res.body).to.include({ created: 2, ineligible: 2 });
      const stored = await HouseholdModel.find().lean();
      expect(stored.map((h) => h.eligibility.reasons)).to.deep.equal([['list_too_old'], ['list_too_old']]);
    });

    it('when commune staff give no commune, then their own commune is used', async () => {
      const res = await upload(staff, fixture('households-en.csv'), '');

      expect(res.status, JSON.stringify(res.body)).to.equal(200);
      expect(res.body).to.include({ communeCode: '07888', created: 2 });
    });

    it('when an official imports into a commune of their area, then it is imported', async () => {
      const official = await givenUser('official', '227');

      const res = await upload(official, fixture('households-en.csv'));

      expect(res.status, JSON.stringify(res.body)).to.equal(200);
      expect(res.body.created).to.equal(2);
      expect((await HouseholdModel.findOne().lean())?.createdBy).to.equal(official.id);
    });

    it('when commune staff import into another commune, then it answers 403 and writes nothing', async () => {
      const res = await upload(staff, SURVEY, 'communeCode=07891');

      expect(res.status).to.equal(403);
      expect(res.body.error.code).to.equal('FORBIDDEN');
      expect(await HouseholdModel.countDocuments()).to.equal(0);
    });

    it('when an official imports into a commune outside their area, then it answers 403', async () => {
      const official = await givenUser('official', '228');

      const res = await upload(official, SURVEY, 'communeCode=07888');

      expect(res.status).to.equal(403);
    });

    it('when an installer imports, then it answers 403', async () => {
      const installer = await givenUser('installer', '25');

      const res = await upload(installer, SURVEY);

      expect(res.status).to.equal(403);
    });

    it('when no token is sent, then it answers 401', async () => {
      const res = await request(testApp)
        .post(`${API}?communeCode=07888`)
        .set('Content-Type', CSV)
        .send(SURVEY);

      expect(res.status).to.equal(401);
    });

    it('when the commune does not exist, then it answers 404', async () => {
      const admin = await givenUser('admin');

      const res = await upload(admin, SURVEY, 'communeCode=99999');

      expect(res.status).to.equal(404);
    });

    it('when an admin gives no commune, then it answers 400', async () => {
      const admin = await givenUser('admin');

      const res = await upload(admin, SURVEY, '');

      expect(res.status).to.equal(400);
      expect(res.body.error.details[0].path).to.equal('communeCode');
    });

    it('when the body is JSON, then it answers 400 naming the accepted types', async () => {
      const res = await request(testApp).post(`${API}?communeCode=07888`).set(staff.auth).send({ rows: [] });

      expect(res.status).to.equal(400);
      expect(res.body.error.details.accepted).to.include('text/csv');
    });

    it('when required columns are missing, then it answers 400 naming them and writes nothing', async () => {
      const csv = 'Thôn/Ấp,Họ tên chủ hộ,Số CCCD/CMND,Năm sinh\nThôn 1,Lò Văn A,025185000051,1970\n';

      const res = await upload(staff, csv);

      expect(res.status).to.equal(400);
      expect(res.body.error.message).to.equal('Tệp thiếu cột bắt buộc: Diện hộ, Năm danh sách, Có ti vi');
      expect(await HouseholdModel.countDocuments()).to.equal(0);
    });

    it('when the file has no header row, then it answers 400', async () => {
      const res = await upload(staff, 'a,b,c\n1,2,3\n');

      expect(res.status).to.equal(400);
      expect(res.body.error.details.expected).to.have.length(16);
    });

    it('when the .xlsx is not a workbook, then it answers 400', async () => {
      const res = await upload(staff, 'not a zip file at all', 'communeCode=07888', XLSX);

      expect(res.status).to.equal(400);
    });
  });

  describe('importHouseholds', () => {
    const validateRow = (row: unknown) => parse(householdFieldsSchema, row);

    it('when a file is larger than the limit, then it throws ValidationError and writes nothing', async () => {
      const file = Readable.from([SURVEY.subarray(0, 400), SURVEY.subarray(400)]);

      const importing = importHouseholds(
        { communeCode: '07888', dryRun: false, kind: 'csv', file, maxBytes: 500 },
        { validateRow },
        SYSTEM_ACTOR,
      );

      const err = await importing.catch((e: unknown) => e);
      expect(err).to.be.instanceOf(ValidationError);
      expect((err as ValidationError).text.en).to.match(/too large/);
      expect(await HouseholdModel.countDocuments()).to.equal(0);
    });

    it('when a file turns out too large after a chunk was stored, then the error says how many and the import is audited', async () => {
      const header = 'village,head_name,national_id,poverty_status,list_year,has_tv\n';
      const chunks = Array.from({ length: 40 }, (_, c) =>
        Array.from(
          { length: 100 },
          (_, i) => `Thôn 1,Người Số ${c * 100 + i},${String(310_000_000_000 + c * 100 + i)},poor,2024,yes\n`,
        ).join(''),
      );
      const file = Readable.from([header, ...chunks]);
      const maxBytes = header.length + chunks.slice(0, 30).join('').length;

      const err = await importHouseholds(
        { communeCode: '07888', dryRun: false, kind: 'csv', file, maxBytes },
        { validateRow },
        SYSTEM_ACTOR,
      ).catch((e: unknown) => e);

      expect(err).to.be.instanceOf(ValidationError);
      const details = (err as ValidationError).details as { created: number; importId: string };
      // How far parsing got before the limit hit depends on buffering: one or two whole chunks.
      const stored = await HouseholdModel.countDocuments();
      expect([1_000, 2_000]).to.include(stored);
      expect(details.created).to.equal(stored);
      expect((err as ValidationError).text.en).to.contain(
        `(${stored} households from the rows before were imported)`,
      );
      const audit = await AuditModel.findOne({ action: 'households.imported' }).lean();
      expect(audit?.entityId).to.equal(details.importId);
      expect(audit?.after).to.deep.include({ created: stored });
      expect((audit?.after as { failure?: string }).failure).to.match(/too large/);
      expect(await recountHouseholds()).to.deep.equal([]);
    });

    it('when a row has a schema problem and a phone that is no mobile number, then both are reported', async () => {
      const csv =
        'village,head_name,national_id,poverty_status,list_year,has_tv,phone\n' +
        'Thôn 1,Lò Văn A,025185000061,poor,1990,yes,0123456789\n';

      const report = await importHouseholds(
        { communeCode: '07888', dryRun: true, kind: 'csv', file: Readable.from([csv]) },
        { validateRow },
        SYSTEM_ACTOR,
      );

      expect(report.rejected.map((r) => [r.row, r.field, r.value])).to.deep.equal([
        [2, 'list_year', '1990'],
        [2, 'phone', '0123456789'],
      ]);
      expect(report.rejectedRows).to.equal(1);
    });

    it('when a file spans several chunks, then progress is reported and every row is created once', async () => {
      const header = 'village,head_name,national_id,poverty_status,list_year,has_tv\n';
      const rows = Array.from(
        { length: 2_500 },
        (_, i) => `Thôn ${i % 7},Người Số ${i},${String(300_000_000_000 + i)},poor,2024,yes\n`,
      );
      const seen: number[] = [];

      const report = await importHouseholds(
        { communeCode: '07888', dryRun: false, kind: 'csv', file: Readable.from([header, ...rows]) },
        { validateRow, onProgress: (n) => seen.push(n) },
        SYSTEM_ACTOR,
      );

      expect(report).to.include({ total: 2_500, created: 2_500, rejectedRows: 0 });
      expect(seen).to.deep.equal([1_000, 2_000, 2_500]);
      expect(await HouseholdModel.countDocuments()).to.equal(2_500);
      expect(await recountHouseholds()).to.deep.equal([]);
    });
  });

  describe('GET /api/v1/households/import/template', () => {
    it('when asked in Vietnamese, then it answers a CSV download with a BOM, the header row and an example', async () => {
      const res = await request(testApp).get(`${API}/template`).set(staff.auth);

      expect(res.status, JSON.stringify(res.body)).to.equal(200);
      expect(res.headers['content-type']).to.equal('text/csv; charset=utf-8');
      expect(res.headers['content-disposition']).to.equal('attachment; filename=mau-danh-sach-ho.csv');
      expect(res.text.charCodeAt(0)).to.equal(0xfeff);
      const rows = parseCsv(res.text, { bom: true }) as string[][];
      expect(rows).to.have.length(2);
      expect(rows[0].slice(0, 4)).to.deep.equal(['Thôn/Ấp', 'Họ tên chủ hộ', 'Số CCCD/CMND', 'Năm sinh']);
      expect(rows[1].slice(0, 3)).to.deep.equal(['Thôn Đồng Sơn', 'Nguyễn Thị Hoà', '025185001234']);
    });

    it('when asked in English, then the headers are the English column names', async () => {
      const res = await request(testApp).get(`${API}/template?lang=en`).set(staff.auth);

      const rows = parseCsv(res.text, { bom: true }) as string[][];
      expect(rows[0]).to.include.members(['village', 'head_name', 'national_id', 'has_tv', 'notes']);
      expect(rows[1]).to.include.members(['female', 'poor', 'yes', 'no', 'dvb-t2']);
    });

    it('when format=xlsx, then it answers a workbook whose ID, phone and certificate columns are text, with an instructions sheet', async () => {
      const res = await request(testApp)
        .get(`${API}/template?format=xlsx`)
        .set(staff.auth)
        .responseType('blob');

      expect(res.status, JSON.stringify(res.body)).to.equal(200);
      expect(res.headers['content-type']).to.equal(XLSX);
      expect(res.headers['content-disposition']).to.equal('attachment; filename=mau-danh-sach-ho.xlsx');
      const book = new ExcelJS.Workbook();
      await book.xlsx.load(res.body as ArrayBuffer);
      expect(book.worksheets.map((s) => s.name)).to.deep.equal(['Danh sách', 'Hướng dẫn']);
      const sheet = book.worksheets[0];
      const headers = (sheet.getRow(1).values as string[]).slice(1);
      expect(headers.slice(0, 4)).to.deep.equal([
        'Thôn/Ấp *',
        'Họ tên chủ hộ *',
        'Số CCCD/CMND *',
        'Năm sinh',
      ]);
      for (const header of ['Số CCCD/CMND *', 'Số điện thoại', 'Số giấy chứng nhận']) {
        const col = headers.indexOf(header) + 1;
        expect(sheet.getColumn(col).numFmt, header).to.equal('@');
        expect(sheet.getRow(2).getCell(col).numFmt, header).to.equal('@');
        expect(typeof sheet.getRow(2).getCell(col).value, header).to.equal('string');
      }
      expect(sheet.getRow(2).getCell(3).value).to.equal('025185001234');
      const help = book.worksheets[1];
      expect(help.getRow(1).getCell(1).value).to.equal('Hướng dẫn điền danh sách hộ nghèo, cận nghèo');

      // The template, as downloaded, imports: its example row is valid.
      const dry = await upload(staff, res.body as Buffer, 'communeCode=07888&dryRun=true', XLSX);
      expect(dry.body).to.include({ total: 1, valid: 1, rejectedRows: 0, skippedRows: 0 });
    });

    it('when the language is unknown, then it answers 400', async () => {
      const res = await request(testApp).get(`${API}/template?lang=fr`).set(staff.auth);

      expect(res.status).to.equal(400);
    });

    it('when an installer asks, then it answers 403', async () => {
      const installer = await givenUser('installer', '25');

      const res = await request(testApp).get(`${API}/template`).set(installer.auth);

      expect(res.status).to.equal(403);
    });
  });
});
