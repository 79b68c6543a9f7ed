import { expect } from 'chai';
import request from 'supertest';
import { addHouseholds } from '../../src/batches/assignment';
import { DeliveryModel } from '../../src/batches/delivery-model';
import { SYSTEM_ACTOR } from '../../src/users/roles';
import { testApp } from '../support/app';
import {
  deliveryIdOf,
  givenApprovedHouseholds,
  givenStartedBatch,
  type GivenBatch,
} from '../support/batches';
import { useTestDb } from '../support/db';
import { confirmDeliveries } from '../support/deliveries';
import { givenAreas, givenUser, type GivenUser } from '../support/factories';
import { downloadWorkbook, sheetRows } from '../support/workbooks';

const API = '/api/v1/reports/batches';

describe('GET /api/v1/reports/batches/:id', () => {
  useTestDb();

  let official: GivenUser;
  let given: GivenBatch;

  beforeEach(async () => {
    await givenAreas();
    official = await givenUser('official', '25');
    // 07888: 4 households (2 delivered, 1 absent, 1 moved); 07891: 2 households pending. 8 receivers.
    given = await givenStartedBatch({ receivers: 8, households: 4 });
    const more = await givenApprovedHouseholds('07891', 2);
    await addHouseholds(given.batch.id, { householdIds: more.map((h) => h.id) }, SYSTEM_ACTOR);
    await confirmDeliveries(given, given.households.slice(0, 2), official.auth);
    for (const [h, reason] of [
      [given.households[2], 'absent'],
      [given.households[3], 'moved'],
    ] as const) {
      const id = await deliveryIdOf(h.id, official.auth);
      await request(testApp)
        .post(`/api/v1/deliveries/${id}/fail`)
        .set(given.installer.auth)
        .send({ reason })
        .expect(200);
    }
  });

  it('when a batch has delivered, failed and pending households, then every figure equals a recount of its deliveries, with names', async () => {
    const res = await request(testApp).get(`${API}/${given.batch.id}`).set(official.auth);

    expect(res.status).to.equal(200);
    const docs = await DeliveryModel.find({ batchId: given.batch.id }).lean();
    const count = (communeCode: string | null, status: string) =>
      docs.filter((d) => (!communeCode || d.area.communeCode === communeCode) && d.status === status).length;
    for (const row of res.body.byCommune as Record<string, number | string>[]) {
      const code = String(row.communeCode);
      for (const s of ['pending', 'delivered', 'failed', 'cancelled'])
        expect(row[s], `${code} ${s}`).to.equal(count(code, s));
      expect(row.households).to.equal(docs.filter((d) => d.area.communeCode === code).length);
    }
    for (const s of ['pending', 'delivered', 'failed', 'cancelled'])
      expect(res.body.totals[s]).to.equal(count(null, s));
    expect(res.body.totals).to.deep.include({ households: 6, delivered: 2, failedAttempts: 2 });
    expect(res.body.byCommune.map((c: { communeName: string }) => c.communeName)).to.deep.equal([
      'Phường Dữu Lâu',
      'Phường Vân Cơ',
    ]);
    expect(res.body.failureReasons).to.deep.equal([
      { reason: 'absent', reasonText: 'vắng nhà', permanent: false, count: 1 },
      { reason: 'moved', reasonText: 'đã chuyển đi', permanent: true, count: 1 },
    ]);
    // Before and after temporary failures stay pending (installer-api), the recount decides.
    expect(res.body.byInstaller).to.deep.equal([
      {
        userId: given.installer.id,
        name: res.body.byInstaller[0].name,
        delivered: 2,
        failed: count(null, 'failed'),
        failedAttempts: 2,
      },
    ]);
    expect(res.body.byInstaller[0].name).to.match(/^Nguyễn Văn \d+$/);
    // 8 allocated: 2 installed, 6 held; what pending households keep does not return.
    expect(res.body.receivers).to.deep.equal({
      allocated: 6,
      installed: 2,
      toReturn: 6 - count(null, 'pending'),
    });
    expect(res.body.batch).to.include({
      code: given.batch.code,
      statusText: 'Đang lắp đặt',
      provinceName: 'Tỉnh Phú Thọ',
    });
  });

  it('when a delivery was confirmed by a script or by an account no longer there, then the installer rows name them in words, never by id', async () => {
    const delivered = await DeliveryModel.find({ batchId: given.batch.id, status: 'delivered' }).lean();
    await DeliveryModel.updateOne({ _id: delivered[0]?._id }, { $set: { completedBy: SYSTEM_ACTOR.id } });
    await DeliveryModel.updateOne(
      { _id: delivered[1]?._id },
      { $set: { completedBy: '64b000000000000000000000' } },
    );

    const res = await request(testApp).get(`${API}/${given.batch.id}`).set(official.auth).expect(200);

    const names = Object.fromEntries(
      (res.body.byInstaller as { userId: string; name: string }[]).map((r) => [r.userId, r.name]),
    );
    expect(names[SYSTEM_ACTOR.id]).to.equal('Hệ thống (tự động)');
    expect(names['64b000000000000000000000']).to.equal('Không rõ người thực hiện');
  });

  it('when a delivery carries earlier temporary attempts, then each is counted once with its reason and installer', async () => {
    const at = new Date('2026-03-02T03:00:00Z');
    const pending = await DeliveryModel.findOne({
      batchId: given.batch.id,
      'area.communeCode': '07891',
    }).lean();
    await DeliveryModel.collection.updateOne(
      { _id: pending?._id },
      {
        $set: {
          attempts: [{ at, reason: 'no_signal', notes: null, by: given.installer.id }],
          attemptCount: 1,
        },
      },
    );

    const res = await request(testApp).get(`${API}/${given.batch.id}`).set(official.auth);

    expect(res.body.totals.failedAttempts).to.equal(3);
    expect(
      res.body.failureReasons.map((r: { reason: string; count: number }) => `${r.reason} ${r.count}`),
    ).to.deep.equal(['absent 1', 'no_signal 1', 'moved 1']);
    expect(res.body.byCommune[1]).to.include({ communeCode: '07891', pending: 2, failedAttempts: 1 });
  });

  it('when asked as .xlsx, then the commune sheet has commune codes as text and names, and the summary the totals', async () => {
    const { status, book } = await downloadWorkbook(`${API}/${given.batch.id}?format=xlsx`, official.auth);

    expect(status).to.equal(200);
    const communes = sheetRows(book, 'Theo xã');
    expect(communes[0]).to.deep.equal([
      'Mã xã',
      'Tên xã',
      'Số hộ trong đợt',
      'Đã bàn giao',
      'Chưa lắp đặt',
      'Không thành (dừng)',
      'Huỷ khi đóng đợt',
      'Lượt không thành',
    ]);
    const json = (await request(testApp).get(`${API}/${given.batch.id}`).set(official.auth)).body
      .byCommune[0];
    expect(communes[1]).to.deep.equal(['07888', 'Phường Dữu Lâu', 4, 2, json.pending, json.failed, 0, 2]);
    expect(book.getWorksheet('Theo xã')?.getCell('A2').numFmt).to.equal('@');
    expect(sheetRows(book, 'Lý do không thành')[1]).to.deep.equal(['vắng nhà', 'Tạm thời, sẽ quay lại', 1]);
    expect(sheetRows(book, 'Tổng hợp')).to.deep.include(['Đầu thu đã lắp đặt', 2]);
  });

  it('when an official of another province or an unknown id asks, then 404; commune staff and installers get 403', async () => {
    const other = await givenUser('official', '01');
    const staff = await givenUser('commune_staff', '07888');

    const outside = await request(testApp).get(`${API}/${given.batch.id}`).set(other.auth);
    const unknown = await request(testApp).get(`${API}/0123456789abcdef01234567`).set(official.auth);
    const badId = await request(testApp).get(`${API}/nope`).set(official.auth);
    const byStaff = await request(testApp).get(`${API}/${given.batch.id}`).set(staff.auth);
    const byInstaller = await request(testApp).get(`${API}/${given.batch.id}`).set(given.installer.auth);

    expect(outside.status).to.equal(404);
    expect(unknown.status).to.equal(404);
    expect(badId.status).to.equal(400);
    expect(byStaff.status).to.equal(403);
    expect(byInstaller.status).to.equal(403);
  });
});
