import { expect } from 'chai';
import ExcelJS from 'exceljs';
import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import mongoose from 'mongoose';
import request from 'supertest';
import * as areas from '../../src/areas/service';
import { HouseholdCounterModel } from '../../src/households/counter-model';
import { recountHouseholds } from '../../src/households/counters';
import { HouseholdModel } from '../../src/households/model';
import { rejectHousehold, withdrawHousehold } from '../../src/households/review';
import { DeliveryDayCounterModel } from '../../src/batches/day-counter-model';
import { recomputeStats } from '../../src/batches/recompute-counters';
import { SYSTEM_ACTOR } from '../../src/users/roles';
import { testApp } from '../support/app';
import { testServerUri, useTestDb } from '../support/db';
import { givenAreas, givenHousehold, givenUser } from '../support/factories';
import {
  givenApproved,
  givenAssigned,
  givenDelivered,
  givenFailedAttempt,
} from '../support/report-deliveries';

const API = '/api/v1/reports/coverage';
const run = promisify(execFile);
const DAY = new Date('2025-03-10T03:00:00Z');

/**
 * Province 25: commune 07888 (district 227) holds every status; 07891 (227) one approved and one
 * delivered; 07942 (228) one registered. Province 01: one delivered in 00001. Targets: 07888 6+4,
 * 07891 3+2, 07942 5+3; 07894 and 07945 none. Province 25 switches off on 2025-06-30.
 */
async function givenScenario(): Promise<void> {
  await areas.setCommuneTargets('07888', { poor: 6, nearPoor: 4, listYear: 2024 }, SYSTEM_ACTOR);
  await areas.setCommuneTargets('07891', { poor: 3, nearPoor: 2, listYear: 2024 }, SYSTEM_ACTOR);
  await areas.setCommuneTargets('07942', { poor: 5, nearPoor: 3, listYear: 2024 }, SYSTEM_ACTOR);
  await areas.setProvinceProgramme('25', { switchOffDate: '2025-06-30' }, SYSTEM_ACTOR);
  const a = await Promise.all(Array.from({ length: 7 }, () => givenHousehold('07888')));
  await rejectHousehold(a[1].id, { reason: 'Không thuộc diện hộ nghèo' }, SYSTEM_ACTOR);
  const approved = await givenApproved(a[2]);
  await givenFailedAttempt(approved, DAY);
  await givenAssigned(await givenApproved(a[3]));
  await givenDelivered(await givenApproved(a[4]), DAY);
  await givenDelivered(await givenApproved(a[5]), DAY);
  await withdrawHousehold(a[6].id, { reason: 'Chuyển đi nơi khác' }, SYSTEM_ACTOR);
  const b = await Promise.all([givenHousehold('07891'), givenHousehold('07891')]);
  await givenApproved(b[0]);
  await givenDelivered(await givenApproved(b[1]), DAY);
  await givenHousehold('07942');
  await givenDelivered(await givenApproved(await givenHousehold('00001')), DAY);
}

const ZERO = {
  registered: 0,
  registeredTotal: 0,
  pendingReview: 0,
  notYetDelivered: 0,
  remaining: 0,
  approved: 0,
  assigned: 0,
  delivered: 0,
  rejected: 0,
  withdrawn: 0,
  failedAttempts: 0,
  eligible: 0,
};

