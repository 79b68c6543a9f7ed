import { expect } from 'chai';
import request from 'supertest';
import { DeliveryModel } from '../../src/batches/delivery-model';
import { testApp } from '../support/app';
import type { GivenBatch } from '../support/batches';
import { useTestDb } from '../support/db';
import { givenUser, type GivenUser } from '../support/factories';
import { givenBatchForPapers } from '../support/papers';
import { downloadWorkbook, sheetRows } from '../support/workbooks';

const API = '/api/v1/reports/acceptance';

describe('GET /api/v1/reports/acceptance', () => {
  useTestDb();

  let official: GivenUser;
  let given: GivenBatch;

  beforeEach(async () => {
    ({ official, given } = await givenBatchForPapers('moved'));
  });

  it('when an official asks for a batch, then the delivered households come with full IDs, serials and numbers, and the failure with its reason', async () => {
    const res = await request(testApp).get(API).query({ batchId: given.batch.id }).set(official.auth);

    expect(res.status).to.equal(200);
    expect(res.body.nationalIds).to.equal('full');
    expect(res.body.delivered.map((d: { nationalId: string }) => d.nationalId)).to.deep.equal(
      given.households.slice(0, 2).map((h) => h.head.nationalId),
    );
    expect(res.body.delivered[0]).to.include({
      no: 1,
      communeName: 'Phường Dữu Lâu',
      serial: given.serials[0],
      receiverModel: 'DVB-T2 HD-01',
      hasPhoto: false,
      signalReceived: true,
    });
    const stored = await DeliveryModel.findById(res.body.delivered[0].deliveryId).lean();
    expect(res.body.delivered[0].handoverNumber).to.equal(stored?.handoverNumber ?? null);
    // The installer who confirmed and failed the visits through the API, by the name on their account.
    expect(res.body.delivered.map((d: { installerName: string }) => d.installerName)).to.deep.equal([
      given.installer.fullName,
      given.installer.fullName,
    ]);
    expect(res.body.failures[0].installerName).to.equal(given.installer.fullName);
    expect(res.body.failures).to.have.length(1);
    expect(res.body.failures[0]).to.include({ reason: 'moved', reasonText: 'đã chuyển đi', permanent: true });
    expect(res.body.totals).to.deep.include({ delivered: 2, withSignal: 2, withPhoto: 0, failedAttempts: 1 });
    expect(res.body.totals.byCommune).to.deep.equal([
      { communeCode: '07888', communeName: 'Phường Dữu Lâu', delivered: 2, failedAttempts: 1 },
    ]);
  });

  it('when downloaded as .xlsx, then the national ID keeps its leading zero as a text cell and the date is in Vietnam time', async () => {
    const json = (await request(testApp).get(API).query({ batchId: given.batch.id }).set(official.auth)).body;

    const { status, disposition, book } = await downloadWorkbook(
      `${API}?batchId=${given.batch.id}&format=xlsx`,
      official.auth,
    );

    expect(status).to.equal(200);
    expect(disposition).to.match(/^attachment; filename=nghiem-thu-25-D1-\d{3}-\d{4}-\d{2}-\d{2}\.xlsx$/);
    const rows = sheetRows(book, 'Đã bàn giao');
    expect(rows[0].slice(0, 5)).to.deep.equal(['STT', 'Xã', 'Thôn/Ấp', 'Họ tên chủ hộ', 'Số CCCD/CMND']);
    const id = book.getWorksheet('Đã bàn giao')?.getCell('E2');
    expect(id?.value).to.equal(given.households[0].head.nationalId);
    expect(String(id?.value)).to.match(/^0\d{11}$/);
    expect(id?.numFmt).to.equal('@');
    const when = rows[1][9] as Date;
    const utc = new Date(json.delivered[0].deliveredAt as string);
    expect(when.getTime() - utc.getTime()).to.equal(7 * 3_600_000);
    expect(sheetRows(book, 'Không thành')[1][5]).to.equal('đã chuyển đi');
    expect(sheetRows(book, 'Tổng hợp')[2]).to.deep.equal([undefined, 'Tổng cộng', 2, 1]);
  });

  it('when commune staff ask for their commune, then IDs are masked; another commune or a batch is 404, another province’s official too', async () => {
    const staff = await givenUser('commune_staff', '07888');
    const other = await givenUser('official', '01');

    const own = await request(testApp).get(API).query({ areaCode: '07888' }).set(staff.auth);
    const elsewhere = await request(testApp).get(API).query({ areaCode: '07891' }).set(staff.auth);
    const batch = await request(testApp).get(API).query({ batchId: given.batch.id }).set(staff.auth);
    const outside = await request(testApp).get(API).query({ batchId: given.batch.id }).set(other.auth);
    const both = await request(testApp)
      .get(API)
      .query({ batchId: given.batch.id, areaCode: '07888' })
      .set(official.auth);
    const byInstaller = await request(testApp)
      .get(API)
      .query({ areaCode: '07888' })
      .set(given.installer.auth);

    expect(own.status).to.equal(200);
    expect(own.body.nationalIds).to.equal('masked');
    expect(own.body.delivered[0].nationalId).to.not.equal(given.households[0].head.nationalId);
    expect(own.body.delivered[0].nationalId.slice(-4)).to.equal(
      given.households[0].head.nationalId.slice(-4),
    );
    expect(elsewhere.status).to.equal(404);
    expect(batch.status).to.equal(404);
    expect(outside.status).to.equal(404);
    expect(both.status).to.equal(400);
    expect(byInstaller.status).to.equal(403);
  });
});
