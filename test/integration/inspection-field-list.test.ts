import { expect } from 'chai';
import ExcelJS from 'exceljs';
import request from 'supertest';
import { addHouseholds } from '../../src/batches/assignment';
import { approveHousehold } from '../../src/households/review';
import { SYSTEM_ACTOR } from '../../src/users/roles';
import { testApp } from '../support/app';
import { givenStartedBatch, type GivenBatch } from '../support/batches';
import { useTestDb } from '../support/db';
import { confirmDeliveries } from '../support/deliveries';
import { givenAreas, givenHousehold, givenUser, type GivenUser } from '../support/factories';
import { downloadWorkbook, sheetRows } from '../support/workbooks';

const API = '/api/v1/inspections';

interface Line {
  id: string;
  order: number;
  deliveryId: string;
  communeName: string;
  household: { fullName: string; phone: string | null };
}

describe('GET /api/v1/inspections/samples/:id (the field list)', () => {
  useTestDb();

  let official: GivenUser;
  let given: GivenBatch;
  const PHONE = '0912345678';

  beforeEach(async () => {
    await givenAreas();
    official = await givenUser('official', '25');
    given = await givenStartedBatch({ receivers: 5, households: 3 });
    const withPhone = await givenHousehold('07891', {
      phone: PHONE,
      address: 'Số 12, ngõ 3, đường Hùng Vương',
      head: { fullName: 'Đỗ Thị Ngọc Ánh' },
    });
    const approved = await approveHousehold(withPhone.id, {}, SYSTEM_ACTOR);
    await addHouseholds(given.batch.id, { householdIds: [approved.id] }, SYSTEM_ACTOR);
    await confirmDeliveries(given, [...given.households, approved], official.auth);
  });

  async function draw(body: Record<string, unknown>) {
    const res = await request(testApp).post(`${API}/samples`).set(official.auth).send(body).expect(201);
    return res.body as { id: string; deliveryIds: string[]; seed: string };
  }

  const fieldList = (id: string, user: GivenUser = official) =>
    request(testApp).get(`${API}/samples/${id}`).set(user.auth);

  it('when the sample is opened, then its inspections come in visiting order with commune names, the seed, the rule and who drew it', async () => {
    const sample = await draw({ areaCode: '25', seed: 'phu-tho-q1', size: 4, name: 'Kiểm tra quý I' });

    const res = await fieldList(sample.id);

    expect(res.status).to.equal(200);
    expect(res.body).to.deep.include({
      id: sample.id,
      name: 'Kiểm tra quý I',
      seed: 'phu-tho-q1',
      rule: { size: 4, rate: null, deliveredFrom: null, deliveredTo: null },
      areaName: 'Tỉnh Phú Thọ',
      provinceName: 'Tỉnh Phú Thọ',
      inspected: 0,
    });
    const drawer = await request(testApp).get('/api/v1/auth/me').set(official.auth);
    expect(res.body.createdByName).to.equal(drawer.body.fullName);
    const lines = res.body.inspections as Line[];
    expect(lines.map((l) => l.order)).to.deep.equal([1, 2, 3, 4]);
    expect(lines.map((l) => l.deliveryId)).to.deep.equal(sample.deliveryIds);
    const ngocAnh = lines.find((l) => l.household.fullName === 'Đỗ Thị Ngọc Ánh');
    expect(ngocAnh, 'every commune has one drawn household when the size allows').to.not.equal(undefined);
    expect(ngocAnh).to.deep.include({ communeName: 'Phường Vân Cơ' });
    expect(ngocAnh?.household.phone).to.equal(PHONE);
    expect(lines.filter((l) => l.communeName === 'Phường Dữu Lâu')).to.have.length(3);
  });

  it('when a second sample is drawn with the same seed and rule, then its field list names the same households in the same order', async () => {
    const first = await draw({ areaCode: '25', seed: 42, rate: 0.5 });
    const second = await draw({ areaCode: '25', seed: '42', rate: 0.5 });

    const [a, b] = await Promise.all([fieldList(first.id), fieldList(second.id)]);
    const other = await fieldList((await draw({ areaCode: '25', seed: 'khác', rate: 0.5 })).id);

    const names = (body: { inspections: Line[] }) => body.inspections.map((l) => l.household.fullName);
    expect(names(b.body)).to.deep.equal(names(a.body));
    expect(names(a.body)).to.have.length(2);
    expect(b.body.rule).to.include({ rate: 0.5, size: null });
    // Another seed draws the same number, whatever households it picks.
    expect(names(other.body)).to.have.length(2);
  });

  it('when a result is recorded, then the field list shows it and counts it as inspected', async () => {
    const sample = await draw({ areaCode: '07888', seed: 'r', size: 2 });
    const before = await fieldList(sample.id);
    const firstId = (before.body.inspections as { id: string }[])[0].id;
    await request(testApp)
      .post(`${API}/${firstId}/result`)
      .set(official.auth)
      .send({ result: 'not_working', notes: 'Mất tín hiệu' })
      .expect(200);

    const after = await fieldList(sample.id);

    expect(after.body.inspected).to.equal(1);
    expect(after.body.inspections[0]).to.include({
      status: 'inspected',
      result: 'not_working',
      notes: 'Mất tín hiệu',
    });
    expect(after.body.inspections[1]).to.include({ status: 'pending', result: null });
  });

  it('when downloaded as .xlsx, then the list has one row a household in visiting order, phones and serials as text and an empty result for pending ones', async () => {
    const sample = await draw({ areaCode: '25', seed: 'xlsx', size: 4 });
    const json = (await fieldList(sample.id)).body as { inspections: (Line & { serial: string })[] };
    await request(testApp)
      .post(`${API}/${json.inspections[0].id}/result`)
      .set(official.auth)
      .send({ result: 'ok' })
      .expect(200);

    const file = await downloadWorkbook(`${API}/samples/${sample.id}?format=xlsx`, official.auth);

    expect(file.status).to.equal(200);
    expect(file.type).to.equal('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    expect(file.disposition).to.match(/filename="?kiem-tra-25-\d{4}-\d{2}-\d{2}\.xlsx"?$/);
    const rows = sheetRows(file.book, 'Danh sách kiểm tra');
    expect(rows[0]).to.deep.equal([
      'STT',
      'Xã/Phường',
      'Thôn/Ấp',
      'Họ tên chủ hộ',
      'Địa chỉ',
      'Số điện thoại',
      'Số serial đầu thu',
      'Ngày bàn giao',
      'Kết quả kiểm tra',
      'Ghi chú',
    ]);
    expect(rows).to.have.length(5);
    expect(rows.slice(1).map((r) => r[0])).to.deep.equal([1, 2, 3, 4]);
    expect(rows.slice(1).map((r) => r[3])).to.deep.equal(json.inspections.map((l) => l.household.fullName));
    expect(rows.slice(1).map((r) => r[6])).to.deep.equal(json.inspections.map((l) => l.serial));
    expect(rows[1][8]).to.equal('đạt');
    const sheet = file.book.getWorksheet('Danh sách kiểm tra') as ExcelJS.Worksheet;
    const phoneRow = rows.findIndex((r) => r[3] === 'Đỗ Thị Ngọc Ánh') + 1;
    expect(sheet.getCell(phoneRow, 2).value).to.equal('Phường Vân Cơ');
    expect(sheet.getCell(phoneRow, 5).value).to.equal('Số 12, ngõ 3, đường Hùng Vương');
    const phone = sheet.getCell(phoneRow, 6);
    expect(phone.value).to.equal(PHONE);
    expect(phone.type).to.equal(ExcelJS.ValueType.String);
    expect(phone.numFmt).to.equal('@');
    expect(sheet.getCell(2, 7).numFmt).to.equal('@');
    expect(sheet.getCell(2, 8).value).to.be.instanceOf(Date);
    const pendingRow = phoneRow === 2 ? 3 : phoneRow;
    expect(sheet.getCell(pendingRow, 9).value).to.equal(null);
    const info = sheetRows(file.book, 'Thông tin mẫu');
    expect(info).to.deep.include(['Mã chọn mẫu', 'xlsx']);
    expect(info).to.deep.include(['Cách chọn', '4 hộ']);
    expect(info).to.deep.include(['Tỉnh/Thành phố', 'Tỉnh Phú Thọ']);
  });

  it('when an official of another province or of another district opens it, then it is 404; the district’s own official sees a sample of the district', async () => {
    const province = await draw({ areaCode: '25', seed: 's', size: 2 });
    const district = await draw({ areaCode: '227', seed: 's', size: 2 });
    const hanoi = await givenUser('official', '01');
    const otherDistrict = await givenUser('official', '228');
    const ownDistrict = await givenUser('official', '227');

    const fromHanoi = await fieldList(province.id, hanoi);
    const fromOther = await fieldList(district.id, otherDistrict);
    const provinceFromDistrict = await fieldList(province.id, ownDistrict);
    const own = await fieldList(district.id, ownDistrict);
    const xlsxFromHanoi = await request(testApp)
      .get(`${API}/samples/${province.id}`)
      .query({ format: 'xlsx' })
      .set(hanoi.auth);

    for (const res of [fromHanoi, fromOther, provinceFromDistrict, xlsxFromHanoi]) {
      expect(res.status).to.equal(404);
      expect(res.body.error.code).to.equal('NOT_FOUND');
    }
    expect(own.status).to.equal(200);
    expect(own.body.areaName).to.equal('Thành phố Việt Trì');
  });

  it('when the id is unknown it is 404, malformed or with an unknown format 400; commune staff and installers 403; no token 401', async () => {
    const sample = await draw({ areaCode: '25', seed: 's', size: 1 });
    const staff = await givenUser('commune_staff', '07888');

    const unknown = await fieldList('0123456789abcdef01234567');
    const malformed = await fieldList('nope');
    const badFormat = await request(testApp)
      .get(`${API}/samples/${sample.id}`)
      .query({ format: 'pdf' })
      .set(official.auth);
    const extra = await request(testApp)
      .get(`${API}/samples/${sample.id}`)
      .query({ seed: 'x' })
      .set(official.auth);

    expect(unknown.status).to.equal(404);
    expect(malformed.status).to.equal(400);
    expect(badFormat.status).to.equal(400);
    expect(badFormat.body.error.code).to.equal('VALIDATION_FAILED');
    expect(extra.status).to.equal(400);
    expect((await fieldList(sample.id, staff)).status).to.equal(403);
    expect((await fieldList(sample.id, given.installer)).status).to.equal(403);
    await request(testApp).get(`${API}/samples/${sample.id}`).expect(401);
  });

  it('when an admin opens a sample of any area, then it answers it', async () => {
    const sample = await draw({ areaCode: '07891', seed: 'a', size: 5 });
    const admin = await givenUser('admin');

    const res = await fieldList(sample.id, admin);

    expect(res.status).to.equal(200);
    expect(res.body.areaName).to.equal('Phường Vân Cơ');
    expect(res.body.inspections).to.have.length(1);
  });

  describe('GET /api/v1/inspections/samples', () => {
    it('when samples were drawn in the province and a district, then each official lists those of their area, newest first, with area names', async () => {
      const province = await draw({ areaCode: '25', seed: 'p', size: 2, name: 'Cả tỉnh' });
      const district = await draw({ areaCode: '227', seed: 'd', size: 1 });
      const commune = await draw({ areaCode: '07891', seed: 'c', size: 1 });
      const ownDistrict = await givenUser('official', '227');
      const hanoi = await givenUser('official', '01');
      const admin = await givenUser('admin');

      const all = await request(testApp).get(`${API}/samples`).set(official.auth);
      const inDistrict = await request(testApp).get(`${API}/samples`).set(ownDistrict.auth);
      const none = await request(testApp).get(`${API}/samples`).set(hanoi.auth);
      const paged = await request(testApp)
        .get(`${API}/samples`)
        .query({ pageSize: 1, page: 2 })
        .set(admin.auth);

      expect(all.status).to.equal(200);
      expect(all.body).to.include({ total: 3, page: 1, pageSize: 50 });
      expect(all.body.items.map((i: { id: string }) => i.id)).to.deep.equal([
        commune.id,
        district.id,
        province.id,
      ]);
      expect(all.body.items.map((i: { areaName: string }) => i.areaName)).to.deep.equal([
        'Phường Vân Cơ',
        'Thành phố Việt Trì',
        'Tỉnh Phú Thọ',
      ]);
      expect(all.body.items[2]).to.deep.include({ name: 'Cả tỉnh', seed: 'p' });
      expect(all.body.items[2]).to.not.have.property('deliveryIds');
      expect(inDistrict.body.items.map((i: { id: string }) => i.id)).to.deep.equal([commune.id, district.id]);
      expect(none.body.total).to.equal(0);
      expect(paged.body.items.map((i: { id: string }) => i.id)).to.deep.equal([district.id]);
      expect(paged.body.total).to.equal(3);
    });

    it('when commune staff list samples, then it is 403; an unknown parameter 400; no token 401', async () => {
      const staff = await givenUser('commune_staff', '07888');

      expect((await request(testApp).get(`${API}/samples`).set(staff.auth)).status).to.equal(403);
      const bad = await request(testApp)
        .get(`${API}/samples`)
        .query({ areaCode: { $ne: 1 } })
        .set(official.auth);
      expect(bad.status).to.equal(400);
      await request(testApp).get(`${API}/samples`).expect(401);
    });
  });
});
