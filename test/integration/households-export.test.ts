import { expect } from 'chai';
import { parse as parseCsv } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { Types } from 'mongoose';
import request from 'supertest';
import { HouseholdModel } from '../../src/households/model';
import { AuditModel } from '../../src/audit/model';
import { EXPORT_COLUMNS } from '../../src/households/export';
import { approveHousehold } from '../../src/households/review';
import { SYSTEM_ACTOR } from '../../src/users/roles';
import { testApp } from '../support/app';
import { useTestDb } from '../support/db';
import { givenAreas, givenHousehold, givenUser, type GivenUser } from '../support/factories';

const API = '/api/v1/households';

/** Downloads the CSV and parses it into header-keyed rows. */
async function download(user: GivenUser, query: string) {
  const res = await request(testApp).get(`${API}?format=csv&${query}`).set(user.auth).buffer(true);
  const records = res.status === 200 ? (parseCsv(res.text, { bom: true }) as string[][]) : [];
  const [header = [], ...rows] = records;
  const keyed = rows.map((r) => Object.fromEntries(header.map((h, i) => [h, r[i]])));
  return { res, header, rows: keyed };
}

/** Downloads the .xlsx and opens its first sheet. */
async function downloadXlsx(user: GivenUser, query: string) {
  const res = await request(testApp).get(`${API}?format=xlsx&${query}`).set(user.auth).responseType('blob');
  const book = new ExcelJS.Workbook();
  if (res.status === 200) await book.xlsx.load(res.body as ArrayBuffer);
  return { res, sheet: book.worksheets[0] };
}

const VI_HEADERS = EXPORT_COLUMNS.map((c) => c.vi);
const EN_HEADERS = EXPORT_COLUMNS.map((c) => c.key);

