import { expect } from 'chai';
import request from 'supertest';
import { AuditModel } from '../../src/audit/model';
import { addHouseholds } from '../../src/batches/assignment';
import { InspectionModel } from '../../src/inspections/model';
import { InspectionSampleModel } from '../../src/inspections/sample-model';
import { SYSTEM_ACTOR } from '../../src/users/roles';
import { testApp } from '../support/app';
import { givenApprovedHouseholds, givenStartedBatch, type GivenBatch } from '../support/batches';
import { useTestDb } from '../support/db';
import { confirmDeliveries } from '../support/deliveries';
import { givenAreas, givenUser, type GivenUser } from '../support/factories';

const API = '/api/v1/inspections';

describe('inspections', () => {
  useTestDb();

  let official: GivenUser;
  let given: GivenBatch;
  /** Delivery ids by commune: four in 07888, two in 07891 (district 227 of province 25). */
  let delivered: { '07888': string[]; '07891': string[] };

  beforeEach(async () => {
    await givenAreas();
    official = await givenUser('official', '25');
    given = await givenStartedBatch({ receivers: 6, households: 4 });
    const more = await givenApprovedHouseholds('07891', 2);
    await addHouseholds(given.batch.id, { householdIds: more.map((h) => h.id) }, SYSTEM_ACTOR);
    const households = [...given.households, ...more];
    const ids = await confirmDeliveries(given, households, official.auth);
    delivered = { '07888': ids.slice(0, 4), '07891': ids.slice(4) };
  });

  async function draw(body: Record<string, unknown>, user: GivenUser = official) {
    return request(testApp).post(`${API}/samples`).set(user.auth).send(body);
  }

  describe('POST /api/v1/inspections/samples', () => {
    it('when drawn twice with the same seed, then both samples hold the same deliveries in the same order', async () => {
      const first = await draw({ areaCode: '25', seed: 'phu-tho-2025', size: 3, name: 'Kiểm tra quý I' });
      const second = await draw({ areaCode: '25', seed: 'phu-tho-2025', size: 3 });

      expect(first.status).to.equal(201);
      expect(second.status).to.equal(201);
      expect(first.body.deliveryIds).to.have.length(3);
      expect(second.body.deliveryIds).to.deep.equal(first.body.deliveryIds);
      expect(second.body.id).not.to.equal(first.body.id);
      expect(first.body).to.deep.include({
        name: 'Kiểm tra quý I',
        seed: 'phu-tho-2025',
        counts: { candidates: 6, communes: 2, drawn: 3, communesCovered: 2 },
      });
      expect(first.body.area).to.include({ code: '25', level: 'province', provinceCode: '25' });
    });

    it('when drawn, then one pending inspection per drawn delivery is stored, with the sample and an audit entry', async () => {
      const res = await draw({ areaCode: '227', seed: 7, size: 2 });

      const stored = await InspectionModel.find({ sampleId: res.body.id }).sort({ order: 1 }).lean();
      expect(stored.map((i) => i.deliveryId)).to.deep.equal(res.body.deliveryIds);
      expect(stored.every((i) => i.status === 'pending' && i.result === null && i.version === 1)).to.equal(
        true,
      );
      expect(stored[0].serial).to.match(/^SN-/);
      expect(stored[0].deliveredAt).to.be.instanceOf(Date);
      expect(await InspectionSampleModel.countDocuments({ _id: res.body.id })).to.equal(1);
      const entry = await AuditModel.findOne({
        action: 'inspection_sample.drawn',
        entityId: res.body.id,
      }).lean();
      expect(entry?.actor.id).to.equal(official.id);
      expect(entry?.area?.provinceCode).to.equal('25');
    });

    it('when the size allows, then every commune with a delivered household has at least one', async () => {
      for (const seed of ['a', 'b', 'c', 'd', 'e']) {
        const res = await draw({ areaCode: '25', seed, size: 2 });

        const drawn: string[] = res.body.deliveryIds;
        expect(drawn.some((id) => delivered['07888'].includes(id))).to.equal(true);
        expect(drawn.some((id) => delivered['07891'].includes(id))).to.equal(true);
      }
    });

    it('when an integer seed is given, then it draws the same sample as the same digits as a string', async () => {
      const asNumber = await draw({ areaCode: '25', seed: 42, rate: 0.5 });
      const asString = await draw({ areaCode: '25', seed: '42', rate: 0.5 });

      expect(asNumber.body.seed).to.equal('42');
      expect(asString.body.deliveryIds).to.deep.equal(asNumber.body.deliveryIds);
    });

    it('when a rate is given, then it is rounded up; a size above the candidates takes them all', async () => {
      const rate = await draw({ areaCode: '25', seed: 's', rate: 0.4 });
      const all = await draw({ areaCode: '25', seed: 's', size: 100 });
      const commune = await draw({ areaCode: '07891', seed: 's', size: 100 });

      expect(rate.body.deliveryIds).to.have.length(3); // 0.4 × 6 = 2.4 → 3
      expect([...all.body.deliveryIds].sort()).to.deep.equal(
        [...delivered['07888'], ...delivered['07891']].sort(),
      );
      expect([...commune.body.deliveryIds].sort()).to.deep.equal([...delivered['07891']].sort());
    });

    it('when no seed is given, then one is generated and returned, and drawing with it again gives the same sample', async () => {
      const first = await draw({ areaCode: '25', size: 3 });

      const again = await draw({ areaCode: '25', size: 3, seed: first.body.seed });

      expect(first.body.seed).to.be.a('string').and.not.be.empty;
      expect(again.body.deliveryIds).to.deep.equal(first.body.deliveryIds);
    });

    it('when the delivery window holds no delivery, then the sample is empty', async () => {
      const res = await draw({ areaCode: '25', seed: 'x', size: 5, deliveredTo: '2020-01-01T00:00:00Z' });

      expect(res.status).to.equal(201);
      expect(res.body.counts).to.deep.equal({ candidates: 0, communes: 0, drawn: 0, communesCovered: 0 });
      expect(await InspectionModel.countDocuments({})).to.equal(0);
    });

    it('when both or neither of size and rate are given, then it is 400', async () => {
      const both = await draw({ areaCode: '25', size: 2, rate: 0.5 });
      const neither = await draw({ areaCode: '25' });
      const badRate = await draw({ areaCode: '25', rate: 1.5 });

      expect([both.status, neither.status, badRate.status]).to.deep.equal([400, 400, 400]);
      expect(both.body.error.code).to.equal('VALIDATION_FAILED');
    });

    it('when an official of another province draws in province 25, then it is 404; an unknown area too', async () => {
      const hanoi = await givenUser('official', '01');

      const res = await draw({ areaCode: '25', seed: 'x', size: 2 }, hanoi);
      const unknown = await draw({ areaCode: '99', seed: 'x', size: 2 });

      expect(res.status).to.equal(404);
      expect(res.body.error.code).to.equal('NOT_FOUND');
      expect(unknown.status).to.equal(404);
      expect(await InspectionSampleModel.countDocuments({})).to.equal(0);
    });

    it('when commune staff or an installer draw, then it is 403; without a token 401', async () => {
      const staff = await givenUser('commune_staff', '07888');

      expect((await draw({ areaCode: '07888', size: 1 }, staff)).status).to.equal(403);
      expect((await draw({ areaCode: '25', size: 1 }, given.installer)).status).to.equal(403);
      await request(testApp).post(`${API}/samples`).send({ areaCode: '25', size: 1 }).expect(401);
    });

    it('when an admin draws, then any area is open', async () => {
      const admin = await givenUser('admin');

      const res = await draw({ areaCode: '07888', seed: 1, size: 1 }, admin);

      expect(res.status).to.equal(201);
      expect(delivered['07888']).to.include(res.body.deliveryIds[0]);
    });
  });

  describe('POST /api/v1/inspections/:id/result', () => {
    let inspectionId: string;

    beforeEach(async () => {
      const res = await draw({ areaCode: '25', seed: 'r', size: 1 });
      const list = await request(testApp).get(API).query({ sampleId: res.body.id }).set(official.auth);
      inspectionId = list.body.items[0].id;
    });

    async function record(body: Record<string, unknown>, user: GivenUser = official) {
      return request(testApp).post(`${API}/${inspectionId}/result`).set(user.auth).send(body);
    }

    it('when a result is recorded, then it is stored with the inspector, time and an audit entry with before/after', async () => {
      const at = new Date().toISOString();

      const res = await record({ result: 'not_working', notes: 'Đầu thu không lên hình', inspectedAt: at });

      expect(res.status).to.equal(200);
      expect(res.body).to.include({
        status: 'inspected',
        result: 'not_working',
        notes: 'Đầu thu không lên hình',
        inspectedBy: official.id,
        inspectedAt: at,
        version: 2,
      });
      const stored = await InspectionModel.findById(inspectionId).lean();
      expect(stored).to.include({ status: 'inspected', result: 'not_working', version: 2 });
      const entry = await AuditModel.findOne({
        action: 'inspection.recorded',
        entityId: inspectionId,
      }).lean();
      expect(entry?.before).to.include({ status: 'pending', result: null, version: 1 });
      expect(entry?.after).to.include({ status: 'inspected', result: 'not_working', version: 2 });
      // The audit page names the inspected household and links to it.
      const trail = await request(testApp)
        .get('/api/v1/audit?action=inspection.recorded')
        .set(official.auth)
        .expect(200);
      expect(trail.body.items[0]).to.include({
        subject: stored?.household.fullName,
        householdId: stored?.householdId,
      });
    });

    it('when the same result is recorded again, then it is returned unchanged', async () => {
      const first = await record({ result: 'ok' });

      const again = await record({ result: 'ok' });

      expect(again.status).to.equal(200);
      expect(again.body).to.deep.equal(first.body);
      expect(await AuditModel.countDocuments({ action: 'inspection.recorded' })).to.equal(1);
    });

    it('when another result comes without the current version or with a stale one, then it is 409 with currentVersion', async () => {
      await record({ result: 'ok' });

      const missing = await record({ result: 'receiver_missing' });
      const stale = await record({ result: 'receiver_missing', version: 1 });

      for (const res of [missing, stale]) {
        expect(res.status).to.equal(409);
        expect(res.body.error.code).to.equal('CONFLICT');
        expect(res.body.error.details.currentVersion).to.equal(2);
      }
      expect(await InspectionModel.findById(inspectionId).lean()).to.include({ result: 'ok', version: 2 });
    });

    it('when another result comes with the current version, then it replaces the first', async () => {
      await record({ result: 'ok' });

      const res = await record({ result: 'wrong_household', version: 2 });

      expect(res.status).to.equal(200);
      expect(res.body).to.include({ result: 'wrong_household', version: 3 });
      expect(await AuditModel.countDocuments({ action: 'inspection.recorded' })).to.equal(2);
    });

    it('when the result is unknown or the time is in the future or before the delivery, then it is 400', async () => {
      const bad = await record({ result: 'broken' });
      const future = await record({
        result: 'ok',
        inspectedAt: new Date(Date.now() + 86_400_000).toISOString(),
      });
      const beforeDelivery = await record({
        result: 'ok',
        inspectedAt: new Date(Date.now() - 86_400_000).toISOString(),
      });

      expect(bad.status).to.equal(400);
      expect(bad.body.error.code).to.equal('VALIDATION_FAILED');
      expect(future.status).to.equal(400);
      expect(beforeDelivery.status).to.equal(400);
      expect(await InspectionModel.findById(inspectionId).lean()).to.include({ status: 'pending' });
    });

    it('when an official of another province records, then it is 404; commune staff 403', async () => {
      const hanoi = await givenUser('official', '01');
      const staff = await givenUser('commune_staff', '07888');

      expect((await record({ result: 'ok' }, hanoi)).status).to.equal(404);
      expect((await record({ result: 'ok' }, staff)).status).to.equal(403);
    });
  });

  describe('GET /api/v1/inspections and /summary', () => {
    it('when listed, then filters by status and result apply and another province sees nothing', async () => {
      const sample = await draw({ areaCode: '25', seed: 'l', size: 4 });
      const list = await request(testApp).get(API).query({ sampleId: sample.body.id }).set(official.auth);
      await request(testApp)
        .post(`${API}/${list.body.items[0].id}/result`)
        .set(official.auth)
        .send({ result: 'ok' })
        .expect(200);
      const hanoi = await givenUser('official', '01');

      const pending = await request(testApp).get(API).query({ status: 'pending' }).set(official.auth);
      const ok = await request(testApp).get(API).query({ result: 'ok' }).set(official.auth);
      const theirs = await request(testApp).get(API).set(hanoi.auth);
      const outside = await request(testApp).get(API).query({ areaCode: '25' }).set(hanoi.auth);

      expect(list.body).to.include({ total: 4, page: 1, pageSize: 50 });
      expect(list.body.items.map((i: { order: number }) => i.order)).to.deep.equal([1, 2, 3, 4]);
      expect(pending.body.total).to.equal(3);
      expect(ok.body.total).to.equal(1);
      expect(theirs.body.total).to.equal(0);
      expect(outside.body.total).to.equal(0);
    });

    it('when results are recorded, then the summary per district and per commune equals them', async () => {
      const sample = await draw({ areaCode: '25', seed: 'sum', size: 6 });
      const list = await request(testApp).get(API).query({ sampleId: sample.body.id }).set(official.auth);
      const results = ['ok', 'ok', 'not_working', 'wrong_household'];
      for (const [i, result] of results.entries()) {
        await request(testApp)
          .post(`${API}/${list.body.items[i].id}/result`)
          .set(official.auth)
          .send({ result })
          .expect(200);
      }
      await draw({ areaCode: '07888', seed: 'other', size: 1 }); // a second sample, not in the filtered figures

      const province = await request(testApp)
        .get(`${API}/summary`)
        .query({ areaCode: '25', sampleId: sample.body.id })
        .set(official.auth);
      const district = await request(testApp)
        .get(`${API}/summary`)
        .query({ areaCode: '227', sampleId: sample.body.id })
        .set(official.auth);

      expect(province.status).to.equal(200);
      expect(province.body.rowLevel).to.equal('district');
      expect(province.body.rows.map((r: { areaCode: string }) => r.areaCode)).to.deep.equal(['227', '228']);
      expect(province.body.rows[0]).to.deep.include({
        sampled: 6,
        inspected: 4,
        pending: 2,
        problems: 2,
        problemRate: 0.5,
        results: { ok: 2, not_installed: 0, not_working: 1, wrong_household: 1, receiver_missing: 0 },
      });
      expect(province.body.rows[1]).to.include({ sampled: 0, inspected: 0, problemRate: null });
      expect(province.body.totals).to.deep.include({
        sampled: 6,
        inspected: 4,
        problems: 2,
        problemRate: 0.5,
      });

      expect(district.body.rowLevel).to.equal('commune');
      const stored = await InspectionModel.find({ sampleId: sample.body.id }).lean();
      for (const row of district.body.rows as { areaCode: string; sampled: number; inspected: number }[]) {
        const here = stored.filter((i) => i.area.communeCode === row.areaCode);
        expect(row.sampled).to.equal(here.length);
        expect(row.inspected).to.equal(here.filter((i) => i.result !== null).length);
      }
      expect(district.body.rows.map((r: { areaCode: string }) => r.areaCode)).to.deep.equal([
        '07888',
        '07891',
        '07894',
      ]);
    });

    it('when no sample is named, then every sample in the area counts', async () => {
      await draw({ areaCode: '25', seed: 'a', size: 2 });
      await draw({ areaCode: '07888', seed: 'b', size: 1 });

      const res = await request(testApp).get(`${API}/summary`).set(official.auth).expect(200);

      expect(res.body.area).to.include({ code: '25', level: 'province' });
      expect(res.body.totals).to.include({ sampled: 3, inspected: 0, problemRate: null });
    });

    it('when the area is outside the official’s scope, then it is 404; installers 403; no token 401', async () => {
      const hanoi = await givenUser('official', '01');

      const res = await request(testApp).get(`${API}/summary`).query({ areaCode: '25' }).set(hanoi.auth);

      expect(res.status).to.equal(404);
      await request(testApp).get(`${API}/summary`).set(given.installer.auth).expect(403);
      await request(testApp).get(API).set(given.installer.auth).expect(403);
      await request(testApp).get(`${API}/summary`).expect(401);
    });
  });
});
