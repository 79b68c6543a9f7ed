import { expect } from 'chai';
import ExcelJS from 'exceljs';
import sinon from 'sinon';
import request from 'supertest';
import * as areas from '../../src/areas/service';
import { recomputeStats } from '../../src/batches/recompute-counters';
import { SYSTEM_ACTOR } from '../../src/users/roles';
import { testApp } from '../support/app';
import { useTestDb } from '../support/db';
import { givenAreas, givenHousehold, givenUser } from '../support/factories';
import { givenApproved, givenDelivered } from '../support/report-deliveries';

const API = '/api/v1/reports/progress';
// Noon in Hà Nội on 2025-03-14.
const NOW = new Date('2025-03-14T05:00:00Z');

async function givenApprovedIn(communeCode: string, n: number) {
  const out = [];
  for (let i = 0; i < n; i += 1) out.push(await givenApproved(await givenHousehold(communeCode)));
  return out;
}

/**
 * Province 25, switch-off 2025-04-30, today 2025-03-14 (Vietnam):
 * - 07888: 10 eligible; 2 delivered on 03-01, 3 on 03-10 (two of them at 01:00 Hà Nội time, still
 *   03-09 in UTC), 2 on 03-14 → 7 in the last 14 days: 0.5 a day, 3 left → 6 days → 03-20.
 * - 07891: 4 eligible; 1 delivered on 02-01 → nothing lately: no date, will miss.
 * - 07942: 6 eligible; 1 delivered on 03-01 → 1/14 a day, 5 left → 70 days → 05-23, will miss.
 */
async function givenScenario(): Promise<void> {
  await areas.setProvinceProgramme('25', { switchOffDate: '2025-04-30' }, SYSTEM_ACTOR);
  const a = await givenApprovedIn('07888', 10);
  const at = (iso: string) => new Date(iso);
  await givenDelivered(a[0], at('2025-03-01T02:00:00Z'));
  await givenDelivered(a[1], at('2025-03-01T09:00:00Z'));
  await givenDelivered(a[2], at('2025-03-09T18:00:00Z'));
  await givenDelivered(a[3], at('2025-03-09T18:30:00Z'));
  await givenDelivered(a[4], at('2025-03-10T08:00:00Z'));
  await givenDelivered(a[5], at('2025-03-14T01:00:00Z'));
  await givenDelivered(a[6], at('2025-03-14T04:00:00Z'));
  const b = await givenApprovedIn('07891', 4);
  await givenDelivered(b[0], at('2025-02-01T03:00:00Z'));
  const c = await givenApprovedIn('07942', 6);
  await givenDelivered(c[0], at('2025-03-01T03:00:00Z'));
}

