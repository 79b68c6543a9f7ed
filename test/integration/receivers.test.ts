import { expect } from 'chai';
import ExcelJS from 'exceljs';
import { Types } from 'mongoose';
import request from 'supertest';
import { AuditModel } from '../../src/audit/model';
import { ReceiverModel } from '../../src/receivers/model';
import { allocateReceivers, installReceiver } from '../../src/receivers/service';
import { SYSTEM_ACTOR } from '../../src/users/roles';
import { testApp } from '../support/app';
import { useTestDb } from '../support/db';
import { givenAreas, givenReceivers, givenUser, type GivenUser } from '../support/factories';

const API = '/api/v1/receivers';
const CSV = 'text/csv';
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

const stored = (serial: string) => ReceiverModel.findOne({ serial }).lean();
const auditsOf = (action: string) =>
  AuditModel.find({ action, entityType: 'receiver' }).sort({ entityId: 1 }).lean();

/** Text as Vietnamese Excel saves "CSV": Windows-1258, tone marks as combining characters. */
function toWindows1258(s: string): Buffer {
  const decoder = new TextDecoder('windows-1258');
  const byteOf = new Map<string, number>();
  for (let b = 0; b < 256; b++) byteOf.set(decoder.decode(Uint8Array.of(b)), b);
  const out: number[] = [];
  const chars = [...s.normalize('NFD')];
  for (let i = 0; i < chars.length; i++) {
    // A base letter takes the first following mark that Windows-1258 has precomposed with it (ô, ơ, ă…).
    const marks: string[] = [];
    while (i + 1 + marks.length < chars.length && /\p{M}/u.test(chars[i + 1 + marks.length]))
      marks.push(chars[i + 1 + marks.length]);
    const j = marks.findIndex((m) => byteOf.has((chars[i] + m).normalize('NFC')));
    const base = j >= 0 ? (chars[i] + marks[j]).normalize('NFC') : chars[i];
    for (const c of [base, ...marks.filter((_, k) => k !== j)]) {
      const b = byteOf.get(c);
      if (b === undefined) throw new Error(`no Windows-1258 byte for ${c}`);
      out.push(b);
    }
    i += marks.length;
  }
  return Buffer.from(out);
}

async function workbook(rows: (string | number | null)[][]): Promise<Buffer> {
  const book = new ExcelJS.Workbook();
  const sheet = book.addWorksheet('Đầu thu');
  for (const r of rows) sheet.addRow(r);
  return Buffer.from(await book.xlsx.writeBuffer());
}

