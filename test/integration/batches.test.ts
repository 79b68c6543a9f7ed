import { expect } from 'chai';
import request from 'supertest';
import { AuditModel } from '../../src/audit/model';
import { DeliveryModel } from '../../src/batches/delivery-model';
import { recountHouseholds } from '../../src/households/counters';
import { HouseholdModel } from '../../src/households/model';
import { ReceiverModel } from '../../src/receivers/model';
import { UserModel } from '../../src/users/model';
import { SYSTEM_ACTOR } from '../../src/users/roles';
import * as users from '../../src/users/service';
import { testApp } from '../support/app';
import {
  confirmBody,
  confirmFirstDelivery,
  deliveryIdOf,
  givenApprovedHouseholds,
  givenStartedBatch,
  givenStock,
} from '../support/batches';
import { useTestDb } from '../support/db';
import { givenAreas, givenUser, type GivenUser } from '../support/factories';

const API = '/api/v1/batches';

describe('batches', () => {
  useTestDb();

  let official: GivenUser;
  let installer: GivenUser;

  beforeEach(async () => {
    await givenAreas();
    official = await givenUser('official', '25');
    installer = await givenUser('installer', '25');
  });

  const newBatch = (overrides: Record<string, unknown> = {}) => ({
    provinceCode: '25',
    name: 'Đợt 1 – Việt Trì',
    phase: 1,
    communeCodes: ['07888', '07891'],
    receiverType: 'dvb-t2',
    installerIds: [installer.id],
    plannedStart: '2026-12-01',
    plannedEnd: '2026-12-20',
    ...overrides,
  });

  async function createdBatch(overrides: Record<string, unknown> = {}): Promise<string> {
    const res = await request(testApp).post(API).set(official.auth).send(newBatch(overrides)).expect(201);
    return res.body.id as string;
  }

  describe('POST /api/v1/batches', () => {
    it('when a province official plans a batch, then it is planned with a code and audited', async () => {
      const res = await request(testApp).post(API).set(official.auth).send(newBatch()).expect(201);

      expect(res.body).to.include({
        code: '25-D1-001',
        status: 'planned',
        provinceCode: '25',
        receiverType: 'dvb-t2',
      });
      expect(res.body.communeCodes).to.deep.equal(['07888', '07891']);
      expect(await AuditModel.countDocuments({ entityId: res.body.id, action: 'batch.created' })).to.equal(1);
    });

    it('when a commune is of another province or an installer is not one, then 400 naming each', async () => {
      const staff = await givenUser('commune_staff', '07888');

      const res = await request(testApp)
        .post(API)
        .set(official.auth)
        .send(newBatch({ communeCodes: ['07888', '00001'], installerIds: [staff.id] }));

      expect(res.status).to.equal(400);
      expect(res.body.error.code).to.equal('VALIDATION_FAILED');
    });

    it('when a district official or commune staff plans one, then 403; without token 401', async () => {
      const district = await givenUser('official', '227');
      const staff = await givenUser('commune_staff', '07888');

      await request(testApp).post(API).set(district.auth).send(newBatch()).expect(403);
      await request(testApp).post(API).set(staff.auth).send(newBatch()).expect(403);
      await request(testApp).post(API).send(newBatch()).expect(401);
    });

    it('when an official of another province plans in province 25, then 403', async () => {
      const hanoi = await givenUser('official', '01');

      await request(testApp)
        .post(API)
        .set(hanoi.auth)
        .send(newBatch({ installerIds: [] }))
        .expect(403);
    });
  });

  describe('GET /api/v1/batches', () => {
    it('when an official of another province lists or reads, then the batch is invisible (404)', async () => {
      const id = await createdBatch();
      const hanoi = await givenUser('official', '01');

      const list = await request(testApp).get(API).set(hanoi.auth).expect(200);
      const one = await request(testApp).get(`${API}/${id}`).set(hanoi.auth);

      expect(list.body.total).to.equal(0);
      expect(one.status).to.equal(404);
    });

    it('when an admin lists, then every province’s batches come newest first, or one province’s when asked', async () => {
      const first = await createdBatch();
      const hanoi = await givenUser('official', '01');
      const hanoiInstaller = await givenUser('installer', '01');
      const other = await request(testApp)
        .post(API)
        .set(hanoi.auth)
        .send(newBatch({ provinceCode: '01', communeCodes: ['00001'], installerIds: [hanoiInstaller.id] }))
        .expect(201);
      const admin = await givenUser('admin');

      const all = await request(testApp).get(API).set(admin.auth).expect(200);
      const phuTho = await request(testApp).get(`${API}?provinceCode=25`).set(admin.auth).expect(200);

      expect(all.body.items.map((b: { id: string }) => b.id)).to.deep.equal([other.body.id, first]);
      expect(phuTho.body.items.map((b: { id: string }) => b.id)).to.deep.equal([first]);
    });

    it('when an installer lists, then only the batches they are on', async () => {
      await createdBatch();
      await createdBatch({ installerIds: [] });

      const res = await request(testApp).get(API).set(installer.auth).expect(200);

      expect(res.body.total).to.equal(1);
    });
  });

  describe('POST /api/v1/batches/:id/receivers', () => {
    it('when two batches allocate the same receivers in parallel, then each receiver is in exactly one batch', async () => {
      const [a, b] = [await createdBatch(), await createdBatch()];
      const serials = await givenStock('25', 12);

      const answers = await Promise.all(
        [a, b, a, b].map((id) =>
          request(testApp).post(`${API}/${id}/receivers`).set(official.auth).send({ serials }),
        ),
      );

      expect(answers.map((r) => r.status)).to.deep.equal([200, 200, 200, 200]);
      const allocated = answers.flatMap((r) => r.body.allocated as string[]);
      expect(allocated.sort()).to.deep.equal([...serials].sort());
      const stored = await ReceiverModel.find({ serial: { $in: serials } }).lean();
      expect(stored.every((r) => r.status === 'allocated' && (r.batchId === a || r.batchId === b))).to.equal(
        true,
      );
    });

    it('when allocating by count beyond the stock, then what exists is allocated and shortBy says the rest', async () => {
      const id = await createdBatch();
      await givenStock('25', 3);
      await givenStock('25', 2, 'satellite');

      const res = await request(testApp)
        .post(`${API}/${id}/receivers`)
        .set(official.auth)
        .send({ count: 5 })
        .expect(200);

      expect(res.body.allocated).to.have.length(3);
      expect(res.body.shortBy).to.equal(2);
      expect(res.body.capacity).to.equal(3);
    });

    it('when both serials and count are sent, then 400', async () => {
      const id = await createdBatch();

      const res = await request(testApp)
        .post(`${API}/${id}/receivers`)
        .set(official.auth)
        .send({ serials: ['SN-0001'], count: 1 });

      expect(res.status).to.equal(400);
    });
  });

  describe('POST /api/v1/batches/:id/households', () => {
    it('when households are added automatically, then the oldest approved first and never more than the receivers', async () => {
      const id = await createdBatch();
      await request(testApp)
        .post(`${API}/${id}/receivers`)
        .set(official.auth)
        .send({ serials: await givenStock('25', 3) });
      const households = await givenApprovedHouseholds('07888', 5);

      const first = await request(testApp)
        .post(`${API}/${id}/households`)
        .set(official.auth)
        .send({})
        .expect(200);
      const second = await request(testApp)
        .post(`${API}/${id}/households`)
        .set(official.auth)
        .send({})
        .expect(200);

      expect(first.body.added).to.deep.equal(households.slice(0, 3).map((h) => h.id));
      expect(first.body.capacity).to.equal(0);
      expect(second.body.added).to.deep.equal([]);
      expect(await DeliveryModel.countDocuments({ batchId: id, status: 'pending' })).to.equal(3);
      expect(await HouseholdModel.countDocuments({ status: 'assigned', batchId: id })).to.equal(3);
      expect(await recountHouseholds()).to.deep.equal([]);
    });

    it('when several auto-adds race, then the promises still never exceed the receivers', async () => {
      const id = await createdBatch();
      await request(testApp)
        .post(`${API}/${id}/receivers`)
        .set(official.auth)
        .send({ serials: await givenStock('25', 4) });
      await givenApprovedHouseholds('07888', 8);

      const answers = await Promise.all(
        Array.from({ length: 4 }, () =>
          request(testApp).post(`${API}/${id}/households`).set(official.auth).send({}),
        ),
      );

      expect(answers.every((r) => r.status === 200)).to.equal(true);
      expect(answers.reduce((n, r) => n + (r.body.added as string[]).length, 0)).to.equal(4);
      expect(await DeliveryModel.countDocuments({ batchId: id, status: 'pending' })).to.equal(4);
    });

    it('when more ids are given than receivers, then 422 and nothing is added', async () => {
      const id = await createdBatch();
      await request(testApp)
        .post(`${API}/${id}/receivers`)
        .set(official.auth)
        .send({ serials: await givenStock('25', 1) });
      const households = await givenApprovedHouseholds('07888', 2);

      const res = await request(testApp)
        .post(`${API}/${id}/households`)
        .set(official.auth)
        .send({ householdIds: households.map((h) => h.id) });

      expect(res.status).to.equal(422);
      expect(res.body.error.details).to.include({ capacity: 1, requested: 2 });
      expect(await DeliveryModel.countDocuments({})).to.equal(0);
    });

    it('when a household is in another batch already, then it is refused with the reason', async () => {
      const given = await givenStartedBatch({ receivers: 1, households: 1, installer });
      const id = await createdBatch();
      await request(testApp)
        .post(`${API}/${id}/receivers`)
        .set(official.auth)
        .send({ serials: await givenStock('25', 1) });

      const res = await request(testApp)
        .post(`${API}/${id}/households`)
        .set(official.auth)
        .send({ householdIds: [given.households[0].id] })
        .expect(200);

      expect(res.body.added).to.deep.equal([]);
      expect(res.body.refused[0].householdId).to.equal(given.households[0].id);
    });
  });

  describe('GET /api/v1/batches/:id', () => {
    it('when deliveries were confirmed by someone not on the batch and by an account since deleted, then the installer rows name the one by full name and the other with none', async () => {
      const given = await givenStartedBatch({ receivers: 3, households: 3, installer });
      const gone = await givenUser('official', '25');
      await confirmFirstDelivery(given, official.auth);
      for (const [i, who] of [official, gone].entries()) {
        const id = await deliveryIdOf(given.households[i + 1]?.id as string, official.auth);
        await request(testApp)
          .post(`/api/v1/deliveries/${id}/confirm`)
          .set(who.auth)
          .send(confirmBody(given.serials[i + 1] as string))
          .expect(200);
      }
      await UserModel.deleteOne({ _id: gone.id });

      const res = await request(testApp).get(`${API}/${given.batch.id}`).set(official.auth).expect(200);

      expect(res.body.progress.byInstaller).to.have.deep.members([
        { userId: installer.id, fullName: installer.fullName, delivered: 1, failed: 0 },
        { userId: official.id, fullName: official.fullName, delivered: 1, failed: 0 },
        { userId: gone.id, fullName: null, delivered: 1, failed: 0 },
      ]);
    });
  });

  describe('GET /api/v1/batches/:id installers', () => {
    it('when one of the batch’s installers was locked since, then the batch still names them, marked locked', async () => {
      const second = await givenUser('installer', '25');
      const id = await createdBatch({ installerIds: [installer.id, second.id] });
      await users.updateUser(second.id, { active: false }, SYSTEM_ACTOR);

      const res = await request(testApp).get(`${API}/${id}`).set(official.auth).expect(200);

      expect(res.body.installers).to.deep.equal([
        { id: installer.id, fullName: installer.fullName, active: true },
        { id: second.id, fullName: second.fullName, active: false },
      ]);
    });
  });

  describe('POST /api/v1/batches/:id/start and /close', () => {
    it('when a batch is started twice, then the second is 422', async () => {
      const id = await createdBatch();

      await request(testApp).post(`${API}/${id}/start`).set(official.auth).expect(200);
      const again = await request(testApp).post(`${API}/${id}/start`).set(official.auth);

      expect(again.status).to.equal(422);
      expect(again.body.error.code).to.equal('RULE_VIOLATION');
    });

    it('when a batch is closed, then pending deliveries are cancelled, households approved and unused receivers back in stock', async () => {
      const given = await givenStartedBatch({ receivers: 4, households: 3, installer });
      await confirmFirstDelivery(given, official.auth);

      const res = await request(testApp)
        .post(`${API}/${given.batch.id}/close`)
        .set(official.auth)
        .expect(200);

      expect(res.body.batch.status).to.equal('closed');
      expect(res.body.cancelled).to.equal(2);
      expect(res.body.returned).to.have.members(given.serials.slice(1));
      expect(await ReceiverModel.countDocuments({ status: 'in_stock' })).to.equal(3);
      expect(await ReceiverModel.countDocuments({ status: 'installed' })).to.equal(1);
      expect(await HouseholdModel.countDocuments({ status: 'approved', batchId: null })).to.equal(2);
      expect(await DeliveryModel.countDocuments({ status: 'cancelled' })).to.equal(2);
      expect(await recountHouseholds()).to.deep.equal([]);
      const progress = (await request(testApp).get(`${API}/${given.batch.id}`).set(official.auth).expect(200))
        .body.progress;
      expect(progress.deliveries).to.include({ delivered: 1, cancelled: 2, pending: 0 });
      expect(progress.byInstaller).to.deep.equal([
        { userId: installer.id, fullName: installer.fullName, delivered: 1, failed: 0 },
      ]);
    });

    it('when a closed batch is closed again or receives receivers, then 422', async () => {
      const id = await createdBatch();
      await request(testApp).post(`${API}/${id}/close`).set(official.auth).expect(200);

      await request(testApp).post(`${API}/${id}/close`).set(official.auth).expect(422);
      await request(testApp).post(`${API}/${id}/receivers`).set(official.auth).send({ count: 1 }).expect(422);
    });

    it('when the id is unknown, then 404; an installer cannot close, 403', async () => {
      const id = await createdBatch();

      await request(testApp).post(`${API}/0123456789abcdef01234567/close`).set(official.auth).expect(404);
      await request(testApp).post(`${API}/${id}/close`).set(installer.auth).expect(403);
    });
  });
});
