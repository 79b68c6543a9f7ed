import { expect } from 'chai';
import request from 'supertest';
import { BatchModel } from '../../src/batches/model';
import { DeliveryModel } from '../../src/batches/delivery-model';
import { recountReceivers } from '../../src/receivers/counters';
import { ReceiverModel } from '../../src/receivers/model';
import { registerReceivers } from '../../src/receivers/service';
import { RECEIVER_STATUSES } from '../../src/receivers/status';
import { SYSTEM_ACTOR } from '../../src/users/roles';
import { testApp } from '../support/app';
import { confirmBody, deliveryIdOf, givenStartedBatch, type GivenBatch } from '../support/batches';
import { useTestDb } from '../support/db';
import { confirmDeliveries } from '../support/deliveries';
import { givenAreas, givenUser, type GivenUser } from '../support/factories';
import { downloadWorkbook, sheetRows } from '../support/workbooks';

const API = '/api/v1/reports/inventory';

const FIELD = {
  in_stock: 'inStock',
  allocated: 'allocated',
  installed: 'installed',
  defective: 'defective',
  lost: 'lost',
} as const;

/** The figures recounted from the receivers themselves, per type, lot and supplier. */
async function recount(provinceCode: string) {
  const all = await ReceiverModel.find({ provinceCode }).lean();
  const zero = () => ({ received: 0, inStock: 0, allocated: 0, installed: 0, defective: 0, lost: 0 });
  const totals = zero();
  const byLot = new Map<string, ReturnType<typeof zero>>();
  for (const r of all) {
    totals.received++;
    totals[FIELD[r.status]]++;
    const key = `${r.type}|${r.lot ?? ''}`;
    const f = byLot.get(key) ?? zero();
    f.received++;
    f[FIELD[r.status]]++;
    byLot.set(key, f);
  }
  return { totals, byLot };
}