describe('GET /reports/coverage', () => {
  useTestDb();

  beforeEach(async () => {
    await givenAreas();
  });

  describe('for a province official', () => {
    it('when the province is asked, then one row per district with the counts, rates and switch-off date', async () => {
      await givenScenario();
      const official = await givenUser('official', '25');

      const res = await request(testApp).get(API).query({ areaCode: '25' }).set(official.auth);

      expect(res.status).to.equal(200);
      expect(res.body.area).to.deep.equal({ code: '25', name: 'Tỉnh Phú Thọ', level: 'province' });
      expect(res.body.level).to.equal('district');
      expect(res.body.rows).to.deep.equal([
        {
          code: '227',
          name: 'Thành phố Việt Trì',
          level: 'district',
          target: 15,
          registered: 1,
          registeredTotal: 9,
          pendingReview: 1,
          notYetDelivered: 3,
          remaining: 4,
          approved: 2,
          assigned: 1,
          delivered: 3,
          rejected: 1,
          withdrawn: 1,
          failedAttempts: 1,
          eligible: 6,
          coverage: 0.5,
          completeness: 7 / 15,
          switchOffDate: '2025-06-30',
        },
        {
          code: '228',
          name: 'Thị xã Phú Thọ',
          level: 'district',
          ...ZERO,
          target: 8,
          registered: 1,
          registeredTotal: 1,
          pendingReview: 1,
          remaining: 1,
          coverage: null,
          completeness: 0.125,
          switchOffDate: '2025-06-30',
        },
      ]);
      expect(res.body.totals).to.deep.include({
        code: '25',
        level: 'province',
        target: 23,
        registered: 2,
        eligible: 6,
        delivered: 3,
        coverage: 0.5,
        completeness: 8 / 23,
        switchOffDate: '2025-06-30',
      });
    });

    it('when the figures are compared with a recount of the households, then they are equal and nothing drifted', async () => {
      await givenScenario();
      const official = await givenUser('official', '25');
      const ask = () =>
        request(testApp).get(API).query({ areaCode: '25', level: 'commune' }).set(official.auth);

      const before = await ask();
      const drift = await recountHouseholds();
      const after = await ask();

      expect(drift).to.deep.equal([]);
      expect(after.body).to.deep.equal(before.body);
      const households = await HouseholdModel.find(
        { 'area.provinceCode': '25' },
        { area: 1, status: 1 },
      ).lean();
      for (const row of before.body.rows as Record<string, number | string>[]) {
        const here = households.filter((h) => h.area.communeCode === row.code);
        for (const status of ['registered', 'approved', 'assigned', 'delivered', 'rejected', 'withdrawn']) {
          expect(row[status], `${row.code} ${status}`).to.equal(
            here.filter((h) => h.status === status).length,
          );
        }
      }
      expect(before.body.rows.map((r: { code: string }) => r.code)).to.deep.equal([
        '07888',
        '07891',
        '07894',
        '07942',
        '07945',
      ]);
      expect(before.body.rows[2]).to.deep.include({ target: null, coverage: null, completeness: null });
    });

    it('when sorted by coverage descending and filtered below 0.8, then rows under 0.8 or without coverage remain, nulls last', async () => {
      await givenScenario();
      const official = await givenUser('official', '25');

      const res = await request(testApp)
        .get(API)
        .query({ areaCode: '25', level: 'commune', sort: 'coverage', order: 'desc', belowRate: 0.8 })
        .set(official.auth);

      expect(res.status).to.equal(200);
      // 07888: 2/4 = 0.5; 07891: 1/2 = 0.5; the others have nothing eligible.
      expect(
        res.body.rows.map((r: { code: string; coverage: number | null }) => [r.code, r.coverage]),
      ).to.deep.equal([
        ['07888', 0.5],
        ['07891', 0.5],
        ['07894', null],
        ['07942', null],
        ['07945', null],
      ]);
      expect(res.body.totals.eligible).to.equal(6);
    });

    it('when no areaCode is given, then the report is of the official’s own province', async () => {
      await givenScenario();
      const official = await givenUser('official', '25');

      const res = await request(testApp).get(API).set(official.auth);

      expect(res.status).to.equal(200);
      expect(res.body.area.code).to.equal('25');
      expect(res.body.rows.map((r: { code: string }) => r.code)).to.deep.equal(['227', '228']);
    });

    it('when another province is asked, then it answers 404 NOT_FOUND, as for an unknown code', async () => {
      await givenScenario();
      const official = await givenUser('official', '01');

      const other = await request(testApp).get(API).query({ areaCode: '25' }).set(official.auth);
      const district = await request(testApp).get(API).query({ areaCode: '227' }).set(official.auth);
      const unknown = await request(testApp).get(API).query({ areaCode: '99' }).set(official.auth);
      const own = await request(testApp).get(API).set(official.auth);

      expect(other.status).to.equal(404);
      expect(other.body.error.code).to.equal('NOT_FOUND');
      expect(district.status).to.equal(404);
      expect(unknown.status).to.equal(404);
      expect(own.body.totals).to.deep.include({ delivered: 1, eligible: 1, coverage: 1 });
    });
  });

  describe('for a district official', () => {
    it('when the district is asked, then its communes; the province above it is 404', async () => {
      await givenScenario();
      const official = await givenUser('official', '227');

      const own = await request(testApp).get(API).set(official.auth);
      const province = await request(testApp).get(API).query({ areaCode: '25' }).set(official.auth);

      expect(own.status).to.equal(200);
      expect(own.body.level).to.equal('commune');
      expect(own.body.rows.map((r: { code: string }) => r.code)).to.deep.equal(['07888', '07891', '07894']);
      expect(own.body.totals).to.deep.include({ target: 15, eligible: 6, delivered: 3 });
      expect(province.status).to.equal(404);
    });
  });

  describe('for commune staff', () => {
    it('when no areaCode is given, then one row for their own commune', async () => {
      await givenScenario();
      const staff = await givenUser('commune_staff', '07888');

      const res = await request(testApp).get(API).set(staff.auth);

      expect(res.status).to.equal(200);
      expect(res.body.area).to.deep.equal({ code: '07888', name: 'Phường Dữu Lâu', level: 'commune' });
      expect(res.body.rows).to.have.length(1);
      expect(res.body.rows[0]).to.deep.include({ code: '07888', target: 10, eligible: 4, delivered: 2 });
      expect(res.body.totals).to.deep.include({ code: '07888', eligible: 4, delivered: 2, coverage: 0.5 });
    });

    it('when another commune, their district or their province is asked, then 404', async () => {
      await givenScenario();
      const staff = await givenUser('commune_staff', '07888');

      const answers = await Promise.all(
        ['07891', '227', '25'].map((areaCode) =>
          request(testApp).get(API).query({ areaCode }).set(staff.auth),
        ),
      );

      expect(answers.map((r) => r.status)).to.deep.equal([404, 404, 404]);
    });
  });

  describe('for an admin', () => {
    it('when no areaCode is given, then one row per province of the nation', async () => {
      await givenScenario();
      const admin = await givenUser('admin');

      const res = await request(testApp).get(API).set(admin.auth);

      expect(res.status).to.equal(200);
      expect(res.body.area).to.deep.equal({ code: null, name: 'Toàn quốc', level: 'nation' });
      expect(
        res.body.rows.map((r: { code: string; delivered: number }) => [r.code, r.delivered]),
      ).to.deep.equal([
        ['01', 1],
        ['02', 0],
        ['25', 3],
      ]);
      expect(res.body.rows[2].switchOffDate).to.equal('2025-06-30');
      expect(res.body.totals).to.deep.include({ code: null, delivered: 4, eligible: 7, switchOffDate: null });
    });
  });

  describe('access and input', () => {
    it('when an installer asks, then 403; without a token, 401', async () => {
      const installer = await givenUser('installer', '25');

      const forbidden = await request(testApp).get(API).set(installer.auth);
      const anonymous = await request(testApp).get(API);

      expect(forbidden.status).to.equal(403);
      expect(forbidden.body.error.code).to.equal('FORBIDDEN');
      expect(anonymous.status).to.equal(401);
    });

    it('when the level is not below the area or the query is malformed, then 400 VALIDATION_FAILED', async () => {
      const official = await givenUser('official', '25');

      const answers = await Promise.all(
        [
          { areaCode: '227', level: 'district' },
          { areaCode: '25', level: 'province' },
          { belowRate: 2 },
          { sort: 'households' },
          { format: 'xml' },
          { areaCode: 'abc' },
        ].map((q) => request(testApp).get(API).query(q).set(official.auth)),
      );

      expect(answers.map((r) => r.status)).to.deep.equal([400, 400, 400, 400, 400, 400]);
      expect(answers[0].body.error.code).to.equal('VALIDATION_FAILED');
    });
  });

  describe('?format=csv', () => {
    const EN_HEADER =
      '"area_code","area_name","target","registered_total","pending_review","approved","assigned","delivered",' +
      '"not_yet_delivered","remaining","rejected","withdrawn","failed_attempts","eligible","coverage_pct",' +
      '"completeness_pct","switch_off_date"';
    // "Đã đăng ký" alone read as "awaiting review" to officials: the headers say which is which.
    const VI_HEADER =
      '"Mã đơn vị","Tên đơn vị","Chỉ tiêu (hộ nghèo + cận nghèo)","Tổng số hộ đã đăng ký (mọi trạng thái)",' +
      '"Chờ duyệt","Đã duyệt","Đã xếp đợt","Đã bàn giao","Đã duyệt, chưa bàn giao",' +
      '"Còn lại (chờ duyệt + chưa bàn giao)","Bị từ chối","Đã rút","Lượt lắp đặt không thành",' +
      '"Đủ điều kiện nhận","Tỷ lệ phủ (%)","Tỷ lệ hoàn thành danh sách (%)","Ngày tắt sóng analog"';

    it('when lang=en, then the fixed English columns, one line per row, a totals line, percentages with one decimal', async () => {
      await givenScenario();
      const official = await givenUser('official', '25');

      const res = await request(testApp)
        .get(API)
        .query({ areaCode: '25', format: 'csv', lang: 'en' })
        .set(official.auth)
        .buffer(true)
        .parse((r, cb) => {
          let body = '';
          r.setEncoding('utf8');
          r.on('data', (c: string) => (body += c));
          r.on('end', () => cb(null, body));
        });

      expect(res.status).to.equal(200);
      expect(res.headers['content-type']).to.match(/^text\/csv/);
      expect(res.headers['content-disposition']).to.match(
        /attachment; filename="?coverage-25-\d{4}-\d{2}-\d{2}\.csv/,
      );
      const lines = (res.body as string).replace(/^\uFEFF/, '').split('\r\n');
      expect(lines).to.deep.equal([
        EN_HEADER,
        '"227","Thành phố Việt Trì",15,9,1,2,1,3,3,4,1,1,1,6,50,46.7,"2025-06-30"',
        '"228","Thị xã Phú Thọ",8,1,1,0,0,0,0,1,0,0,0,0,"",12.5,"2025-06-30"',
        '"25","Total",23,10,2,2,1,3,3,5,1,1,1,6,50,34.8,"2025-06-30"',
      ]);
    });

    it('when lang=vi (the default), then Vietnamese headers and a "Tổng cộng" line', async () => {
      await givenScenario();
      const official = await givenUser('official', '25');

      const res = await request(testApp)
        .get(API)
        .query({ areaCode: '25', format: 'csv', level: 'commune', sort: 'name' })
        .set(official.auth)
        .buffer(true)
        .parse((r, cb) => {
          let body = '';
          r.setEncoding('utf8');
          r.on('data', (c: string) => (body += c));
          r.on('end', () => cb(null, body));
        });

      expect(res.status).to.equal(200);
      expect(res.headers['content-disposition']).to.include('ty-le-phu-25-');
      const body = res.body as string;
      expect(body.startsWith('\uFEFF')).to.equal(true);
      const lines = body.slice(1).split('\r\n');
      expect(lines[0]).to.equal(VI_HEADER);
      expect(lines).to.have.length(7);
      expect(lines[1]).to.match(/^"07888","Phường Dữu Lâu",10,/);
      expect(lines[6]).to.match(/^"25","Tổng cộng",23,/);
    });
  });

  describe('stats:recompute', () => {
    async function corrupt(): Promise<void> {
      await HouseholdCounterModel.updateOne(
        { _id: '07888' },
        { $set: { 'counts.delivered': 9, failedAttempts: 4 } },
      );
      await HouseholdCounterModel.updateOne({ _id: '07891' }, { $set: { failedAttempts: 2 } });
      await DeliveryDayCounterModel.updateOne({ _id: '07888:2025-03-10' }, { $set: { delivered: 7 } });
      await DeliveryDayCounterModel.deleteOne({ _id: '07891:2025-03-10' });
      await DeliveryDayCounterModel.create({
        _id: '07942:2025-01-01',
        provinceCode: '25',
        districtCode: '228',
        communeCode: '07942',
        day: '2025-01-01',
        delivered: 3,
      });
    }

    it('when counters were corrupted, then recomputeStats reports each drift, repairs it, and the report is right again', async () => {
      await givenScenario();
      const official = await givenUser('official', '25');
      const ask = () =>
        request(testApp).get(API).query({ areaCode: '25', level: 'commune' }).set(official.auth);
      const good = (await ask()).body;
      await corrupt();
      expect((await ask()).body).to.not.deep.equal(good);

      const result = await recomputeStats();
      const again = await recomputeStats();

      expect(result.households).to.deep.equal([
        { communeCode: '07888', status: 'delivered', counted: 9, actual: 2 },
      ]);
      expect(result.failedAttempts).to.deep.equal([
        { communeCode: '07888', counted: 4, actual: 1 },
        { communeCode: '07891', counted: 2, actual: 0 },
      ]);
      expect(result.deliveryDays).to.deep.equal([
        { communeCode: '07888', day: '2025-03-10', counted: 7, actual: 2 },
        { communeCode: '07891', day: '2025-03-10', counted: 0, actual: 1 },
        { communeCode: '07942', day: '2025-01-01', counted: 3, actual: 0 },
      ]);
      expect(again).to.deep.equal({ households: [], failedAttempts: [], deliveryDays: [] });
      expect((await ask()).body).to.deep.equal(good);
      const day = await DeliveryDayCounterModel.findById('07891:2025-03-10').lean();
      expect(day).to.deep.include({
        provinceCode: '25',
        districtCode: '227',
        communeCode: '07891',
        delivered: 1,
      });
    });

    it('when npm run stats:recompute runs on corrupted counters, then it prints each correction, then "no drift"', async function () {
      this.timeout(60_000);
      await givenScenario();
      await corrupt();
      const recompute = async () =>
        (
          await run(process.execPath, ['--import', 'tsx', path.join('scripts', 'recompute-stats.ts')], {
            cwd: path.join(__dirname, '..', '..'),
            env: {
              PATH: process.env.PATH,
              MONGODB_URI: await testServerUri(),
              MONGODB_DB_NAME: mongoose.connection.name,
              LOG_LEVEL: 'silent',
            },
          })
        ).stdout;

      const first = await recompute();
      const second = await recompute();

      expect(first).to.include('Recomputing household counters…');
      expect(first).to.include('deliveries read');
      expect(first).to.include('commune 07888 delivered: counted 9, actual 2 (corrected)');
      expect(first).to.include('commune 07888 failed attempts: counted 4, actual 1 (corrected)');
      expect(first).to.include('commune 07888 deliveries on 2025-03-10: counted 7, actual 2 (corrected)');
      expect(first).to.include('commune 07942 deliveries on 2025-01-01: counted 3, actual 0 (corrected)');
      expect(first).to.include('Statistics: 6 count(s) corrected.');
      expect(second).to.include('Statistics: no drift.');
    });
  });

  describe('?format=xlsx', () => {
    it('when the table is downloaded as .xlsx, then the CSV’s rows and columns with codes as text and figures as numbers', async () => {
      await givenScenario();
      const official = await givenUser('official', '25');

      const res = await request(testApp)
        .get(API)
        .query({ areaCode: '25', format: 'xlsx' })
        .set(official.auth)
        .responseType('blob');

      expect(res.status).to.equal(200);
      expect(res.headers['content-type']).to.match(/spreadsheetml/);
      expect(res.headers['content-disposition']).to.match(/ty-le-phu-25-\d{4}-\d{2}-\d{2}\.xlsx/);
      const book = new ExcelJS.Workbook();
      await book.xlsx.load(res.body as ArrayBuffer);
      const sheet = book.worksheets[0];
      expect(sheet.name).to.equal('Tỷ lệ phủ');
      const row = (n: number) => (sheet.getRow(n).values as unknown[]).slice(1);
      expect(row(1)[3]).to.equal('Tổng số hộ đã đăng ký (mọi trạng thái)');
      expect(row(1)[4]).to.equal('Chờ duyệt');
      expect(row(2)).to.deep.equal([
        '227',
        'Thành phố Việt Trì',
        15,
        9,
        1,
        2,
        1,
        3,
        3,
        4,
        1,
        1,
        1,
        6,
        50,
        46.7,
        '2025-06-30',
      ]);
      expect(sheet.getRow(2).getCell(1).numFmt).to.equal('@');
      expect(row(4)).to.deep.equal([
        '25',
        'Tổng cộng',
        23,
        10,
        2,
        2,
        1,
        3,
        3,
        5,
        1,
        1,
        1,
        6,
        50,
        34.8,
        '2025-06-30',
      ]);
    });
  });
});
