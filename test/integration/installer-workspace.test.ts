import { expect } from 'chai';
import request from 'supertest';
import { AuditModel } from '../../src/audit/model';
import { addHouseholds } from '../../src/batches/assignment';
import { BatchModel } from '../../src/batches/model';
import { DeliveryModel } from '../../src/batches/delivery-model';
import { countersOf, recountHouseholds } from '../../src/households/counters';
import { HouseholdModel } from '../../src/households/model';
import { approveHousehold } from '../../src/households/review';
import type { Household } from '../../src/households/service';
import { ReceiverModel } from '../../src/receivers/model';
import { SYSTEM_ACTOR } from '../../src/users/roles';
import { testApp } from '../support/app';
import { confirmBody, deliveryIdOf, givenStartedBatch, type GivenBatch } from '../support/batches';
import { useTestDb } from '../support/db';
import { givenAreas, givenHousehold, givenUser, type GivenUser } from '../support/factories';

// Issue 12, the installer's API: the worklist by commune name and village, the offline pack, the
// recipient's relation and the device's capture time, and fail-and-revisit.

const API = '/api/v1/deliveries';

async function givenInBatch(
  given: GivenBatch,
  communeCode: string,
  fields: { fullName: string; village: string; address?: string },
): Promise<Household> {
  const h = await givenHousehold(communeCode, {
    village: fields.village,
    address: fields.address,
    head: { fullName: fields.fullName },
    phone: null,
  });
  await approveHousehold(h.id, {}, SYSTEM_ACTOR);
  await addHouseholds(given.batch.id, { householdIds: [h.id] }, SYSTEM_ACTOR);
  return h;
}

const failAs = (auth: { Authorization: string }, id: string, body: Record<string, unknown>, key?: string) => {
  const req = request(testApp).post(`${API}/${id}/fail`).set(auth);
  return (key ? req.set('Idempotency-Key', key) : req).send(body);
};

const worklistOf = (auth: { Authorization: string }, query: Record<string, string> = {}) =>
  request(testApp).get(`${API}/worklist`).query(query).set(auth);

