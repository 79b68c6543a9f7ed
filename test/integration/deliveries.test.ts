import { expect } from 'chai';
import request from 'supertest';
import { AuditModel } from '../../src/audit/model';
import { DeliveryModel } from '../../src/batches/delivery-model';
import { IdempotencyModel } from '../../src/batches/idempotency-model';
import { countersOf, recountHouseholds } from '../../src/households/counters';
import { HouseholdModel } from '../../src/households/model';
import { ReceiverModel } from '../../src/receivers/model';
import { testApp } from '../support/app';
import { confirmBody, deliveryIdOf, givenStartedBatch, type GivenBatch } from '../support/batches';
import { useTestDb } from '../support/db';
import { binary } from '../support/pdf';
import { givenAreas, givenUser, type GivenUser } from '../support/factories';

const API = '/api/v1/deliveries';

describe('deliveries', () => {
  useTestDb();

  let official: GivenUser;
  let given: GivenBatch;
  let installer: GivenUser;

  beforeEach(async () => {
    await givenAreas();
    official = await givenUser('official', '25');
    given = await givenStartedBatch({ receivers: 3, households: 2 });
    installer = given.installer;
  });

  describe('GET /api/v1/deliveries/worklist', () => {
    it('when the installer asks, then their pending deliveries come by commune and village with masked IDs', async () => {
      const res = await request(testApp).get(`${API}/worklist`).set(installer.auth).expect(200);

      expect(res.body.communes).to.have.length(1);
      const [commune] = res.body.communes;
      expect(commune.communeCode).to.equal('07888');
      expect(commune.pending).to.equal(2);
      const d = commune.villages[0].deliveries[0];
      expect(d.household.nationalId).to.match(/^\*+\d{4}$/);
      expect(d.household.fullName).to.match(/^Hộ Thử Số/);
    });

    it('when an installer is not on the batch, then the worklist is empty and the delivery is 404', async () => {
      const other = await givenUser('installer', '25');
      const id = await deliveryIdOf(given.households[0].id, official.auth);

      const list = await request(testApp).get(`${API}/worklist`).set(other.auth).expect(200);
      const one = await request(testApp).get(`${API}/${id}`).set(other.auth);
      const confirm = await request(testApp)
        .post(`${API}/${id}/confirm`)
        .set(other.auth)
        .send(confirmBody(given.serials[0]));

      expect(list.body.communes).to.deep.equal([]);
      expect(one.status).to.equal(404);
      expect(confirm.status).to.equal(404);
      expect(confirm.body.error.code).to.equal('NOT_FOUND');
    });

    it('when commune staff ask, then it is 403; without a token 401', async () => {
      const staff = await givenUser('commune_staff', '07888');

      await request(testApp).get(`${API}/worklist`).set(staff.auth).expect(403);
      await request(testApp).get(`${API}/worklist`).expect(401);
    });
  });

  describe('POST /api/v1/deliveries/:id/confirm', () => {
    it('when the installer confirms with an allocated serial, then receiver, delivery, household, counters and audit agree', async () => {
      const h = given.households[0];
      const id = await deliveryIdOf(h.id, official.auth);

      const res = await request(testApp)
        .post(`${API}/${id}/confirm`)
        .set(installer.auth)
        .send(confirmBody(given.serials[0].toLowerCase(), { location: { lat: 21.3, lng: 105.4 } }))
        .expect(200);

      expect(res.body).to.include({
        status: 'delivered',
        serial: given.serials[0],
        completedBy: installer.id,
      });
      expect(res.body.location).to.deep.equal({ lat: 21.3, lng: 105.4, accuracyM: null });
      const receiver = await ReceiverModel.findOne({ serial: given.serials[0] }).lean();
      expect(receiver).to.include({ status: 'installed', householdId: h.id, deliveryId: id });
      const household = await HouseholdModel.findById(h.id).lean();
      expect(household).to.include({ status: 'delivered', receiverSerial: given.serials[0] });
      const [counter] = await countersOf({ communeCode: '07888' });
      expect(counter.counts).to.include({ delivered: 1, assigned: 1 });
      expect(await recountHouseholds()).to.deep.equal([]);
      expect(await AuditModel.countDocuments({ entityId: id, action: 'delivery.confirmed' })).to.equal(1);
    });

    it('when the same serial is confirmed for two households in parallel, then exactly one 200 and one 409', async () => {
      const [a, b] = await Promise.all(given.households.map((h) => deliveryIdOf(h.id, official.auth)));

      const answers = await Promise.all(
        [a, b].map((id) =>
          request(testApp)
            .post(`${API}/${id}/confirm`)
            .set(installer.auth)
            .send(confirmBody(given.serials[0])),
        ),
      );

      expect(answers.map((r) => r.status).sort()).to.deep.equal([200, 409]);
      expect(answers.find((r) => r.status === 409)?.body.error.code).to.equal('CONFLICT');
      expect(await DeliveryModel.countDocuments({ status: 'delivered' })).to.equal(1);
      expect(await DeliveryModel.countDocuments({ status: 'pending' })).to.equal(1);
      expect(await ReceiverModel.countDocuments({ status: 'installed' })).to.equal(1);
      expect(await HouseholdModel.countDocuments({ status: 'delivered' })).to.equal(1);
      expect(await recountHouseholds()).to.deep.equal([]);
    });

    it('when the same confirmation is retried 10 times in parallel with one Idempotency-Key, then one delivery and identical answers', async () => {
      const id = await deliveryIdOf(given.households[0].id, official.auth);
      const body = confirmBody(given.serials[1], {
        deliveredAt: new Date().toISOString(),
      });

      const answers = await Promise.all(
        Array.from({ length: 10 }, () =>
          request(testApp)
            .post(`${API}/${id}/confirm`)
            .set(installer.auth)
            .set('Idempotency-Key', 'confirm-abc-123')
            .send(body),
        ),
      );

      expect(answers.map((r) => r.status)).to.deep.equal(Array(10).fill(200));
      for (const r of answers) expect(r.body).to.deep.equal(answers[0].body);
      expect(await DeliveryModel.countDocuments({ status: 'delivered' })).to.equal(1);
      expect(await ReceiverModel.countDocuments({ status: 'installed' })).to.equal(1);
      expect(await AuditModel.countDocuments({ action: 'delivery.confirmed' })).to.equal(1);
      expect(await IdempotencyModel.countDocuments({})).to.equal(1);
      expect(await recountHouseholds()).to.deep.equal([]);
    });

    it('when a key is reused for a different body, then 409; a retry without key with another serial is 409 too', async () => {
      const id = await deliveryIdOf(given.households[0].id, official.auth);
      await request(testApp)
        .post(`${API}/${id}/confirm`)
        .set(installer.auth)
        .set('Idempotency-Key', 'key-0001')
        .send(confirmBody(given.serials[0]))
        .expect(200);

      const reused = await request(testApp)
        .post(`${API}/${id}/confirm`)
        .set(installer.auth)
        .set('Idempotency-Key', 'key-0001')
        .send(confirmBody(given.serials[1]));
      const other = await request(testApp)
        .post(`${API}/${id}/confirm`)
        .set(installer.auth)
        .send(confirmBody(given.serials[1]));
      const same = await request(testApp)
        .post(`${API}/${id}/confirm`)
        .set(installer.auth)
        .send(confirmBody(given.serials[0]));

      expect(reused.status).to.equal(409);
      expect(other.status).to.equal(409);
      expect(other.body.error.details).to.include({ serial: given.serials[0] });
      expect(same.status).to.equal(200);
      expect(await ReceiverModel.countDocuments({ status: 'installed' })).to.equal(1);
    });

    it('when the serial belongs to another batch, then 409 with a clear message and nothing changes', async () => {
      const second = await givenStartedBatch({ receivers: 1, households: 0, installer });
      const id = await deliveryIdOf(given.households[0].id, official.auth);

      const res = await request(testApp)
        .post(`${API}/${id}/confirm`)
        .set(installer.auth)
        .send(confirmBody(second.serials[0]));

      expect(res.status).to.equal(409);
      expect(res.body.error.message).to.match(/đợt/i);
      expect(await DeliveryModel.countDocuments({ status: 'delivered' })).to.equal(0);
      expect(await ReceiverModel.findOne({ serial: second.serials[0] }).lean()).to.include({
        status: 'allocated',
      });
    });

    it('when the body lacks fields or the last four digits are not digits, then 400 naming the fields', async () => {
      const id = await deliveryIdOf(given.households[0].id, official.auth);

      const res = await request(testApp)
        .post(`${API}/${id}/confirm`)
        .set(installer.auth)
        .set('Accept-Language', 'en')
        .send({ serial: given.serials[0], recipientIdLast4: '12a4' });

      expect(res.status).to.equal(400);
      const paths = (res.body.error.details as { path: string }[]).map((d) => d.path);
      expect(paths).to.include.members(['recipientName', 'recipientIdLast4', 'signalReceived']);
    });

    it('when the handover time is in the future, then 400', async () => {
      const id = await deliveryIdOf(given.households[0].id, official.auth);

      const res = await request(testApp)
        .post(`${API}/${id}/confirm`)
        .set(installer.auth)
        .send(
          confirmBody(given.serials[0], { deliveredAt: new Date(Date.now() + 86_400_000).toISOString() }),
        );

      expect(res.status).to.equal(400);
      expect(res.body.error.details[0].path).to.equal('deliveredAt');
    });
  });

  describe('POST /api/v1/deliveries/:id/fail', () => {
    it('when the household was absent, then the attempt is counted and the delivery stays pending for a revisit', async () => {
      const h = given.households[0];
      const id = await deliveryIdOf(h.id, official.auth);

      const res = await request(testApp)
        .post(`${API}/${id}/fail`)
        .set(installer.auth)
        .send({ reason: 'absent' })
        .expect(200);

      expect(res.body).to.include({ status: 'pending', failureReason: null, attemptCount: 1 });
      expect(res.body.attempts[0]).to.include({ reason: 'absent', by: installer.id });
      expect(await HouseholdModel.findById(h.id).lean()).to.include({
        status: 'assigned',
        batchId: given.batch.id,
      });
      const [counter] = await countersOf({ communeCode: '07888' });
      expect(counter.failedAttempts).to.equal(1);
      expect(await recountHouseholds()).to.deep.equal([]);
    });

    it('when the head has died, then the household is withdrawn with the reason', async () => {
      const h = given.households[0];
      const id = await deliveryIdOf(h.id, official.auth);

      await request(testApp)
        .post(`${API}/${id}/fail`)
        .set(installer.auth)
        .send({ reason: 'deceased', notes: 'Mất tháng 3' })
        .expect(200);

      const household = await HouseholdModel.findById(h.id).lean();
      expect(household?.status).to.equal('withdrawn');
      expect(household?.statusReason).to.match(/deceased/);
    });

    it('when a failed delivery is confirmed afterwards, then 422; failing it again with the same reason returns it', async () => {
      const id = await deliveryIdOf(given.households[0].id, official.auth);
      await request(testApp)
        .post(`${API}/${id}/fail`)
        .set(installer.auth)
        .send({ reason: 'refused' })
        .expect(200);

      const confirm = await request(testApp)
        .post(`${API}/${id}/confirm`)
        .set(installer.auth)
        .send(confirmBody(given.serials[0]));
      const again = await request(testApp)
        .post(`${API}/${id}/fail`)
        .set(installer.auth)
        .send({ reason: 'refused' });
      const other = await request(testApp)
        .post(`${API}/${id}/fail`)
        .set(installer.auth)
        .send({ reason: 'moved' });

      expect(confirm.status).to.equal(422);
      expect(again.status).to.equal(200);
      expect(other.status).to.equal(409);
      expect(await AuditModel.countDocuments({ action: 'delivery.failed' })).to.equal(1);
    });

    it('when the reason is unknown, then 400', async () => {
      const id = await deliveryIdOf(given.households[0].id, official.auth);

      const res = await request(testApp)
        .post(`${API}/${id}/fail`)
        .set(installer.auth)
        .send({ reason: 'lazy' });

      expect(res.status).to.equal(400);
      expect(res.body.error.details[0].path).to.equal('reason');
    });
  });

  describe('GET /api/v1/deliveries/:id/handover', () => {
    it('when the household is delivered, then a Vietnamese handover page with the serial and escaped names', async () => {
      const id = await deliveryIdOf(given.households[0].id, official.auth);
      await request(testApp)
        .post(`${API}/${id}/confirm`)
        .set(installer.auth)
        .send(confirmBody(given.serials[0], { recipientName: 'Lò Văn <b>Sáng</b>' }))
        .expect(200);

      const res = await request(testApp).get(`${API}/${id}/handover`).set(installer.auth).expect(200);

      expect(res.headers['content-type']).to.match(/text\/html/);
      expect(res.text).to.include('BIÊN BẢN BÀN GIAO ĐẦU THU TRUYỀN HÌNH SỐ');
      expect(res.text).to.include(given.serials[0]);
      expect(res.text).to.include('Phường Dữu Lâu');
      expect(res.text).to.include('DVB-T2 HD-01');
      expect(res.text).to.include('Lò Văn &lt;b&gt;Sáng&lt;/b&gt;');
      // Whole on the record the household signs (DESIGN §14), even for the installer.
      expect(res.text).to.include(given.households[0].head.nationalId);
    });

    it('when the delivery is still pending, then 422', async () => {
      const id = await deliveryIdOf(given.households[0].id, official.auth);

      const res = await request(testApp).get(`${API}/${id}/handover`).set(official.auth);

      expect(res.status).to.equal(422);
    });
  });

  describe('PUT /api/v1/deliveries/:id/photo', () => {
    const jpeg = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(2048, 7)]);

    it('when a JPEG is attached to a delivered household, then it is stored and served back', async () => {
      const id = await deliveryIdOf(given.households[0].id, official.auth);
      await request(testApp)
        .post(`${API}/${id}/confirm`)
        .set(installer.auth)
        .send(confirmBody(given.serials[0]))
        .expect(200);

      const put = await request(testApp)
        .put(`${API}/${id}/photo`)
        .set(installer.auth)
        .set('Content-Type', 'image/jpeg')
        .send(jpeg);
      const get = await request(testApp)
        .get(`${API}/${id}/photo`)
        .set(official.auth)
        .buffer(true)
        .parse(binary);

      expect(put.status).to.equal(201);
      expect(put.body.bytes).to.equal(jpeg.length);
      expect(get.status).to.equal(200);
      expect(get.headers['content-type']).to.equal('image/jpeg');
      expect(Buffer.compare(get.body as Buffer, jpeg)).to.equal(0);
      expect((await request(testApp).get(`${API}/${id}`).set(official.auth)).body.hasPhoto).to.equal(true);
    });

    it('when the bytes are not an image of the declared type, then 400; another type is 400 too', async () => {
      const id = await deliveryIdOf(given.households[0].id, official.auth);
      await request(testApp)
        .post(`${API}/${id}/confirm`)
        .set(installer.auth)
        .send(confirmBody(given.serials[0]))
        .expect(200);

      const fake = await request(testApp)
        .put(`${API}/${id}/photo`)
        .set(installer.auth)
        .set('Content-Type', 'image/png')
        .send(jpeg);
      const gif = await request(testApp)
        .put(`${API}/${id}/photo`)
        .set(installer.auth)
        .set('Content-Type', 'image/gif')
        .send(jpeg);

      expect(fake.status).to.equal(400);
      expect(gif.status).to.equal(400);
    });
  });
});