describe('households export', () => {
  useTestDb();

  let staff: GivenUser;
  let hoa: Awaited<ReturnType<typeof givenHousehold>>;

  beforeEach(async () => {
    await givenAreas();
    staff = await givenUser('commune_staff', '07888');
    hoa = await givenHousehold('07888', {
      village: 'Thôn Đồng Sơn',
      head: { fullName: 'Nguyễn Thị Hoà', nationalId: '025185007001', birthYear: 1968, gender: 'female' },
      phone: '0912345678',
      povertyStatus: 'near_poor',
      memberCount: 4,
      notes: '=HYPERLINK("http://x")',
    });
    await givenHousehold('07888', {
      village: 'Khu Dữu Lâu',
      head: { fullName: 'Trần Văn Bình', nationalId: '025185007002' },
      hasTv: false,
    });
    await givenHousehold('07891', { head: { fullName: 'Lê Văn Cường', nationalId: '025185007003' } });
    await givenHousehold('00688', { head: { fullName: 'Giàng A Páo', nationalId: '002185007004' } });
  });

  describe('GET /api/v1/households?format=csv', () => {
    it('when commune staff export, then it answers their commune as a UTF-8 CSV download with a BOM and Vietnamese headers', async () => {
      const { res, header, rows } = await download(staff, '');

      expect(res.status).to.equal(200);
      expect(res.headers['content-type']).to.equal('text/csv; charset=utf-8');
      expect(res.headers['content-disposition']).to.match(
        /^attachment; filename=danh-sach-ho-\d{4}-\d{2}-\d{2}\.csv$/,
      );
      expect(res.text.charCodeAt(0)).to.equal(0xfeff);
      expect(res.text).to.contain('\r\n');
      expect(header).to.deep.equal(VI_HEADERS);
      expect(rows.map((r) => r['Họ tên chủ hộ'])).to.deep.equal(['Trần Văn Bình', 'Nguyễn Thị Hoà']);
      expect(rows[1]).to.deep.include({
        'Mã hộ': hoa.id,
        'Mã tỉnh': '25',
        'Mã huyện': '227',
        'Mã xã': '07888',
        'Tên xã': 'Phường Dữu Lâu',
        'Thôn/Ấp': 'Thôn Đồng Sơn',
        'Số CCCD/CMND': '025185007001',
        'Năm sinh': '1968',
        'Giới tính': 'Nữ',
        'Số điện thoại': '0912345678',
        'Diện hộ': 'Cận nghèo',
        'Số nhân khẩu': '4',
        'Có ti vi': 'Có',
        'Truyền hình trả tiền': 'Không',
        'Loại đầu thu': 'DVB-T2',
        'Trạng thái': 'Đã đăng ký',
        'Đủ điều kiện': 'Có',
        'Ngày duyệt': '',
      });
      expect(rows[0]).to.deep.include({
        'Đủ điều kiện': 'Không',
        'Lý do không đủ điều kiện': 'hộ không có ti vi',
      });
    });

    it('when lang=en, then headers are the column keys and values the API’s own', async () => {
      const at = new Date('2026-03-31T20:30:00Z'); // 1 April 2026, 03:30 in Vietnam
      await HouseholdModel.collection.updateOne(
        { _id: new Types.ObjectId(hoa.id) },
        { $set: { createdAt: at } },
      );
      const { res, header, rows } = await download(staff, 'lang=en');

      expect(res.headers['content-disposition']).to.match(/filename=households-/);
      expect(header).to.deep.equal(EN_HEADERS);
      const row = rows.find((r) => r.head_name === 'Nguyễn Thị Hoà');
      expect(row).to.deep.include({
        gender: 'female',
        poverty_status: 'near_poor',
        has_tv: 'yes',
        has_paid_tv: 'no',
        receiver_type: 'dvb-t2',
        status: 'registered',
        eligible: 'yes',
        ineligibility_reasons: '',
      });
      // Vietnam's clock with its offset: the day and hour a clerk expects, the instant a program reads.
      expect(row?.registered_at).to.equal('2026-04-01T03:30:00+07:00');
      expect(new Date(row!.registered_at).getTime()).to.equal(at.getTime());
      expect(rows.find((r) => r.head_name === 'Trần Văn Bình')?.ineligibility_reasons).to.equal('no_tv');
    });

    it('when text starts like a spreadsheet formula, then it is exported inert', async () => {
      const { rows } = await download(staff, '');

      expect(rows[1]['Ghi chú']).to.equal('\'=HYPERLINK("http://x")');
    });

    it('when an official exports, then national IDs show only their last four digits and nothing is audited', async () => {
      const official = await givenUser('official', '25');

      const { res, rows } = await download(official, '');

      expect(res.status).to.equal(200);
      expect(rows.map((r) => r['Số CCCD/CMND']).sort()).to.deep.equal([
        '********7001',
        '********7002',
        '********7003',
      ]);
      expect(await AuditModel.countDocuments({ action: 'households.exported' })).to.equal(0);
    });

    it('when an official asks for national IDs, then they are whole and the export is audited', async () => {
      const official = await givenUser('official', '25');

      const { rows } = await download(official, 'includeNationalId=true&lang=en');

      expect(rows.map((r) => r.national_id).sort()).to.deep.equal([
        '025185007001',
        '025185007002',
        '025185007003',
      ]);
      const audits = await AuditModel.find({ action: 'households.exported' }).lean();
      expect(audits).to.have.length(1);
      expect(audits[0].actor.username).to.equal(official.username);
      expect(audits[0].entityType).to.equal('household_export');
      expect(audits[0].after).to.deep.include({ unmasked: true, lang: 'en' });
      expect(audits[0].area).to.deep.include({ provinceCode: '25' });
    });

    it('when an admin exports, then every area’s households come with whole national IDs', async () => {
      const admin = await givenUser('admin');

      const { rows } = await download(admin, 'lang=en');

      expect(rows.map((r) => [r.commune_code, r.national_id])).to.deep.equal([
        ['00688', '002185007004'],
        ['07888', '025185007002'],
        ['07888', '025185007001'],
        ['07891', '025185007003'],
      ]);
    });

    it('when the list filters are given, then the export holds what the list holds, on every page', async () => {
      const official = await givenUser('official', '25');
      await approveHousehold(hoa.id, { version: 1 }, SYSTEM_ACTOR);

      const byArea = await download(official, 'lang=en&areaCode=07891');
      const byStatus = await download(official, 'lang=en&status=approved');
      const byVillage = await download(official, 'lang=en&village=khu%20duu%20lau');
      const byName = await download(official, 'lang=en&q=nguyen%20thi%20hoa');
      const notEligible = await download(official, 'lang=en&eligible=false');
      const paged = await download(official, 'lang=en&pageSize=1&page=2');

      expect(byArea.rows.map((r) => r.head_name)).to.deep.equal(['Lê Văn Cường']);
      expect(byStatus.rows.map((r) => [r.head_name, r.status])).to.deep.equal([
        ['Nguyễn Thị Hoà', 'approved'],
      ]);
      expect(byStatus.rows[0].approved_at).to.match(/^\d{4}-/);
      expect(byVillage.rows.map((r) => r.head_name)).to.deep.equal(['Trần Văn Bình']);
      expect(byName.rows.map((r) => r.head_name)).to.deep.equal(['Nguyễn Thị Hoà']);
      expect(notEligible.rows.map((r) => r.head_name)).to.deep.equal(['Trần Văn Bình']);
      expect(paged.rows).to.have.length(3);
    });

    it('when nothing matches, then it answers the header row alone', async () => {
      const { res, header, rows } = await download(staff, 'status=delivered');

      expect(res.status).to.equal(200);
      expect(header).to.deep.equal(VI_HEADERS);
      expect(rows).to.deep.equal([]);
    });

    it('when commune staff ask for another commune, then they get nothing from it', async () => {
      const { rows } = await download(staff, 'areaCode=07891');

      expect(rows).to.deep.equal([]);
    });

    it('when the format is unknown, then it answers 400', async () => {
      const res = await request(testApp).get(`${API}?format=xml`).set(staff.auth);

      expect(res.status).to.equal(400);
      expect(res.body.error.code).to.equal('VALIDATION_FAILED');
    });

    it('when an installer exports, then it answers 403', async () => {
      const installer = await givenUser('installer', '25');

      const res = await request(testApp).get(`${API}?format=csv`).set(installer.auth);

      expect(res.status).to.equal(403);
    });

    it('when no token is sent, then it answers 401', async () => {
      const res = await request(testApp).get(`${API}?format=csv`);

      expect(res.status).to.equal(401);
    });
  });

  describe('export, then import', () => {
    it('when an exported list is imported again, then every row is reported as already registered', async () => {
      const exported = await download(staff, '');

      const res = await request(testApp)
        .post(`${API}/import?communeCode=07888&dryRun=true`)
        .set(staff.auth)
        .set('Content-Type', 'text/csv')
        .send(exported.res.text);

      expect(res.status).to.equal(200);
      expect(res.body).to.include({ total: 2, valid: 0, rejectedRows: 0, alreadyRegisteredRows: 2 });
      expect(res.body.duplicates.inDatabase).to.have.length(0);
      expect(res.body.ignoredColumns).to.include.members(['Mã hộ', 'Trạng thái']);
    });

    it('when an exported .xlsx is imported into an empty commune, then its text IDs and phones come back whole', async () => {
      const { res: file } = await downloadXlsx(staff, '');
      await HouseholdModel.deleteMany({});

      const res = await request(testApp)
        .post(`${API}/import?communeCode=07888&dryRun=true`)
        .set(staff.auth)
        .set('Content-Type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
        .send(file.body as Buffer);

      expect(res.status).to.equal(200);
      expect(res.body).to.include({ total: 2, valid: 2, rejectedRows: 0 });
    });
  });

  describe('GET /api/v1/households?format=xlsx', () => {
    it('when commune staff export, then it answers an .xlsx with the CSV’s columns, IDs and phones as text and dates in Vietnam time', async () => {
      const at = new Date('2026-03-31T20:30:00Z'); // 1 April 2026, 03:30 in Vietnam
      await HouseholdModel.collection.updateOne(
        { _id: new Types.ObjectId(hoa.id) },
        { $set: { createdAt: at } },
      );

      const { res, sheet } = await downloadXlsx(staff, '');

      expect(res.status).to.equal(200);
      expect(res.headers['content-type']).to.equal(
        'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      );
      expect(res.headers['content-disposition']).to.match(
        /^attachment; filename=danh-sach-ho-\d{4}-\d{2}-\d{2}\.xlsx$/,
      );
      expect(sheet.name).to.equal('Danh sách hộ');
      expect((sheet.getRow(1).values as unknown[]).slice(1)).to.deep.equal(VI_HEADERS);
      expect(sheet.actualRowCount).to.equal(3);
      const col = (header: string) => VI_HEADERS.indexOf(header) + 1;
      const row = sheet.getRow(3);
      expect(row.getCell(col('Họ tên chủ hộ')).value).to.equal('Nguyễn Thị Hoà');
      for (const [header, value] of [
        ['Mã hộ', hoa.id],
        ['Mã tỉnh', '25'],
        ['Mã xã', '07888'],
        ['Số CCCD/CMND', '025185007001'],
        ['Số điện thoại', '0912345678'],
      ]) {
        const cell = row.getCell(col(header));
        expect(cell.value, header).to.equal(value);
        expect(cell.numFmt, header).to.equal('@');
      }
      expect(row.getCell(col('Năm sinh')).value).to.equal(1968);
      expect(row.getCell(col('Diện hộ')).value).to.equal('Cận nghèo');
      const registered = row.getCell(col('Ngày đăng ký'));
      expect((registered.value as Date).toISOString()).to.equal('2026-04-01T03:30:00.000Z');
      expect(registered.numFmt).to.equal('dd/mm/yyyy hh:mm');
      expect(row.getCell(col('Ngày duyệt')).value).to.equal(null);
      // A typed formula stays text: a string cell is never evaluated.
      expect(row.getCell(col('Ghi chú')).value).to.equal('=HYPERLINK("http://x")');
      expect(sheet.getColumn(col('Số CCCD/CMND')).numFmt).to.equal('@');
    });

    it('when an official exports, then IDs are masked as in the CSV', async () => {
      const official = await givenUser('official', '25');

      const { res, sheet } = await downloadXlsx(official, 'lang=en');

      expect(res.status).to.equal(200);
      expect(sheet.name).to.equal('Households');
      const ids = (sheet.getColumn(EN_HEADERS.indexOf('national_id') + 1).values as unknown[]).slice(2);
      expect(ids).to.have.length(3); // province 25's three
      for (const id of ids) expect(id).to.match(/^\*{8}\d{4}$/);
    });

    it('when the format is unknown, then it answers 400', async () => {
      const res = await request(testApp).get(`${API}?format=pdf`).set(staff.auth);

      expect(res.status).to.equal(400);
    });
  });
});