describe('GET /reports/progress', () => {
  useTestDb();

  beforeEach(async () => {
    sinon.useFakeTimers({ now: NOW, toFake: ['Date'] });
    await givenAreas();
  });

  afterEach(() => {
    sinon.restore();
  });

  it('when a province official asks, then the daily series, the rate, the projection and one row per district', async () => {
    await givenScenario();
    const official = await givenUser('official', '25');

    const res = await request(testApp).get(API).set(official.auth);

    expect(res.status).to.equal(200);
    expect(res.body).to.deep.include({
      area: { code: '25', name: 'Tỉnh Phú Thọ', level: 'province' },
      level: 'district',
      today: '2025-03-14',
      windowDays: 14,
      granularity: 'day',
      from: '2025-02-01',
      to: '2025-03-14',
      eligible: 20,
      delivered: 9,
      coverage: 0.45,
      ratePerDay: 8 / 14,
      remaining: 11,
      complete: false,
      daysToComplete: 20, // ceil(11 × 14 / 8)
      projectedDate: '2025-04-03',
      switchOffDate: '2025-04-30',
      willMissSwitchOff: false,
    });
    const series = res.body.series as { period: string; delivered: number; cumulative: number }[];
    expect(series).to.have.length(42);
    expect(series[0]).to.deep.equal({ period: '2025-02-01', delivered: 1, cumulative: 1 });
    expect(series.filter((p) => p.delivered > 0)).to.deep.equal([
      { period: '2025-02-01', delivered: 1, cumulative: 1 },
      { period: '2025-03-01', delivered: 3, cumulative: 4 },
      { period: '2025-03-10', delivered: 3, cumulative: 7 },
      { period: '2025-03-14', delivered: 2, cumulative: 9 },
    ]);
    expect(
      res.body.rows.map((r: Record<string, unknown>) => [r.code, r.projectedDate, r.willMissSwitchOff]),
    ).to.deep.equal([
      ['227', '2025-03-26', false],
      ['228', '2025-05-23', true],
    ]);
  });

  it('when asked per commune, then each commune shows whether it will miss the switch-off', async () => {
    await givenScenario();
    const official = await givenUser('official', '25');

    const res = await request(testApp).get(API).query({ level: 'commune' }).set(official.auth);

    expect(res.status).to.equal(200);
    const rows = res.body.rows as Record<string, unknown>[];
    expect(
      rows.map((r) => [r.code, r.eligible, r.delivered, r.projectedDate, r.willMissSwitchOff]),
    ).to.deep.equal([
      ['07888', 10, 7, '2025-03-20', false],
      ['07891', 4, 1, null, true],
      ['07894', 0, 0, null, null],
      ['07942', 6, 1, '2025-05-23', true],
      ['07945', 0, 0, null, null],
    ]);
    expect(rows[0]).to.deep.include({ ratePerDay: 0.5, remaining: 3, daysToComplete: 6, coverage: 0.7 });
    expect(rows[1]).to.deep.include({ ratePerDay: 0, remaining: 3 });
  });

  it('when asked by week over a range, then Monday-started weeks whose cumulative counts earlier deliveries', async () => {
    await givenScenario();
    const official = await givenUser('official', '25');

    const res = await request(testApp)
      .get(API)
      .query({ granularity: 'week', from: '2025-03-01', to: '2025-03-14' })
      .set(official.auth);

    expect(res.status).to.equal(200);
    expect(res.body.series).to.deep.equal([
      { period: '2025-02-24', delivered: 3, cumulative: 4 },
      { period: '2025-03-03', delivered: 0, cumulative: 4 },
      { period: '2025-03-10', delivered: 5, cumulative: 9 },
    ]);
  });

  it('when the window is 1 day, then the rate is today’s deliveries', async () => {
    await givenScenario();
    const official = await givenUser('official', '25');

    const res = await request(testApp)
      .get(API)
      .query({ areaCode: '07888', windowDays: 1 })
      .set(official.auth);

    expect(res.status).to.equal(200);
    expect(res.body).to.deep.include({
      ratePerDay: 2,
      remaining: 3,
      daysToComplete: 2,
      projectedDate: '2025-03-16',
    });
  });

  it('when every day counter is compared with the deliveries, then nothing drifted', async () => {
    await givenScenario();

    const result = await recomputeStats();

    expect(result).to.deep.equal({ households: [], failedAttempts: [], deliveryDays: [] });
  });

  it('when commune staff ask, then their commune only: one row for itself; another commune is 404', async () => {
    await givenScenario();
    const staff = await givenUser('commune_staff', '07888');

    const own = await request(testApp).get(API).set(staff.auth);
    const other = await request(testApp).get(API).query({ areaCode: '07891' }).set(staff.auth);
    const province = await request(testApp).get(API).query({ areaCode: '25' }).set(staff.auth);

    expect(own.status).to.equal(200);
    expect(own.body.area.code).to.equal('07888');
    expect(own.body).to.deep.include({ delivered: 7, eligible: 10, projectedDate: '2025-03-20' });
    expect(own.body.rows.map((r: { code: string }) => r.code)).to.deep.equal(['07888']);
    expect(other.status).to.equal(404);
    expect(province.status).to.equal(404);
  });

  it('when an official of another province asks for this one, then 404 NOT_FOUND', async () => {
    await givenScenario();
    const official = await givenUser('official', '01');

    const res = await request(testApp).get(API).query({ areaCode: '25' }).set(official.auth);

    expect(res.status).to.equal(404);
    expect(res.body.error.code).to.equal('NOT_FOUND');
  });

  it('when an admin asks for the nation, then one row per province, each against its own switch-off date', async () => {
    await givenScenario();
    const admin = await givenUser('admin');

    const res = await request(testApp).get(API).set(admin.auth);

    expect(res.status).to.equal(200);
    expect(res.body).to.deep.include({ delivered: 9, switchOffDate: null, willMissSwitchOff: null });
    expect(res.body.rows.map((r: Record<string, unknown>) => [r.code, r.switchOffDate])).to.deep.equal([
      ['01', null],
      ['02', null],
      ['25', '2025-04-30'],
    ]);
  });

  it('when nothing was delivered yet, then the series is today alone and there is no projected date', async () => {
    await areas.setProvinceProgramme('25', { switchOffDate: '2025-04-30' }, SYSTEM_ACTOR);
    await givenApprovedIn('07888', 2);
    const official = await givenUser('official', '25');

    const res = await request(testApp).get(API).set(official.auth);

    expect(res.status).to.equal(200);
    expect(res.body.series).to.deep.equal([{ period: '2025-03-14', delivered: 0, cumulative: 0 }]);
    expect(res.body).to.deep.include({ ratePerDay: 0, projectedDate: null, willMissSwitchOff: true });
  });

  it('when an installer asks, then 403; when from is after to or the granularity unknown, then 400', async () => {
    const installer = await givenUser('installer', '25');
    const official = await givenUser('official', '25');

    const forbidden = await request(testApp).get(API).set(installer.auth);
    const backwards = await request(testApp)
      .get(API)
      .query({ from: '2025-03-10', to: '2025-03-01' })
      .set(official.auth);
    const badDate = await request(testApp).get(API).query({ from: '2025-02-30' }).set(official.auth);
    const badGranularity = await request(testApp).get(API).query({ granularity: 'month' }).set(official.auth);

    expect(forbidden.status).to.equal(403);
    expect([backwards.status, badDate.status, badGranularity.status]).to.deep.equal([400, 400, 400]);
    expect(backwards.body.error.code).to.equal('VALIDATION_FAILED');
  });

  describe('the backlog, willMiss and the downloads', () => {
    const text = (r: request.Response, cb: (err: Error | null, body: string) => void) => {
      let body = '';
      r.setEncoding('utf8');
      r.on('data', (c: string) => (body += c));
      r.on('end', () => cb(null, body));
    };

    it('when households await review, then remaining counts them apart from the approved not yet delivered', async () => {
      await givenScenario();
      await Promise.all([givenHousehold('07888'), givenHousehold('07888'), givenHousehold('07942')]);
      const official = await givenUser('official', '25');

      const res = await request(testApp).get(API).query({ level: 'commune' }).set(official.auth);

      expect(res.body).to.deep.include({
        awaitingReview: 3,
        notYetDelivered: 11,
        remaining: 14,
        eligible: 20,
      });
      expect(res.body.daysToComplete).to.equal(25); // ceil(14 × 14 / 8)
      const row = res.body.rows.find((r: { code: string }) => r.code === '07888');
      expect(row).to.deep.include({
        awaitingReview: 2,
        notYetDelivered: 3,
        remaining: 5,
        daysToComplete: 10,
      });
    });

    it('when willMiss=true, then only the areas that will miss the switch-off date remain; the totals stay whole', async () => {
      await givenScenario();
      const official = await givenUser('official', '25');

      const res = await request(testApp)
        .get(API)
        .query({ level: 'commune', willMiss: true })
        .set(official.auth);
      const refused = await request(testApp).get(API).query({ willMiss: false }).set(official.auth);

      expect(res.status).to.equal(200);
      expect(res.body.rows.map((r: { code: string }) => r.code)).to.deep.equal(['07891', '07942']);
      expect(res.body.eligible).to.equal(20);
      expect(refused.status).to.equal(400);
      expect(refused.body.error.details[0].path).to.equal('willMiss');
    });

    it('when format=csv, then the fixed columns, one line per area and the totals, the verdict in words', async () => {
      await givenScenario();
      const official = await givenUser('official', '25');

      const res = await request(testApp)
        .get(API)
        .query({ level: 'commune', willMiss: true, format: 'csv' })
        .set(official.auth)
        .buffer(true)
        .parse(text);

      expect(res.status).to.equal(200);
      expect(res.headers['content-type']).to.match(/^text\/csv/);
      expect(res.headers['content-disposition']).to.include('tien-do-25-2025-03-14.csv');
      const lines = (res.body as string).replace(/^\uFEFF/, '').split('\r\n');
      expect(lines).to.deep.equal([
        '"Mã đơn vị","Tên đơn vị","Đủ điều kiện nhận","Đã bàn giao","Tỷ lệ phủ (%)","Chờ duyệt",' +
          '"Đã duyệt, chưa bàn giao","Còn lại (chờ duyệt + chưa bàn giao)","Tốc độ gần đây (hộ/ngày)",' +
          '"Ngày dự kiến hoàn thành","Ngày tắt sóng analog","Kịp ngày tắt sóng"',
        '"07891","Phường Vân Cơ",4,1,25,0,3,3,0,"","2025-04-30","Không kịp"',
        '"07942","Phường Hùng Vương",6,1,16.7,0,5,5,0.07,"2025-05-23","2025-04-30","Không kịp"',
        '"25","Tổng cộng",20,9,45,0,11,11,0.57,"2025-04-03","2025-04-30","Kịp"',
      ]);
    });

    it('when format=xlsx, then the same table with codes and dates as text cells and figures as numbers', async () => {
      await givenScenario();
      const official = await givenUser('official', '25');

      const res = await request(testApp)
        .get(API)
        .query({ level: 'commune', format: 'xlsx', lang: 'en' })
        .set(official.auth)
        .responseType('blob');

      expect(res.status).to.equal(200);
      expect(res.headers['content-type']).to.match(/spreadsheetml/);
      const book = new ExcelJS.Workbook();
      await book.xlsx.load(res.body as ArrayBuffer);
      const sheet = book.worksheets[0];
      expect(sheet.getRow(1).getCell(1).value).to.equal('area_code');
      expect(sheet.getRow(1).getCell(12).value).to.equal('will_miss_switch_off');
      const first = sheet.getRow(2);
      expect(first.getCell(1).value).to.equal('07888');
      expect(first.getCell(1).numFmt).to.equal('@');
      expect(first.getCell(3).value).to.equal(10);
      expect(first.getCell(10).value).to.equal('2025-03-20');
      expect(first.getCell(12).value).to.equal('on time');
      expect(sheet.rowCount).to.equal(7); // header, five communes, totals
      expect(sheet.getRow(7).getCell(2).value).to.equal('Total');
    });
  });
});