describe('receivers', () => {
  useTestDb();

  let official: GivenUser;

  beforeEach(async () => {
    await givenAreas();
    official = await givenUser('official', '25');
  });

  describe('POST /api/v1/receivers', () => {
    it('when a province official registers serials, then they are stored in stock, normalised, and each is audited', async () => {
      const res = await request(testApp)
        .post(API)
        .set(official.auth)
        .send({
          provinceCode: '25',
          receivers: [
            { serial: ' vtc-t201-0001 ', type: 'dvb-t2', model: 'T201', supplier: 'VTC', lot: 'L1' },
            { serial: 'VTC-T201-0002', type: 'DVB-T2' },
            { serial: 'KP-S-0003', type: 'vệ tinh', supplier: 'K+ ' },
          ],
        });

      expect(res.status).to.equal(201);
      expect(res.body).to.deep.equal({ provinceCode: '25', created: 3, rejected: [], duplicates: [] });
      expect(await stored('VTC-T201-0001')).to.include({
        type: 'dvb-t2',
        model: 'T201',
        supplier: 'VTC',
        lot: 'L1',
        provinceCode: '25',
        status: 'in_stock',
        batchId: null,
        installedKey: 'VTC-T201-0001',
        version: 1,
        createdBy: official.id,
      });
      expect(await stored('KP-S-0003')).to.include({ type: 'satellite', supplier: 'K+', model: null });
      const audits = await auditsOf('receiver.registered');
      expect(audits.map((a) => a.entityId)).to.deep.equal(['KP-S-0003', 'VTC-T201-0001', 'VTC-T201-0002']);
      expect(audits[0]).to.deep.include({
        actor: { id: official.id, username: official.username, role: 'official' },
      });
      expect(audits[0].area?.provinceCode).to.equal('25');
      expect(audits[0].after).to.deep.include({ status: 'in_stock', type: 'satellite' });
    });

    it('when an official sends no provinceCode, then their own province is used', async () => {
      const res = await request(testApp)
        .post(API)
        .set(official.auth)
        .send({ receivers: [{ serial: 'ABCD-1', type: 'dvb-t2' }] });

      expect(res.status).to.equal(201);
      expect(await stored('ABCD-1')).to.include({ provinceCode: '25' });
    });

    it('when items are bad, repeated or already registered, then the others are created and each is reported by index', async () => {
      const [existing] = await givenReceivers('01', 1);

      const res = await request(testApp)
        .post(API)
        .set(official.auth)
        .send({
          provinceCode: '25',
          receivers: [
            { serial: 'GOOD-0001', type: 'dvb-t2' },
            { serial: 'AB', type: 'dvb-t2' },
            { serial: 'GOOD-0002', type: 'cable' },
            { serial: 'good-0001', type: 'dvb-t2' },
            { serial: existing.toLowerCase(), type: 'dvb-t2' },
            { serial: 'SỐ-0001', type: 'dvb-t2' },
          ],
        });

      expect(res.status).to.equal(201);
      expect(res.body.created).to.equal(1);
      expect(
        res.body.rejected.map((r: { index: number; serial: string; field: string }) => [
          r.index,
          r.serial,
          r.field,
        ]),
      ).to.deep.equal([
        [1, 'AB', 'serial'],
        [2, 'GOOD-0002', 'type'],
        [3, 'GOOD-0001', 'serial'],
        [5, 'SỐ-0001', 'serial'],
      ]);
      expect(res.body.rejected[2].reason).to.deep.equal({
        vi: 'Số serial GOOD-0001 trùng với mục 0 của danh sách',
        en: 'Serial GOOD-0001 repeats item 0 of the list',
      });
      expect(res.body.rejected[0].reason.en).to.equal(
        'Serial "AB" is invalid: 4–40 letters (A–Z), digits or hyphens',
      );
      expect(res.body.duplicates).to.deep.equal([
        { index: 4, serial: existing, existing: { provinceCode: '01', status: 'in_stock', batchId: null } },
      ]);
      expect(await ReceiverModel.countDocuments()).to.equal(2);
      expect(await stored(existing)).to.include({ provinceCode: '01', createdBy: 'system' });
    });

    it('when the same list is sent again, then nothing new is created and it answers 409 naming the existing records', async () => {
      const body = {
        provinceCode: '25',
        receivers: [
          { serial: 'RESEND-0001', type: 'dvb-t2' },
          { serial: 'RESEND-0002', type: 'dvb-t2' },
        ],
      };
      await request(testApp).post(API).set(official.auth).send(body).expect(201);
      await allocateReceivers(
        { id: new Types.ObjectId().toString(), provinceCode: '25', receiverType: 'dvb-t2' },
        { serials: ['RESEND-0002'] },
        SYSTEM_ACTOR,
      );

      const res = await request(testApp).post(API).set(official.auth).set('Accept-Language', 'en').send(body);

      expect(res.status).to.equal(409);
      expect(res.body.error.code).to.equal('CONFLICT');
      expect(res.body.error.message).to.equal(
        'These serials are already registered: RESEND-0001 (province 25, in_stock), RESEND-0002 (province 25, allocated)',
      );
      const [first, second] = res.body.error.details.duplicates;
      expect(first).to.deep.equal({
        index: 0,
        serial: 'RESEND-0001',
        existing: { provinceCode: '25', status: 'in_stock', batchId: null },
      });
      expect(second.existing.status).to.equal('allocated');
      expect(second.existing.batchId).to.be.a('string');
      expect(res.body.error.details.created).to.equal(0);
      expect(await ReceiverModel.countDocuments()).to.equal(2);
      expect(await AuditModel.countDocuments({ action: 'receiver.registered' })).to.equal(2);
    });

    it('when the serial belongs to another province’s stock, then the 409 names that province (in Vietnamese by default)', async () => {
      const [existing] = await givenReceivers('01', 1);

      const res = await request(testApp)
        .post(API)
        .set(official.auth)
        .send({ provinceCode: '25', receivers: [{ serial: existing, type: 'dvb-t2' }] });

      expect(res.status).to.equal(409);
      expect(res.body.error.message).to.equal(
        `Các số serial đã được đăng ký: ${existing} (kho tỉnh 01, trong kho)`,
      );
    });

    it('when the body is malformed or every item is invalid, then it answers 400 naming the fields', async () => {
      const noList = await request(testApp).post(API).set(official.auth).send({ provinceCode: '25' });
      const badProvince = await request(testApp)
        .post(API)
        .set(official.auth)
        .send({ provinceCode: '2x', receivers: [{ serial: 'ABCD-1', type: 'dvb-t2' }] });
      const allBad = await request(testApp)
        .post(API)
        .set(official.auth)
        .send({
          receivers: [
            { serial: 'x', type: 'dvb-t2' },
            { serial: 'ABCD-2', type: '' },
          ],
        });

      expect(noList.status).to.equal(400);
      expect(noList.body.error.details.map((d: { path: string }) => d.path)).to.deep.equal(['receivers']);
      expect(badProvince.status).to.equal(400);
      expect(allBad.status).to.equal(400);
      expect(allBad.body.error.details.map((d: { path: string }) => d.path)).to.deep.equal([
        'receivers.0.serial',
        'receivers.1.type',
      ]);
      expect(await ReceiverModel.countDocuments()).to.equal(0);
    });

    it('when no token is sent, then it answers 401', async () => {
      const res = await request(testApp)
        .post(API)
        .send({ receivers: [{ serial: 'ABCD-1', type: 'dvb-t2' }] });

      expect(res.status).to.equal(401);
    });

    it('when commune staff, an installer, a district official or another province’s official registers, then it answers 403', async () => {
      const body = { provinceCode: '25', receivers: [{ serial: 'ABCD-1', type: 'dvb-t2' }] };
      const callers = [
        await givenUser('commune_staff', '07888'),
        await givenUser('installer', '25'),
        await givenUser('official', '227'),
        await givenUser('official', '01'),
      ];

      const statuses = [];
      for (const c of callers)
        statuses.push((await request(testApp).post(API).set(c.auth).send(body)).status);

      expect(statuses).to.deep.equal([403, 403, 403, 403]);
      expect(await ReceiverModel.countDocuments()).to.equal(0);
    });

    it('when an admin registers into an unknown province, then it answers 404; without a province, 400', async () => {
      const admin = await givenUser('admin');
      const receivers = [{ serial: 'ABCD-1', type: 'dvb-t2' }];

      const unknown = await request(testApp)
        .post(API)
        .set(admin.auth)
        .send({ provinceCode: '99', receivers });
      const missing = await request(testApp).post(API).set(admin.auth).send({ receivers });
      const ok = await request(testApp).post(API).set(admin.auth).send({ provinceCode: '01', receivers });

      expect(unknown.status).to.equal(404);
      expect(missing.status).to.equal(400);
      expect(ok.status).to.equal(201);
    });
  });

  describe('GET /api/v1/receivers', () => {
    it('when an official lists, then only their province’s receivers come, sorted by serial, with filters', async () => {
      const dvb = await givenReceivers('25', 3);
      const [sat] = await givenReceivers('25', 1, 'satellite');
      await givenReceivers('01', 2);
      const batchId = new Types.ObjectId().toString();
      await allocateReceivers(
        { id: batchId, provinceCode: '25', receiverType: 'dvb-t2' },
        { serials: [dvb[1]] },
        SYSTEM_ACTOR,
      );
      await request(testApp)
        .post(API)
        .set(official.auth)
        .send({
          receivers: ['PRE-0001', 'PRE-0002', 'PRE-0003', 'APRE-0004'].map((serial) => ({
            serial,
            type: 'dvb-t2',
          })),
        })
        .expect(201);

      const all = await request(testApp).get(API).set(official.auth);
      const satellite = await request(testApp).get(API).query({ type: 'satellite' }).set(official.auth);
      const allocated = await request(testApp)
        .get(API)
        .query({ status: 'allocated', batchId })
        .set(official.auth);
      const prefix = await request(testApp)
        .get(API)
        .query({ serial: 'pre-', pageSize: 2, page: 2 })
        .set(official.auth);
      const elsewhere = await request(testApp).get(API).query({ provinceCode: '01' }).set(official.auth);

      expect(all.status).to.equal(200);
      expect(all.body.total).to.equal(4 + 4);
      expect(all.body.items.map((r: { serial: string }) => r.serial)).to.deep.equal(
        ['APRE-0004', ...dvb, sat, 'PRE-0001', 'PRE-0002', 'PRE-0003'].sort(),
      );
      expect(all.body.items[0]).to.include({
        provinceCode: '25',
        status: 'in_stock',
        type: 'dvb-t2',
        version: 1,
      });
      expect(all.body.items[0]).to.not.have.property('_id');
      expect(satellite.body.items.map((r: { serial: string }) => r.serial)).to.deep.equal([sat]);
      expect(allocated.body.items.map((r: { serial: string }) => r.serial)).to.deep.equal([dvb[1]]);
      expect(prefix.body).to.include({ total: 3, page: 2, pageSize: 2 });
      expect(prefix.body.items.map((r: { serial: string }) => r.serial)).to.deep.equal(['PRE-0003']);
      expect(elsewhere.body).to.deep.equal({ items: [], total: 0, page: 1, pageSize: 50 });
    });

    it('when an official filters by lot and by supplier, then only that lot’s or that supplier’s receivers come', async () => {
      await givenReceivers('25', 2);
      await request(testApp)
        .post(API)
        .set(official.auth)
        .send({
          receivers: [
            { serial: 'LOT-0001', type: 'dvb-t2', lot: '007', supplier: 'Viettel' },
            { serial: 'LOT-0002', type: 'dvb-t2', lot: '008', supplier: 'Viettel' },
          ],
        })
        .expect(201);

      const lot = await request(testApp).get(API).query({ lot: '007' }).set(official.auth);
      const supplier = await request(testApp).get(API).query({ supplier: 'Viettel' }).set(official.auth);

      expect(lot.body.items.map((r: { serial: string }) => r.serial)).to.deep.equal(['LOT-0001']);
      expect(supplier.body.items.map((r: { serial: string }) => r.serial)).to.deep.equal([
        'LOT-0001',
        'LOT-0002',
      ]);
    });

    it('when a district official or an admin lists, then the district official sees the province and the admin any', async () => {
      await givenReceivers('25', 2);
      await givenReceivers('01', 1);
      const district = await givenUser('official', '227');
      const admin = await givenUser('admin');

      const byDistrict = await request(testApp).get(API).set(district.auth);
      const byAdmin = await request(testApp).get(API).set(admin.auth);
      const byAdmin01 = await request(testApp).get(API).query({ provinceCode: '01' }).set(admin.auth);

      expect(byDistrict.body.total).to.equal(2);
      expect(byAdmin.body.total).to.equal(3);
      expect(byAdmin01.body.total).to.equal(1);
    });

    it('when a filter is malformed, then 400; without a token 401; for an installer 403', async () => {
      const installer = await givenUser('installer', '25');

      const bad = await request(testApp).get(API).query({ status: 'broken' }).set(official.auth);
      const anonymous = await request(testApp).get(API);
      const forbidden = await request(testApp).get(API).set(installer.auth);

      expect(bad.status).to.equal(400);
      expect(anonymous.status).to.equal(401);
      expect(forbidden.status).to.equal(403);
    });
  });

  describe('GET /api/v1/receivers/:serial', () => {
    it('when the receiver is in the official’s province, then it answers it (the serial in any case)', async () => {
      const [serial] = await givenReceivers('25', 1);

      const res = await request(testApp).get(`${API}/${serial.toLowerCase()}`).set(official.auth);

      expect(res.status).to.equal(200);
      expect(res.body).to.include({
        serial,
        provinceCode: '25',
        status: 'in_stock',
        model: 'HD-T2 01',
        lot: 'L1',
      });
      expect(res.body.createdAt).to.match(/Z$/);
    });

    it('when the receiver is another province’s or unknown, then it answers 404 alike', async () => {
      const [other] = await givenReceivers('01', 1);

      const elsewhere = await request(testApp).get(`${API}/${other}`).set(official.auth);
      const unknown = await request(testApp).get(`${API}/NO-SUCH-1`).set(official.auth);

      expect(elsewhere.status).to.equal(404);
      expect(unknown.status).to.equal(404);
      expect(elsewhere.body.error.code).to.equal('NOT_FOUND');
    });

    it('when the serial is malformed, then 400; for commune staff 403', async () => {
      const staff = await givenUser('commune_staff', '07888');

      const bad = await request(testApp).get(`${API}/AB`).set(official.auth);
      const forbidden = await request(testApp).get(`${API}/ABCD-1`).set(staff.auth);

      expect(bad.status).to.equal(400);
      expect(forbidden.status).to.equal(403);
    });
  });

  describe('PATCH /api/v1/receivers/:serial', () => {
    const patch = (serial: string, user: GivenUser, body: Record<string, unknown>) =>
      request(testApp).patch(`${API}/${serial}`).set(user.auth).send(body);

    it('when a receiver in stock is marked defective and then repaired, then it is back in stock and both are audited', async () => {
      const [serial] = await givenReceivers('25', 1);

      const broken = await patch(serial, official, {
        action: 'mark_defective',
        reason: 'Không lên nguồn',
        version: 1,
      });
      const repaired = await patch(serial, official, { action: 'repair', reason: 'Đổi bảo hành' });

      expect(broken.status).to.equal(200);
      expect(broken.body).to.include({ status: 'defective', statusReason: 'Không lên nguồn', version: 2 });
      expect(repaired.body).to.include({ status: 'in_stock', statusReason: 'Đổi bảo hành', version: 3 });
      const [marked] = await auditsOf('receiver.marked_defective');
      expect(marked).to.deep.include({
        entityId: serial,
        before: { status: 'in_stock', batchId: null, version: 1 },
        after: { status: 'defective', batchId: null, version: 2, statusReason: 'Không lên nguồn' },
      });
      expect(marked.actor.id).to.equal(official.id);
      const [repair] = await auditsOf('receiver.repaired');
      expect(repair.after).to.deep.include({ status: 'in_stock' });
    });

    it('when an allocated receiver is marked lost by a district official, then it leaves its batch', async () => {
      const [serial] = await givenReceivers('25', 1);
      const batchId = new Types.ObjectId().toString();
      await allocateReceivers(
        { id: batchId, provinceCode: '25', receiverType: 'dvb-t2' },
        { serials: [serial] },
        SYSTEM_ACTOR,
      );
      const district = await givenUser('official', '228');

      const res = await patch(serial, district, { action: 'mark_lost', reason: 'Mất khi vận chuyển' });

      expect(res.status).to.equal(200);
      expect(res.body).to.include({ status: 'lost', batchId: null });
      const [entry] = await auditsOf('receiver.marked_lost');
      expect(entry.before).to.deep.include({ status: 'allocated', batchId });
    });

    it('when the status does not allow the action, then it answers 422 and nothing changes', async () => {
      const [inStock, installed, lost] = await givenReceivers('25', 3);
      const batchId = new Types.ObjectId().toString();
      await allocateReceivers(
        { id: batchId, provinceCode: '25', receiverType: 'dvb-t2' },
        { serials: [installed] },
        SYSTEM_ACTOR,
      );
      await installReceiver(
        installed,
        {
          batchId,
          householdId: new Types.ObjectId().toString(),
          deliveryId: new Types.ObjectId().toString(),
        },
        SYSTEM_ACTOR,
      );
      await patch(lost, official, { action: 'mark_lost', reason: 'Thất lạc' }).expect(200);

      const repairInStock = await patch(inStock, official, { action: 'repair', reason: 'Sửa xong' });
      const loseInstalled = await patch(installed, official, { action: 'mark_lost', reason: 'Thất lạc' });
      const breakLost = await patch(lost, official, { action: 'mark_defective', reason: 'Hỏng' });

      expect([repairInStock.status, loseInstalled.status, breakLost.status]).to.deep.equal([422, 422, 422]);
      expect(loseInstalled.body.error).to.deep.include({
        code: 'RULE_VIOLATION',
        message: 'Không thể báo thất lạc đầu thu ở trạng thái "đã lắp đặt"',
        details: { status: 'installed', action: 'mark_lost' },
      });
      expect(await stored(installed)).to.include({ status: 'installed' });
      expect(
        await AuditModel.countDocuments({ action: /^receiver\.(marked|repaired)/, entityId: { $ne: lost } }),
      ).to.equal(0);
    });

    it('when the version is stale, then it answers 409 with the current version', async () => {
      const [serial] = await givenReceivers('25', 1);
      await patch(serial, official, { action: 'mark_defective', reason: 'Hỏng nguồn' }).expect(200);

      const res = await patch(serial, official, { action: 'repair', reason: 'Sửa xong', version: 1 });

      expect(res.status).to.equal(409);
      expect(res.body.error.details).to.deep.equal({ currentVersion: 2 });
    });

    it('when the receiver is another province’s, then 404; a bad body 400; an installer 403; no token 401', async () => {
      const [other] = await givenReceivers('01', 1);
      const [mine] = await givenReceivers('25', 1);
      const installer = await givenUser('installer', '25');

      const elsewhere = await patch(other, official, { action: 'mark_lost', reason: 'Thất lạc' });
      const badAction = await patch(mine, official, { action: 'install', reason: 'Lắp' });
      const noReason = await patch(mine, official, { action: 'mark_lost' });
      const forbidden = await patch(mine, installer, { action: 'mark_lost', reason: 'Thất lạc' });
      const anonymous = await request(testApp)
        .patch(`${API}/${mine}`)
        .send({ action: 'mark_lost', reason: 'x' });

      expect(elsewhere.status).to.equal(404);
      expect(badAction.status).to.equal(400);
      expect(noReason.status).to.equal(400);
      expect(forbidden.status).to.equal(403);
      expect(anonymous.status).to.equal(401);
      expect(await stored(other)).to.include({ status: 'in_stock' });
    });
  });

  describe('POST /api/v1/receivers/import', () => {
    const upload = (user: GivenUser, body: Buffer | string, query = 'provinceCode=25', type = CSV) =>
      request(testApp).post(`${API}/import?${query}`).set(user.auth).set('Content-Type', type).send(body);

    const LIST = [
      'STT,Số serial,Loại,Model,Nhà cung cấp,Lô',
      '1,VTC-0001,DVB-T2,T201,Công ty VTC,L1',
      '2,vtc-0002,mặt đất,T201,Công ty VTC,L1',
      '3,X1,DVB-T2,T201,Công ty VTC,L1',
      '4,VTC-0003,cáp,T201,Công ty VTC,L1',
      ',,,,,',
      '5,VTC-0001,DVB-T2,T201,Công ty VTC,L1',
      '6,KP-0004,Vệ tinh,S1,K+,L2',
    ].join('\r\n');

    it('when the list has bad rows, then the good ones are created and each bad row is reported by its number', async () => {
      const res = await upload(official, LIST);

      expect(res.status).to.equal(200);
      expect(res.body).to.include({
        provinceCode: '25',
        dryRun: false,
        format: 'csv',
        encoding: 'utf-8',
        headerRow: 1,
        total: 6,
        valid: 3,
        created: 3,
        rejectedRows: 3,
      });
      expect(res.body.ignoredColumns).to.deep.equal(['STT']);
      expect(
        res.body.rejected.map((r: { row: number; serial: string; field: string; column: string }) => [
          r.row,
          r.serial,
          r.field,
          r.column,
        ]),
      ).to.deep.equal([
        [4, 'X1', 'serial', 'Số serial'],
        [5, 'VTC-0003', 'type', 'Loại'],
        [7, 'VTC-0001', 'serial', 'Số serial'],
      ]);
      expect(res.body.rejected[2].reason.vi).to.equal('Số serial VTC-0001 trùng với dòng 2 của tệp');
      expect(res.body.duplicates).to.deep.equal([]);
      expect(await stored('VTC-0002')).to.include({
        type: 'dvb-t2',
        supplier: 'Công ty VTC',
        createdBy: official.id,
      });
      expect(await stored('KP-0004')).to.include({ type: 'satellite', lot: 'L2' });
      expect(await AuditModel.countDocuments({ action: 'receiver.registered' })).to.equal(3);
    });

    it('when the same file is imported again, then nothing is created and each row names the existing record', async () => {
      await upload(official, LIST).expect(200);

      const res = await upload(official, LIST);

      expect(res.status).to.equal(200);
      expect(res.body).to.include({ total: 6, valid: 0, created: 0, rejectedRows: 3 });
      expect(res.body.duplicates).to.deep.equal([
        { row: 2, serial: 'VTC-0001', existing: { provinceCode: '25', status: 'in_stock', batchId: null } },
        { row: 3, serial: 'VTC-0002', existing: { provinceCode: '25', status: 'in_stock', batchId: null } },
        { row: 8, serial: 'KP-0004', existing: { provinceCode: '25', status: 'in_stock', batchId: null } },
      ]);
      expect(await ReceiverModel.countDocuments()).to.equal(3);
    });

    it('when dryRun=true, then it reports every row, with duplicates, and writes nothing', async () => {
      await request(testApp)
        .post(API)
        .set(official.auth)
        .send({ receivers: [{ serial: 'KP-0004', type: 'satellite' }] })
        .expect(201);

      const res = await upload(official, LIST, 'provinceCode=25&dryRun=true');

      expect(res.status).to.equal(200);
      expect(res.body).to.include({ dryRun: true, total: 6, valid: 2, created: 0, rejectedRows: 3 });
      expect(res.body.duplicates.map((d: { row: number }) => d.row)).to.deep.equal([8]);
      expect(await ReceiverModel.countDocuments()).to.equal(1);
      expect(await AuditModel.countDocuments({ action: 'receiver.registered' })).to.equal(1);
    });

    it('when the CSV is Windows-1258 with semicolons, then it is read and the text is stored in Unicode NFC', async () => {
      const file = toWindows1258(
        ['Số serial;Loại;Nhà cung cấp;Lô', 'VN-0001;Vệ tinh;Công ty Điện tử Hà Nội;Lô 1'].join('\r\n'),
      );

      const res = await upload(official, file);

      expect(res.status).to.equal(200);
      expect(res.body).to.include({ encoding: 'windows-1258', created: 1 });
      const r = await stored('VN-0001');
      expect(r).to.include({
        type: 'satellite',
        supplier: 'Công ty Điện tử Hà Nội'.normalize('NFC'),
        lot: 'Lô 1',
      });
    });

    it('when the file is an .xlsx with a title above English headers, then rows are numbered as in the sheet', async () => {
      const file = await workbook([
        ['Danh sách đầu thu nhập kho tháng 3'],
        ['serial', 'type', 'supplier', 'lot'],
        ['XL-0001', 'dvb-t2', 'VTC', 'L9'],
        [12345678, 'satellite', null, null],
        ['bad serial', 'dvb-t2', null, null],
      ]);

      const res = await upload(official, file, 'provinceCode=25', XLSX);

      expect(res.status).to.equal(200);
      expect(res.body).to.include({ format: 'xlsx', encoding: null, headerRow: 2, total: 3, created: 2 });
      expect(res.body.rejected.map((r: { row: number }) => r.row)).to.deep.equal([5]);
      expect(await stored('12345678')).to.include({ type: 'satellite' });
    });

    it('when a required column or the header is missing, or the type is not a file, then 400 and nothing is written', async () => {
      const noType = await upload(official, 'Số serial,Lô\r\nABCD-1,L1');
      const noHeader = await upload(official, 'ABCD-1\r\nABCD-2');
      const json = await request(testApp).post(`${API}/import`).set(official.auth).send({ serial: 'ABCD-1' });

      expect(noType.status).to.equal(400);
      expect(noType.body.error.message).to.equal('Tệp thiếu cột bắt buộc: Loại');
      expect(noHeader.status).to.equal(400);
      expect(json.status).to.equal(400);
      expect(await ReceiverModel.countDocuments()).to.equal(0);
    });

    it('when a district official or commune staff imports, then 403; another province 403; no token 401', async () => {
      const district = await givenUser('official', '227');
      const staff = await givenUser('commune_staff', '07888');

      const statuses = [
        (await upload(district, LIST)).status,
        (await upload(staff, LIST)).status,
        (await upload(official, LIST, 'provinceCode=01')).status,
        (await request(testApp).post(`${API}/import?provinceCode=25`).set('Content-Type', CSV).send(LIST))
          .status,
      ];

      expect(statuses).to.deep.equal([403, 403, 403, 401]);
      expect(await ReceiverModel.countDocuments()).to.equal(0);
    });

    it('when a district official imports without naming the province, then 403 says who imports (not "choose a province")', async () => {
      const district = await givenUser('official', '227');

      const res = await upload(district, LIST, 'dryRun=true');

      expect(res.status).to.equal(403);
      expect(res.body.error.message).to.equal('Chỉ cán bộ cấp tỉnh của tỉnh này được nhập đầu thu vào kho');
    });
  });
});