describe('GET /api/v1/reports/inventory', () => {
  useTestDb();

  let official: GivenUser;
  let given: GivenBatch;
  let deliveryIds: string[];

  beforeEach(async () => {
    await givenAreas();
    official = await givenUser('official', '25');
    // 5 allocated to the batch (lot L1), 3 households added; 2 delivered below.
    given = await givenStartedBatch({ receivers: 5, households: 3 });
    await registerReceivers(
      {
        provinceCode: '25',
        receivers: [
          { serial: 'VT-0001', type: 'satellite', lot: '007', supplier: 'VNPT Technology' },
          { serial: 'VT-0002', type: 'satellite', lot: '007', supplier: 'VNPT Technology' },
          { serial: 'T2-0003', type: 'dvb-t2', lot: 'L2', supplier: 'Viettel' },
          { serial: 'T2-0004', type: 'dvb-t2', lot: 'L2', supplier: 'Viettel' },
        ],
      },
      SYSTEM_ACTOR,
    );
    await registerReceivers(
      { provinceCode: '01', receivers: [{ serial: 'HN-0001', type: 'dvb-t2' }] },
      SYSTEM_ACTOR,
    );
    deliveryIds = await confirmDeliveries(given, given.households.slice(0, 2), official.auth);
    await request(testApp)
      .patch('/api/v1/receivers/T2-0003')
      .set(official.auth)
      .send({ action: 'mark_defective', reason: 'Không lên nguồn' })
      .expect(200);
    await request(testApp)
      .patch(`/api/v1/receivers/${given.serials[4]}`)
      .set(official.auth)
      .send({ action: 'mark_lost', reason: 'Thất lạc khi vận chuyển' })
      .expect(200);
  });

  it('when the stock moved through registration, allocation, handover and marking, then every figure equals a recount and there is no mismatch', async () => {
    const res = await request(testApp).get(API).set(official.auth);

    expect(res.status).to.equal(200);
    const want = await recount('25');
    expect(res.body.totals).to.deep.equal(want.totals);
    expect(res.body.totals).to.deep.equal({
      received: 9,
      inStock: 3,
      allocated: 2,
      installed: 2,
      defective: 1,
      lost: 1,
    });
    for (const row of res.body.byLot as { type: string; lot: string | null }[]) {
      const { type, lot, ...figures } = row as Record<string, unknown>;
      delete figures.typeName;
      expect(figures, `${String(type)} ${String(lot)}`).to.deep.equal(
        want.byLot.get(`${String(type)}|${String(lot ?? '')}`),
      );
    }
    expect(res.body.byType.map((r: { typeName: string }) => r.typeName)).to.deep.equal([
      'DVB-T2 (mặt đất)',
      'Vệ tinh',
    ]);
    expect(res.body.bySupplier).to.deep.include({
      type: 'satellite',
      typeName: 'Vệ tinh',
      supplier: 'VNPT Technology',
      received: 2,
      inStock: 2,
      allocated: 0,
      installed: 0,
      defective: 0,
      lost: 0,
    });
    expect(res.body.province).to.deep.equal({ code: '25', name: 'Tỉnh Phú Thọ' });
    expect(res.body.batchesChecked).to.equal(1);
    expect(res.body.mismatches).to.deep.equal([]);
  });

  it('when 12 installations of one lot are confirmed at once, then every one succeeds and the counters still equal a recount', async () => {
    const batch = await givenStartedBatch({ receivers: 12, households: 12 });
    const ids = await Promise.all(batch.households.map((h) => deliveryIdOf(h.id, official.auth)));

    const answers = await Promise.all(
      ids.map((id, i) =>
        request(testApp)
          .post(`/api/v1/deliveries/${id}/confirm`)
          .set(batch.installer.auth)
          .send(confirmBody(batch.serials[i])),
      ),
    );

    expect(answers.map((r) => r.status)).to.deep.equal(ids.map(() => 200));
    const res = await request(testApp).get(API).set(official.auth).expect(200);
    expect(res.body.totals).to.deep.equal((await recount('25')).totals);
    expect(await recountReceivers('25')).to.deep.equal([]);
  });

  it('when a delivery names another serial than the receiver installed for it and a closed batch still holds a receiver, then each mismatch is listed by serial', async () => {
    await DeliveryModel.updateOne({ _id: deliveryIds[0] }, { $set: { serial: given.serials[3] } });
    await BatchModel.updateOne({ _id: given.batch.id }, { $set: { status: 'closed' } });

    const res = await request(testApp).get(API).set(official.auth);

    expect(res.status).to.equal(200);
    const found = (
      res.body.mismatches as { kind: string; serial: string; deliveryId: string; batchCode: string }[]
    ).map((m) => `${m.kind} ${m.serial} ${m.deliveryId ?? ''} ${m.batchCode}`.trim());
    expect(found).to.have.members([
      `installed_without_delivery ${given.serials[0]} ${deliveryIds[0]} ${given.batch.code}`,
      `delivered_not_installed ${given.serials[3]} ${deliveryIds[0]} ${given.batch.code}`,
      `allocated_to_closed_batch ${given.serials[2]}  ${given.batch.code}`,
      `allocated_to_closed_batch ${given.serials[3]}  ${given.batch.code}`,
    ]);
    expect(res.body.mismatchCount).to.equal(4);
    expect(res.body.mismatches[0].kindText).to.be.a('string').and.match(/[ạ-ỹ]/);
    expect(res.body.totals).to.deep.equal((await recount('25')).totals);
  });

  it('when a receiver was changed behind the counters’ back, then the drift is listed, and after a recount the figures equal the receivers again', async () => {
    await ReceiverModel.updateOne(
      { serial: 'T2-0004' },
      { $set: { status: 'allocated', batchId: given.batch.id } },
    );

    const drifted = await request(testApp).get(API).set(official.auth).expect(200);
    const repaired = await recountReceivers('25');
    const after = await request(testApp).get(API).set(official.auth).expect(200);

    expect(drifted.body.mismatches.map((m: { kind: string }) => m.kind)).to.deep.equal(['counter_drift']);
    expect(drifted.body.mismatches[0].detail).to.equal(
      'đã phân cho đợt: số liệu tổng hợp 2, đếm lại theo đợt 3',
    );
    expect(repaired.map((d) => `${d.status} ${d.counted}→${d.actual}`)).to.have.members([
      'in_stock 1→0',
      'allocated 0→1',
    ]);
    expect(after.body.totals).to.deep.equal((await recount('25')).totals);
    expect(after.body.mismatches).to.deep.equal([]);
    expect(RECEIVER_STATUSES).to.have.length(5);
  });

  it('when asked as CSV in Vietnamese, then the totals line and one line per type, lot and supplier come with Vietnamese headers', async () => {
    const res = await request(testApp).get(API).query({ format: 'csv' }).set(official.auth);

    expect(res.status).to.equal(200);
    expect(res.type).to.equal('text/csv');
    expect(res.headers['content-disposition']).to.match(
      /^attachment; filename=ton-kho-dau-thu-25-\d{4}-\d{2}-\d{2}\.csv$/,
    );
    const lines = res.text
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\r\n');
    expect(lines[0]).to.equal(
      '"Nhóm","Loại đầu thu","Lô","Nhà cung cấp","Đã nhận","Trong kho","Đã phân cho đợt","Đã lắp đặt","Hỏng","Thất lạc"',
    );
    expect(lines[1]).to.equal('"Tổng cộng","","","",9,3,2,2,1,1');
    expect(lines).to.include('"Theo lô","Vệ tinh","007","",2,2,0,0,0,0');
    expect(lines).to.include(
      '"Theo nhà cung cấp","DVB-T2 (mặt đất)","","Không ghi nhà cung cấp",5,0,2,2,0,1',
    );
  });

  it('when asked as .xlsx, then the lot is a text cell keeping its leading zeros and the mismatches sheet lists serials as text', async () => {
    await DeliveryModel.updateOne({ _id: deliveryIds[0] }, { $set: { serial: given.serials[3] } });

    const { status, type, book } = await downloadWorkbook(`${API}?format=xlsx`, official.auth);

    expect(status).to.equal(200);
    expect(type).to.equal('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    const stock = sheetRows(book, 'Tồn kho');
    expect(stock[0][0]).to.equal('Nhóm');
    const lot = stock.find((r) => r[2] === '007');
    expect(lot).to.deep.equal(['Theo lô', 'Vệ tinh', '007', undefined, 2, 2, 0, 0, 0, 0]);
    expect(book.getWorksheet('Tồn kho')?.getCell(`C${stock.indexOf(lot ?? []) + 1}`).numFmt).to.equal('@');
    const mismatches = sheetRows(book, 'Sai lệch');
    expect(mismatches[0]).to.deep.equal([
      'Loại sai lệch',
      'Số serial',
      'Mã đợt lắp đặt',
      'Mã lượt bàn giao',
      'Mã hộ',
      'Chi tiết',
    ]);
    expect(mismatches.slice(1).map((r) => r[1])).to.have.members([given.serials[0], given.serials[3]]);
  });

  it('when an official of another province asks for this one, then it answers 404; commune staff get 403; an admin without a province gets 400', async () => {
    const other = await givenUser('official', '01');
    const staff = await givenUser('commune_staff', '07888');
    const admin = await givenUser('admin');

    const outside = await request(testApp).get(API).query({ provinceCode: '25' }).set(other.auth);
    const own = await request(testApp).get(API).set(other.auth);
    const forbidden = await request(testApp).get(API).set(staff.auth);
    const noProvince = await request(testApp).get(API).set(admin.auth);
    const unknownParam = await request(testApp).get(API).query({ province: '25' }).set(official.auth);

    expect(outside.status).to.equal(404);
    expect(own.status).to.equal(200);
    expect(own.body.totals.received).to.equal(1);
    expect(forbidden.status).to.equal(403);
    expect(noProvince.status).to.equal(400);
    expect(noProvince.body.error.details[0].path).to.equal('provinceCode');
    expect(unknownParam.status).to.equal(400);
  });
});
