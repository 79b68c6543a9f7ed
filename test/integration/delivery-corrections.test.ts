import { expect } from 'chai';
import request from 'supertest';
import { AuditModel } from '../../src/audit/model';
import { DeliveryModel } from '../../src/batches/delivery-model';
import { recountHouseholds } from '../../src/households/counters';
import { HouseholdModel } from '../../src/households/model';
import { ReceiverModel } from '../../src/receivers/model';
import { testApp } from '../support/app';
import { confirmBody, deliveryIdOf, givenStartedBatch, type GivenBatch } from '../support/batches';
import { useTestDb } from '../support/db';
import { givenAreas, givenUser, type GivenUser } from '../support/factories';

// Issue 12, items 5 and 6: PATCH /batches/:id, PATCH /deliveries/:id, POST /deliveries/:id/swap-receiver.

const API = '/api/v1';

describe('batch and delivery corrections (issue 12)', () => {
  useTestDb();

  let official: GivenUser;
  let given: GivenBatch;
  let installer: GivenUser;
  let delivered: string;

  beforeEach(async () => {
    await givenAreas();
    official = await givenUser('official', '25');
    given = await givenStartedBatch({ receivers: 4, households: 2 });
    installer = given.installer;
    delivered = await deliveryIdOf(given.households[0].id, official.auth);
    await request(testApp)
      .post(`${API}/deliveries/${delivered}/confirm`)
      .set(installer.auth)
      .send(confirmBody(given.serials[0]))
      .expect(200);
  });

  const patchBatch = (auth: GivenUser['auth'], body: Record<string, unknown>) =>
    request(testApp).patch(`${API}/batches/${given.batch.id}`).set(auth).send(body);
  const patchDelivery = (auth: GivenUser['auth'], body: Record<string, unknown>) =>
    request(testApp).patch(`${API}/deliveries/${delivered}`).set(auth).send(body);
  const versionOf = async (id: string) => (await DeliveryModel.findById(id).lean())!.version;

  describe('PATCH /api/v1/batches/:id', () => {
    it('when an official changes dates, name, installers and communes, then the batch is saved and audited before/after', async () => {
      const second = await givenUser('installer', '25');
      const start = new Date(Date.now() + 86_400_000).toISOString();

      const res = await patchBatch(official.auth, {
        version: given.batch.version,
        name: 'Đợt 1 – Việt Trì (điều chỉnh)',
        plannedStart: start,
        plannedEnd: new Date(Date.now() + 5 * 86_400_000).toISOString(),
        installerIds: [installer.id, second.id],
        communeCodes: ['07888'],
      }).expect(200);

      expect(res.body).to.include({ name: 'Đợt 1 – Việt Trì (điều chỉnh)', plannedStart: start });
      expect(res.body.installerIds).to.deep.equal([installer.id, second.id]);
      expect(res.body.communeCodes).to.deep.equal(['07888']);
      expect(res.body.version).to.equal(given.batch.version + 1);
      const entry = await AuditModel.findOne({ entityId: given.batch.id, action: 'batch.edited' }).lean();
      expect(entry?.before).to.deep.include({
        communeCodes: ['07888', '07891'],
        version: given.batch.version,
      });
      expect(entry?.after).to.deep.include({ communeCodes: ['07888'] });
      // The new installer now sees the batch's work; a confirmation before the new planned start is fine.
      const list = await request(testApp).get(`${API}/deliveries/worklist`).set(second.auth).expect(200);
      expect(list.body.total).to.equal(2);
    });

    it('when the version is stale, then 409; removing a commune with pending deliveries is a 422 naming it', async () => {
      await patchBatch(official.auth, { version: given.batch.version, notes: 'Ghi chú' }).expect(200);

      const stale = await patchBatch(official.auth, { version: given.batch.version, name: 'Tên khác' });
      const removing = await patchBatch(official.auth, {
        version: given.batch.version + 1,
        communeCodes: ['07891'],
      });
      const badDates = await patchBatch(official.auth, {
        version: given.batch.version + 1,
        plannedStart: '2026-05-10',
        plannedEnd: '2026-05-01',
      });

      expect(stale.status).to.equal(409);
      expect(removing.status).to.equal(422);
      expect(removing.body.error.message).to.include('07888');
      expect(removing.body.error.details).to.include({ field: 'communeCodes', pending: 1 });
      expect(badDates.status).to.equal(400);
      expect(badDates.body.error.details[0].path).to.equal('plannedEnd');
    });

    it('when an installer or another province’s official tries, then 403 and 404; a closed batch is 422', async () => {
      const elsewhere = await givenUser('official', '01');

      const byInstaller = await patchBatch(installer.auth, { version: 1, name: 'Đợt mới' });
      const byOutsider = await patchBatch(elsewhere.auth, { version: 1, name: 'Đợt mới' });
      await request(testApp).post(`${API}/batches/${given.batch.id}/close`).set(official.auth).expect(200);
      const current = (await request(testApp).get(`${API}/batches/${given.batch.id}`).set(official.auth))
        .body;
      const closed = await patchBatch(official.auth, { version: current.version, name: 'Đợt mới' });

      expect(byInstaller.status).to.equal(403);
      expect(byOutsider.status).to.equal(404);
      expect(closed.status).to.equal(422);
    });
  });

  describe('PATCH /api/v1/deliveries/:id', () => {
    it('when the installer corrects the recipient within 24 hours, then it is saved and audited before/after', async () => {
      const res = await patchDelivery(installer.auth, {
        version: await versionOf(delivered),
        recipientName: 'Nguyễn Văn Hải',
        recipientIdLast4: '4321',
        recipientRelation: 'Con trai',
        notes: 'Sửa tên người nhận',
      }).expect(200);

      expect(res.body).to.include({
        recipientName: 'Nguyễn Văn Hải',
        recipientIdLast4: '4321',
        recipientRelation: 'Con trai',
      });
      const entry = await AuditModel.findOne({ entityId: delivered, action: 'delivery.corrected' }).lean();
      expect(entry?.before).to.deep.include({ recipientName: 'Nguyễn Thị Hoà', recipientIdLast4: '1234' });
      expect(entry?.after).to.deep.include({ recipientName: 'Nguyễn Văn Hải', recipientIdLast4: '4321' });
    });

    it('when 25 hours have passed, then the installer gets 422 and an official may still correct it', async () => {
      await DeliveryModel.updateOne(
        { _id: delivered },
        { $set: { deliveredAt: new Date(Date.now() - 25 * 3600_000) } },
      );

      const late = await patchDelivery(installer.auth, {
        version: await versionOf(delivered),
        notes: 'Muộn',
      });
      const byOfficial = await patchDelivery(official.auth, {
        version: await versionOf(delivered),
        notes: 'Cán bộ sửa',
      });

      expect(late.status).to.equal(422);
      expect(late.body.error.message).to.match(/24 giờ/);
      expect(byOfficial.status).to.equal(200);
      expect(byOfficial.body.notes).to.equal('Cán bộ sửa');
    });

    it('when the digits differ from the head’s without a relation, a stale version, another installer, or a pending delivery, then 422, 409, 404, 422', async () => {
      const other = await givenUser('installer', '25');
      const pending = await deliveryIdOf(given.households[1].id, official.auth);
      const v = await versionOf(delivered);

      const noRelation = await patchDelivery(installer.auth, {
        version: v,
        recipientIdLast4: '9999',
        recipientRelation: null,
      });
      const stale = await patchDelivery(installer.auth, { version: v - 1, notes: 'x' });
      const outsider = await patchDelivery(other.auth, { version: v, notes: 'x' });
      const notDelivered = await request(testApp)
        .patch(`${API}/deliveries/${pending}`)
        .set(official.auth)
        .send({ version: 1, notes: 'x' });
      const empty = await patchDelivery(official.auth, { version: v });

      expect(noRelation.status).to.equal(422);
      expect(stale.status).to.equal(409);
      expect(outsider.status).to.equal(404);
      expect(notDelivered.status).to.equal(422);
      expect(empty.status).to.equal(400);
    });
  });

  describe('POST /api/v1/deliveries/:id/swap-receiver', () => {
    /** The second household delivered with the second serial; its delivery id. */
    async function confirmSecond(): Promise<string> {
      const id = await deliveryIdOf(given.households[1].id, official.auth);
      await request(testApp)
        .post(`${API}/deliveries/${id}/confirm`)
        .set(installer.auth)
        .send(confirmBody(given.serials[1]))
        .expect(200);
      return id;
    }

    const swap = (auth: GivenUser['auth'], id: string, body: Record<string, unknown>) =>
      request(testApp).post(`${API}/deliveries/${id}/swap-receiver`).set(auth).send(body);

    it('when an official swaps to another allocated serial, then receivers, delivery and household agree and the old receiver is defective', async () => {
      const res = await swap(official.auth, delivered, {
        version: await versionOf(delivered),
        serial: given.serials[1],
        oldReceiverStatus: 'defective',
        reason: 'Quét nhầm hộp',
      }).expect(200);

      expect(res.body.serial).to.equal(given.serials[1]);
      expect(await ReceiverModel.findOne({ serial: given.serials[1] }).lean()).to.include({
        status: 'installed',
        householdId: given.households[0].id,
      });
      expect(await ReceiverModel.findOne({ serial: given.serials[0] }).lean()).to.include({
        status: 'defective',
        householdId: null,
      });
      expect(await HouseholdModel.findById(given.households[0].id).lean()).to.include({
        status: 'delivered',
        receiverSerial: given.serials[1],
      });
      expect(
        await AuditModel.countDocuments({ entityId: delivered, action: 'delivery.receiver_swapped' }),
      ).to.equal(1);
      expect(await recountHouseholds()).to.deep.equal([]);
    });

    it('when the new serial is installed elsewhere, then 409 and the old binding stands; an installer gets 403', async () => {
      await confirmSecond();

      const taken = await swap(official.auth, delivered, {
        version: await versionOf(delivered),
        serial: given.serials[1],
        oldReceiverStatus: 'allocated',
        reason: 'Đổi hộp',
      });
      const byInstaller = await swap(installer.auth, delivered, {
        version: await versionOf(delivered),
        serial: given.serials[2],
        oldReceiverStatus: 'allocated',
        reason: 'Đổi hộp',
      });

      expect(taken.status).to.equal(409);
      expect(byInstaller.status).to.equal(403);
      expect(await ReceiverModel.findOne({ serial: given.serials[0] }).lean()).to.include({
        status: 'installed',
        householdId: given.households[0].id,
      });
      expect(await ReceiverModel.countDocuments({ status: 'installed' })).to.equal(2);
    });

    it('when two deliveries are swapped to the same serial in parallel, then one wins and each receiver serves one household', async () => {
      const otherId = await confirmSecond();

      const answers = await Promise.all(
        [delivered, otherId].map(async (id) =>
          swap(official.auth, id, {
            version: await versionOf(id),
            serial: given.serials[2],
            oldReceiverStatus: 'allocated',
            reason: 'Đổi hộp',
          }),
        ),
      );

      expect(answers.map((r) => r.status).sort()).to.deep.equal([200, 409]);
      const installed = await ReceiverModel.find({ status: 'installed' }).lean();
      expect(installed).to.have.length(2);
      expect(new Set(installed.map((r) => r.householdId)).size).to.equal(2);
      const households = await HouseholdModel.find({ status: 'delivered' }).lean();
      expect(households.map((h) => h.receiverSerial).sort()).to.deep.equal(
        installed.map((r) => r.serial).sort(),
      );
    });
  });
});
