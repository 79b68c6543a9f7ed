import { expect } from 'chai';
import request from 'supertest';
import { HouseholdModel } from '../../src/households/model';
import { UserModel } from '../../src/users/model';
import { testApp } from '../support/app';
import type { GivenBatch } from '../support/batches';
import { useTestDb } from '../support/db';
import { givenUser, type GivenUser } from '../support/factories';
import { givenBatchForPapers } from '../support/papers';
import { downloadWorkbook, sheetRows } from '../support/workbooks';

// GET /deliveries?format=csv|xlsx and GET /reports/payment (issue 13): the acceptance and payment files.

describe('GET /api/v1/deliveries?format and GET /api/v1/reports/payment', () => {
  useTestDb();

  let official: GivenUser;
  let given: GivenBatch;

  beforeEach(async () => {
    ({ official, given } = await givenBatchForPapers('absent'));
  });

  /** The batch's deliveries as CSV, downloaded by the official. */
  const csvOf = (query: Record<string, string>) =>
    request(testApp)
      .get('/api/v1/deliveries')
      .query({ batchId: given.batch.id, format: 'csv', ...query })
      .set(official.auth)
      .responseType('blob');

  it('when an official downloads the delivered deliveries as .xlsx, then every one is there with its ID, phone and serial as text', async () => {
    const { status, disposition, book } = await downloadWorkbook(
      `/api/v1/deliveries?batchId=${given.batch.id}&status=delivered&format=xlsx`,
      official.auth,
    );

    expect(status).to.equal(200);
    expect(disposition).to.match(/^attachment; filename=danh-sach-ban-giao-\d{4}-\d{2}-\d{2}\.xlsx$/);
    const rows = sheetRows(book, 'Danh sách bàn giao');
    expect(rows).to.have.length(3);
    expect(rows[0].slice(0, 8)).to.deep.equal([
      'Mã đợt',
      'Xã',
      'Thôn/Ấp',
      'Họ tên chủ hộ',
      'Số CCCD/CMND',
      'Địa chỉ',
      'Số điện thoại',
      'Tình trạng',
    ]);
    const sheet = book.getWorksheet('Danh sách bàn giao');
    const ids = [sheet?.getCell('E2').value, sheet?.getCell('E3').value];
    expect(ids).to.have.members(given.households.slice(0, 2).map((h) => h.head.nationalId));
    expect(String(ids[0])).to.match(/^0\d{11}$/);
    expect(sheet?.getCell('E2').numFmt).to.equal('@');
    expect(sheet?.getCell('G2').numFmt).to.equal('@');
    expect(rows[1][1]).to.equal('Phường Dữu Lâu');
    expect(rows[1][7]).to.equal('Đã bàn giao');
    expect(given.serials).to.include(rows[1][8]);
  });

  it('when the CSV is asked for in English, then the keys head the columns and the failed visit shows its reason in words', async () => {
    const res = await csvOf({ lang: 'en' });

    expect(res.status).to.equal(200);
    expect(res.type).to.equal('text/csv');
    const lines = String(res.body)
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\r\n');
    expect(lines).to.have.length(4);
    expect(lines[0]).to.match(/^"batchCode","communeName","village","headName","nationalId"/);
    const pending = lines.find((l) => l.includes('"Chờ lắp"'));
    expect(pending).to.include('"vắng nhà"');
  });

  it('when the installer who confirmed has since been removed, then the file names the work in words, never by account id', async () => {
    await UserModel.deleteOne({ _id: given.installer.id });
    const res = await csvOf({ status: 'delivered' });

    expect(res.status).to.equal(200);
    const body = String(res.body);
    expect(body).to.include('"Không rõ người thực hiện"');
    expect(body).to.not.include(given.installer.id);
  });

  it('when an installer or an official of another province asks for the file, then 403 and an empty file', async () => {
    const res = await request(testApp)
      .get('/api/v1/deliveries')
      .query({ batchId: given.batch.id, format: 'xlsx' })
      .set(given.installer.auth);
    expect(res.status).to.equal(403);
    expect(res.body.error.message).to.match(/cán bộ/);

    const other = await givenUser('official', '01');
    const { status, book } = await downloadWorkbook('/api/v1/deliveries?format=xlsx', other.auth);
    expect(status).to.equal(200);
    expect(sheetRows(book, 'Danh sách bàn giao')).to.have.length(1);
  });

  it('when the payment totals are asked for, then each commune’s delivered count equals a recount of the households, in JSON and .xlsx', async () => {
    const res = await request(testApp).get('/api/v1/reports/payment').set(official.auth);

    expect(res.status).to.equal(200);
    expect(res.body.area).to.deep.equal({ code: '25', name: 'Tỉnh Phú Thọ', level: 'province' });
    const duuLau = res.body.communes.find((c: { code: string }) => c.code === '07888');
    const recount = await HouseholdModel.countDocuments({ 'area.communeCode': '07888', status: 'delivered' });
    expect(duuLau).to.include({ name: 'Phường Dữu Lâu', delivered: recount, failedAttempts: 1 });
    expect(recount).to.equal(2);
    expect(res.body.totals).to.include({ delivered: 2, failedAttempts: 1, notYetDelivered: 1 });

    const { book } = await downloadWorkbook('/api/v1/reports/payment?format=xlsx', official.auth);
    const rows = sheetRows(book, 'Tổng hợp thanh toán');
    expect(rows.find((r) => r[0] === '07888')?.[4]).to.equal(2);
    expect(rows.at(-1)?.slice(1, 2)).to.deep.equal(['Tổng cộng Tỉnh Phú Thọ']);
    expect(rows.at(-1)?.[4]).to.equal(2);
  });

  it('when an official asks for another province’s totals, then 404', async () => {
    const res = await request(testApp).get('/api/v1/reports/payment?areaCode=01').set(official.auth);
    expect(res.status).to.equal(404);
  });
});