describe('installer workspace (issue 12)', () => {
  useTestDb();

  let official: GivenUser;
  let given: GivenBatch;
  let installer: GivenUser;
  let hoa: Household;

  beforeEach(async () => {
    await givenAreas();
    official = await givenUser('official', '25');
    given = await givenStartedBatch({ receivers: 4, households: 0 });
    installer = given.installer;
    hoa = await givenInBatch(given, '07888', { fullName: 'Nguyễn Thị Hoà', village: 'Thôn Đồng Sơn' });
    await givenInBatch(given, '07888', {
      fullName: 'Lò Văn Sáng',
      village: 'Thôn Bãi Bằng',
      address: 'Xóm Đình, ngõ 4',
    });
    await givenInBatch(given, '07891', { fullName: 'Đặng Văn Đức', village: 'Khu 3' });
  });

  describe('GET /api/v1/deliveries/worklist', () => {
    it('when the installer asks, then communes come by name with villages and counts by status', async () => {
      const id = await deliveryIdOf(hoa.id, official.auth);
      await request(testApp)
        .post(`${API}/${id}/confirm`)
        .set(installer.auth)
        .send(confirmBody(given.serials[0]));

      const res = await worklistOf(installer.auth).expect(200);

      expect(res.body.total).to.equal(3);
      expect(res.body.communes.map((c: { communeName: string }) => c.communeName)).to.deep.equal([
        'Phường Dữu Lâu',
        'Phường Vân Cơ',
      ]);
      const [dl] = res.body.communes;
      expect(dl).to.include({ communeCode: '07888', total: 2, pending: 1 });
      expect(dl.counts).to.deep.equal({ pending: 1, delivered: 1, failed: 0, cancelled: 0 });
      expect(dl.villages.map((v: { village: string }) => v.village)).to.deep.equal([
        'Thôn Bãi Bằng',
        'Thôn Đồng Sơn',
      ]);
      expect(dl.villages[1].counts.delivered).to.equal(1);
      expect(dl.villages[1].deliveries[0].household.nationalId).to.match(/^\*+\d{4}$/);
    });

    it('when q is typed without diacritics or is part of the address, then it finds the household', async () => {
      const byName = await worklistOf(installer.auth, { q: 'thi hoa' }).expect(200);
      const byAddress = await worklistOf(installer.auth, { q: 'xom dinh' }).expect(200);
      const byD = await worklistOf(installer.auth, { q: 'duc' }).expect(200);

      const names = (r: request.Response) =>
        (r.body.communes as { villages: { deliveries: { household: { fullName: string } }[] }[] }[]).flatMap(
          (c) => c.villages.flatMap((v) => v.deliveries.map((d) => d.household.fullName)),
        );
      expect(names(byName)).to.deep.equal(['Nguyễn Thị Hoà']);
      expect(names(byAddress)).to.deep.equal(['Lò Văn Sáng']);
      expect(names(byD)).to.deep.equal(['Đặng Văn Đức']);
    });

    it('when narrowed to a commune, a village and a status, then only those deliveries come', async () => {
      const commune = await worklistOf(installer.auth, { areaCode: '07891' }).expect(200);
      const village = await worklistOf(installer.auth, {
        batchId: given.batch.id,
        village: 'thon bai bang',
        status: 'pending',
      }).expect(200);
      const delivered = await worklistOf(installer.auth, { status: 'delivered' }).expect(200);

      expect(commune.body.total).to.equal(1);
      expect(commune.body.communes[0].communeName).to.equal('Phường Vân Cơ');
      expect(village.body.total).to.equal(1);
      expect(village.body.communes[0].villages[0].village).to.equal('Thôn Bãi Bằng');
      expect(delivered.body).to.deep.equal({ communes: [], total: 0 });
    });

    it('when an official asks without a batch, then 400 naming batchId; with it, the batch; another province 404', async () => {
      const elsewhere = await givenUser('official', '01');

      const without = await worklistOf(official.auth);
      const withBatch = await worklistOf(official.auth, { batchId: given.batch.id }).expect(200);
      const outside = await worklistOf(elsewhere.auth, { batchId: given.batch.id });
      const unknownParam = await worklistOf(official.auth, { batchId: given.batch.id, mine: 'true' });

      expect(without.status).to.equal(400);
      expect(without.body.error.details[0].path).to.equal('batchId');
      expect(withBatch.body.total).to.equal(3);
      expect(withBatch.body.communes[0].villages[0].deliveries[0].household.nationalId).to.match(/^\d{12}$/);
      expect(outside.status).to.equal(404);
      expect(unknownParam.status).to.equal(400);
    });

    it('when the batch is closed, then it leaves the installer’s worklist', async () => {
      await request(testApp).post(`/api/v1/batches/${given.batch.id}/close`).set(official.auth).expect(200);

      const res = await worklistOf(installer.auth).expect(200);

      expect(res.body.total).to.equal(0);
    });
  });

  describe('GET /api/v1/deliveries/offline-pack', () => {
    it('when the installer of the batch asks, then the batch, commune names, masked deliveries and the serials still allocated', async () => {
      const id = await deliveryIdOf(hoa.id, official.auth);
      await request(testApp)
        .post(`${API}/${id}/confirm`)
        .set(installer.auth)
        .send(confirmBody(given.serials[0]));

      const res = await request(testApp)
        .get(`${API}/offline-pack`)
        .query({ batchId: given.batch.id })
        .set(installer.auth)
        .expect(200);

      expect(res.body.batch).to.include({
        id: given.batch.id,
        code: given.batch.code,
        status: 'in_progress',
      });
      expect(res.body.communes).to.deep.equal([
        { code: '07888', name: 'Phường Dữu Lâu' },
        { code: '07891', name: 'Phường Vân Cơ' },
      ]);
      expect(res.body.deliveries).to.have.length(3);
      for (const d of res.body.deliveries) expect(d.household.nationalId).to.match(/^\*+\d{4}$/);
      expect(res.body.serials).to.deep.equal(given.serials.slice(1));
      expect(Date.parse(res.body.generatedAt)).to.be.closeTo(Date.now(), 60_000);
    });

    it('when another installer asks, then 404; without batchId 400', async () => {
      const other = await givenUser('installer', '25');

      const res = await request(testApp)
        .get(`${API}/offline-pack`)
        .query({ batchId: given.batch.id })
        .set(other.auth);
      const missing = await request(testApp).get(`${API}/offline-pack`).set(installer.auth);

      expect(res.status).to.equal(404);
      expect(missing.status).to.equal(400);
      expect(missing.body.error.details[0].path).to.equal('batchId');
    });
  });

  describe('confirm: recipient and time', () => {
    it('when the last four digits are not the head’s and no relation is given, then 422 asking for it and nothing changes', async () => {
      const id = await deliveryIdOf(hoa.id, official.auth);

      const res = await request(testApp)
        .post(`${API}/${id}/confirm`)
        .set(installer.auth)
        .send(confirmBody(given.serials[0], { recipientIdLast4: '9999', recipientRelation: undefined }));

      expect(res.status).to.equal(422);
      expect(res.body.error.code).to.equal('RULE_VIOLATION');
      expect(res.body.error.message).to.include('Quan hệ với chủ hộ');
      expect(res.body.error.details).to.deep.equal({ field: 'recipientRelation' });
      expect(await ReceiverModel.findOne({ serial: given.serials[0] }).lean()).to.include({
        status: 'allocated',
      });
      expect(await DeliveryModel.findById(id).lean()).to.include({ status: 'pending' });
    });

    it('when the head signs, then no relation is needed; when a member signs, the relation is stored', async () => {
      const [a, b] = await Promise.all(
        (await DeliveryModel.find({ status: 'pending' }).lean()).slice(0, 2).map((d) => String(d._id)),
      );
      const da = await DeliveryModel.findById(a).lean();

      const head = await request(testApp)
        .post(`${API}/${a}/confirm`)
        .set(installer.auth)
        .send(
          confirmBody(given.serials[0], {
            recipientIdLast4: da!.household.nationalId.slice(-4),
            recipientRelation: undefined,
          }),
        )
        .expect(200);
      const member = await request(testApp)
        .post(`${API}/${b}/confirm`)
        .set(installer.auth)
        .send(confirmBody(given.serials[1], { recipientIdLast4: '9999', recipientRelation: ' Vợ ' }))
        .expect(200);

      expect(head.body).to.include({ recipientIsHead: true, recipientRelation: null });
      expect(member.body).to.include({ recipientIsHead: false, recipientRelation: 'Vợ' });
      const entry = await AuditModel.findOne({ entityId: b, action: 'delivery.confirmed' }).lean();
      expect((entry?.after as { recipientRelation?: string }).recipientRelation).to.equal('Vợ');
    });

    it('when capturedAt is plausible it becomes deliveredAt; in the future or before the start, server time', async () => {
      const ids = (await DeliveryModel.find({ status: 'pending' }).lean()).map((d) => String(d._id));
      const startedAt = new Date(given.batch.startedAt!);
      const past = new Date(Date.now() - 60_000);
      await BatchModel.updateOne(
        { _id: given.batch.id },
        { $set: { startedAt: new Date(Date.now() - 3_600_000) } },
      );

      const plausible = await request(testApp)
        .post(`${API}/${ids[0]}/confirm`)
        .set(installer.auth)
        .send(confirmBody(given.serials[0], { capturedAt: past.toISOString() }))
        .expect(200);
      const future = await request(testApp)
        .post(`${API}/${ids[1]}/confirm`)
        .set(installer.auth)
        .send(confirmBody(given.serials[1], { capturedAt: new Date(Date.now() + 86_400_000).toISOString() }))
        .expect(200);
      const beforeStart = await request(testApp)
        .post(`${API}/${ids[2]}/confirm`)
        .set(installer.auth)
        .send(confirmBody(given.serials[2], { capturedAt: new Date(startedAt.getTime() - 86_400_000 * 3) }))
        .expect(200);

      expect(plausible.body.deliveredAt).to.equal(past.toISOString());
      for (const r of [future, beforeStart])
        expect(Date.parse(r.body.deliveredAt)).to.be.closeTo(Date.now(), 30_000);
    });

    it('when a batch started before its planned start is confirmed, then it is accepted (a start early is real)', async () => {
      await BatchModel.updateOne(
        { _id: given.batch.id },
        {
          $set: {
            plannedStart: new Date(Date.now() + 7 * 86_400_000),
            plannedEnd: new Date(Date.now() + 9 * 86_400_000),
          },
        },
      );
      const id = await deliveryIdOf(hoa.id, official.auth);

      const res = await request(testApp)
        .post(`${API}/${id}/confirm`)
        .set(installer.auth)
        .send(confirmBody(given.serials[0], { deliveredAt: new Date().toISOString() }));

      expect(res.status).to.equal(200);
      expect(res.body.status).to.equal('delivered');
    });
  });

  describe('fail and revisit', () => {
    it('when absent twice then delivered, then two attempts counted, the household assigned meanwhile, invariants hold', async () => {
      const id = await deliveryIdOf(hoa.id, official.auth);

      await failAs(installer.auth, id, { reason: 'absent', notes: 'Đi làm nương' }, 'fail-visit-1').expect(
        200,
      );
      const second = await failAs(installer.auth, id, { reason: 'no_signal' }, 'fail-visit-2').expect(200);
      const meanwhile = await HouseholdModel.findById(hoa.id).lean();
      const list = await worklistOf(installer.auth, { status: 'pending' });
      const confirmed = await request(testApp)
        .post(`${API}/${id}/confirm`)
        .set(installer.auth)
        .send(confirmBody(given.serials[0]))
        .expect(200);

      expect(second.body).to.include({ status: 'pending', attemptCount: 2 });
      expect(second.body.attempts.map((a: { reason: string }) => a.reason)).to.deep.equal([
        'absent',
        'no_signal',
      ]);
      expect(second.body.attempts[0].notes).to.equal('Đi làm nương');
      expect(meanwhile).to.include({ status: 'assigned', batchId: given.batch.id });
      expect(list.body.total).to.equal(3);
      expect(confirmed.body).to.include({ status: 'delivered', attemptCount: 2 });
      const [counter] = await countersOf({ communeCode: '07888' });
      expect(counter.failedAttempts).to.equal(2);
      expect(await AuditModel.countDocuments({ entityId: id, action: 'delivery.failed' })).to.equal(2);
      expect(await recountHouseholds()).to.deep.equal([]);
    });

    it('when one temporary failure is retried 6 times in parallel with one key, then one attempt and one count', async () => {
      const id = await deliveryIdOf(hoa.id, official.auth);

      const body = { reason: 'absent', capturedAt: new Date(Date.now() - 1000).toISOString() };

      const answers = await Promise.all(
        Array.from({ length: 6 }, () => failAs(installer.auth, id, body, 'fail-once-0001')),
      );

      expect(answers.map((r) => r.status)).to.deep.equal(Array(6).fill(200));
      for (const r of answers) expect(r.body).to.deep.equal(answers[0].body);
      expect((await DeliveryModel.findById(id).lean())?.attempts).to.have.length(1);
      const [counter] = await countersOf({ communeCode: '07888' });
      expect(counter.failedAttempts).to.equal(1);
    });

    it('when a permanent reason follows a temporary one, then the delivery fails, the household is withdrawn, both attempts kept', async () => {
      const id = await deliveryIdOf(hoa.id, official.auth);
      await failAs(installer.auth, id, { reason: 'absent' }).expect(200);

      const res = await failAs(installer.auth, id, { reason: 'moved' }).expect(200);

      expect(res.body).to.include({
        status: 'failed',
        failureReason: 'moved',
        attemptCount: 2,
        failureKind: 'permanent',
      });
      expect(await HouseholdModel.findById(hoa.id).lean()).to.include({ status: 'withdrawn' });
      expect(await recountHouseholds()).to.deep.equal([]);
    });

    it('when the batch closes with a delivery awaiting a revisit, then it is cancelled and the household approved again', async () => {
      const id = await deliveryIdOf(hoa.id, official.auth);
      await failAs(installer.auth, id, { reason: 'absent' }).expect(200);

      const closed = await request(testApp)
        .post(`/api/v1/batches/${given.batch.id}/close`)
        .set(official.auth)
        .expect(200);

      expect(closed.body.cancelled).to.equal(3);
      expect(closed.body.returned).to.have.length(4);
      expect(await DeliveryModel.findById(id).lean()).to.include({ status: 'cancelled' });
      expect(await HouseholdModel.findById(hoa.id).lean()).to.include({ status: 'approved', batchId: null });
      expect(await recountHouseholds()).to.deep.equal([]);
    });
  });
});
