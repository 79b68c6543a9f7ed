import { expect } from 'chai';
import request from 'supertest';
import { AuditModel } from '../../src/audit/model';
import { countersOf } from '../../src/households/counters';
import { HouseholdModel } from '../../src/households/model';
import {
  approveHousehold,
  rejectHousehold,
  transition,
  withdrawHousehold,
} from '../../src/households/review';
import type { Household } from '../../src/households/service';
import type { HouseholdAction, HouseholdStatus } from '../../src/households/status';
import { SYSTEM_ACTOR } from '../../src/users/roles';
import { testApp } from '../support/app';
import { useTestDb } from '../support/db';
import { givenAreas, givenHousehold, givenUser, type GivenUser } from '../support/factories';

const API = '/api/v1/households';

const auditsOf = (id: string, action?: string) =>
  AuditModel.find({ entityType: 'household', entityId: id, ...(action ? { action } : {}) })
    .sort({ at: 1, _id: 1 })
    .lean();

async function countsOf(communeCode: string) {
  const [counter] = await countersOf({ communeCode });
  return counter.counts;
}

/** A household of 07888 brought to `status` through the services, as the system actor. */
async function givenHouseholdIn(status: HouseholdStatus): Promise<Household> {
  const h = await givenHousehold('07888');
  const path: Record<HouseholdStatus, HouseholdAction[]> = {
    registered: [],
    approved: ['approve'],
    rejected: ['reject'],
    assigned: ['approve', 'assign'],
    delivered: ['approve', 'assign', 'deliver'],
    withdrawn: ['withdraw'],
  };
  let current = h;
  for (const action of path[status]) current = await transition(h.id, action, SYSTEM_ACTOR);
  return current;
}

describe('household review', () => {
  useTestDb();

  let official: GivenUser;
  let staff: GivenUser;

  beforeEach(async () => {
    await givenAreas();
    official = await givenUser('official', '25');
    staff = await givenUser('commune_staff', '07888');
  });

  describe('POST /api/v1/households/:id/approve', () => {
    it('when an official of the province approves an eligible household, then it is approved, dated, counted and audited', async () => {
      const h = await givenHousehold('07888');
      const started = Date.now();

      const res = await request(testApp).post(`${API}/${h.id}/approve`).set(official.auth).send({});

      expect(res.status).to.equal(200);
      expect(res.body).to.include({ id: h.id, status: 'approved', version: 2, statusReason: null });
      expect(Date.parse(res.body.approvedAt)).to.be.within(started - 1000, Date.now() + 1000);
      const stored = await HouseholdModel.findById(h.id).lean();
      expect(stored).to.include({ status: 'approved', version: 2 });
      expect(stored?.approvedAt).to.be.instanceOf(Date);
      expect(await countsOf('07888')).to.include({ registered: 0, approved: 1 });
      const [entry] = await auditsOf(h.id, 'household.approved');
      expect(entry.actor.id).to.equal(official.id);
      expect(entry.before).to.deep.equal({ status: 'registered', version: 1, statusReason: null });
      expect(entry.after).to.deep.equal({ status: 'approved', version: 2, statusReason: null });
    });

    it('when an official of the district approves, then it is approved too', async () => {
      const h = await givenHousehold('07891');
      const district = await givenUser('official', '227');

      const res = await request(testApp)
        .post(`${API}/${h.id}/approve`)
        .set(district.auth)
        .send({ version: 1 });

      expect(res.status).to.equal(200);
      expect(res.body.status).to.equal('approved');
    });

    it('when the household is not eligible, then it answers 422 naming the reasons and stays registered', async () => {
      const h = await givenHousehold('07888', { hasTv: false, hasDigitalTv: true });

      const res = await request(testApp).post(`${API}/${h.id}/approve`).set(official.auth).send({});
      const en = await request(testApp)
        .post(`${API}/${h.id}/approve`)
        .set(official.auth)
        .set('Accept-Language', 'en')
        .send({});

      expect(res.status).to.equal(422);
      expect(res.body.error.code).to.equal('RULE_VIOLATION');
      expect(res.body.error.details).to.deep.equal({ reasons: ['no_tv', 'has_digital_tv'] });
      expect(res.body.error.message).to.include('hộ không có ti vi').and.include('DVB-T2');
      expect(en.body.error.message).to.include('the household has no TV');
      expect(await HouseholdModel.findById(h.id).lean()).to.include({ status: 'registered', version: 1 });
      expect(await auditsOf(h.id, 'household.approved')).to.have.length(0);
      expect(await countsOf('07888')).to.include({ registered: 1, approved: 0 });
    });

    it('when the commune’s list year was set after registration, then approval judges the list against it', async () => {
      const old = await givenHousehold('07888', { povertyListYear: 2022 });
      const current = await givenHousehold('07888', { povertyListYear: 2024 });
      await request(testApp)
        .put('/api/v1/areas/07888/targets')
        .set(official.auth)
        .send({ poor: 80, nearPoor: 20, listYear: 2024 });

      const refused = await request(testApp).post(`${API}/${old.id}/approve`).set(official.auth).send({});
      const approved = await request(testApp)
        .post(`${API}/${current.id}/approve`)
        .set(official.auth)
        .send({});

      expect(old.eligibility.eligible).to.equal(true);
      expect(refused.status).to.equal(422);
      expect(refused.body.error.details).to.deep.equal({ reasons: ['list_too_old'] });
      expect(await HouseholdModel.findById(old.id).lean()).to.include({ status: 'registered' });
      expect(approved.status).to.equal(200);
      expect(approved.body.eligibility).to.deep.equal({ eligible: true, reasons: [] });
    });

    it('when the household is flagged as a possible duplicate and notDuplicate is not sent, then it answers 422 listing the possible duplicates', async () => {
      const first = await givenHousehold('07888', { village: 'Khu 3', head: { fullName: 'Bùi Thị Mai' } });
      const h = await givenHousehold('07888', { village: 'Khu 3', head: { fullName: 'Bui Thi Mai' } });

      const res = await request(testApp).post(`${API}/${h.id}/approve`).set(official.auth).send({});

      expect(res.status).to.equal(422);
      expect(res.body.error.details).to.deep.equal({
        possibleDuplicates: [{ householdId: first.id, grounds: 'name_village' }],
      });
      expect(await HouseholdModel.findById(h.id).lean()).to.include({
        status: 'registered',
        needsDuplicateReview: true,
      });
    });

    it('when a flagged household is approved with notDuplicate, then it is approved and no longer needs review', async () => {
      await givenHousehold('07888', { village: 'Khu 3', head: { fullName: 'Bùi Thị Mai' } });
      const h = await givenHousehold('07888', { village: 'Khu 3', head: { fullName: 'Bui Thi Mai' } });

      const res = await request(testApp)
        .post(`${API}/${h.id}/approve`)
        .set(official.auth)
        .send({ notDuplicate: true });

      expect(res.status).to.equal(200);
      expect(res.body).to.include({ status: 'approved', needsDuplicateReview: false });
      expect(await HouseholdModel.findById(h.id).lean()).to.include({ needsDuplicateReview: false });
      expect(await auditsOf(h.id, 'household.approved')).to.have.length(1);
    });

    it('when commune staff approve (even their own commune), then it answers 403 FORBIDDEN', async () => {
      const h = await givenHousehold('07888');

      const res = await request(testApp).post(`${API}/${h.id}/approve`).set(staff.auth).send({});

      expect(res.status).to.equal(403);
      expect(res.body.error.code).to.equal('FORBIDDEN');
      expect(await HouseholdModel.findById(h.id).lean()).to.include({ status: 'registered' });
    });

    it('when an official of Hà Nội approves a household of Phú Thọ, then it answers 404 NOT_FOUND', async () => {
      const h = await givenHousehold('07888');
      const hanoi = await givenUser('official', '01');
      const otherDistrict = await givenUser('official', '228');

      const res = await request(testApp).post(`${API}/${h.id}/approve`).set(hanoi.auth).send({});
      const district = await request(testApp).post(`${API}/${h.id}/approve`).set(otherDistrict.auth).send({});

      expect(res.status).to.equal(404);
      expect(res.body.error.code).to.equal('NOT_FOUND');
      expect(district.status).to.equal(404);
      expect(await HouseholdModel.findById(h.id).lean()).to.include({ status: 'registered' });
    });

    it('when the id is malformed or the body is wrong, then it answers 400 VALIDATION_FAILED', async () => {
      const h = await givenHousehold('07888');

      const badId = await request(testApp).post(`${API}/xyz/approve`).set(official.auth).send({});
      const badBody = await request(testApp)
        .post(`${API}/${h.id}/approve`)
        .set(official.auth)
        .send({ version: 0, notDuplicate: 'perhaps' });

      expect(badId.status).to.equal(400);
      expect(badBody.status).to.equal(400);
      expect(badBody.body.error.details.map((d: { path: string }) => d.path)).to.have.members([
        'version',
        'notDuplicate',
      ]);
    });

    it('when no token is sent, then it answers 401', async () => {
      const h = await givenHousehold('07888');

      const res = await request(testApp).post(`${API}/${h.id}/approve`).send({});

      expect(res.status).to.equal(401);
    });

    it('when the version sent is stale, then it answers 409 with details.currentVersion', async () => {
      const h = await givenHousehold('07888');
      await request(testApp).patch(`${API}/${h.id}`).set(staff.auth).send({ version: 1, memberCount: 6 });

      const res = await request(testApp)
        .post(`${API}/${h.id}/approve`)
        .set(official.auth)
        .send({ version: 1 });

      expect(res.status).to.equal(409);
      expect(res.body.error.code).to.equal('CONFLICT');
      expect(res.body.error.details).to.deep.equal({ currentVersion: 2 });
      expect(await HouseholdModel.findById(h.id).lean()).to.include({ status: 'registered', version: 2 });
    });

    it('when 10 approvals of the same household race, then exactly one answers 200 and it is counted once', async () => {
      const h = await givenHousehold('07888');

      const responses = await Promise.all(
        Array.from({ length: 10 }, () =>
          request(testApp).post(`${API}/${h.id}/approve`).set(official.auth).send({}),
        ),
      );

      expect(responses.filter((r) => r.status === 200)).to.have.length(1);
      for (const r of responses.filter((x) => x.status !== 200)) {
        expect(r.status).to.be.oneOf([409, 422]);
      }
      expect(await HouseholdModel.findById(h.id).lean()).to.include({ status: 'approved', version: 2 });
      expect(await auditsOf(h.id, 'household.approved')).to.have.length(1);
      expect(await countsOf('07888')).to.include({ registered: 0, approved: 1 });
    });
  });

  describe('POST /api/v1/households/:id/reject', () => {
    it('when an official rejects with a reason, then it is rejected with the reason, counted and audited', async () => {
      const h = await givenHousehold('07888');

      const res = await request(testApp)
        .post(`${API}/${h.id}/reject`)
        .set(official.auth)
        .send({ reason: 'Không có tên trong danh sách hộ nghèo' });

      expect(res.status).to.equal(200);
      expect(res.body).to.include({
        status: 'rejected',
        statusReason: 'Không có tên trong danh sách hộ nghèo',
        version: 2,
        approvedAt: null,
      });
      expect(res.body.eligibility).to.deep.equal({ eligible: true, reasons: [] });
      expect(await HouseholdModel.findById(h.id).lean()).to.include({
        status: 'rejected',
        isDuplicate: false,
      });
      expect(await countsOf('07888')).to.include({ registered: 0, rejected: 1 });
      const [entry] = await auditsOf(h.id, 'household.rejected');
      expect(entry.after).to.deep.include({
        status: 'rejected',
        statusReason: 'Không có tên trong danh sách hộ nghèo',
      });
    });

    it('when an official rejects it as a duplicate of another household, then the link and the duplicate reason are stored', async () => {
      const original = await givenHousehold('07888', { village: 'Khu 3', head: { fullName: 'Bùi Thị Mai' } });
      const h = await givenHousehold('07888', { village: 'Khu 3', head: { fullName: 'Bui Thi Mai' } });

      const res = await request(testApp)
        .post(`${API}/${h.id}/reject`)
        .set(official.auth)
        .send({ reason: 'Trùng hộ', duplicateOf: original.id });

      expect(res.status).to.equal(200);
      expect(res.body.statusReason).to.equal(`Trùng hộ (duplicate of ${original.id})`);
      expect(res.body.eligibility).to.deep.equal({ eligible: false, reasons: ['duplicate'] });
      expect(res.body.needsDuplicateReview).to.equal(false);
      expect(await HouseholdModel.findById(h.id).lean()).to.include({
        isDuplicate: true,
        status: 'rejected',
      });
    });

    it('when duplicateOf is the household itself, then it answers 422', async () => {
      const h = await givenHousehold('07888');

      const res = await request(testApp)
        .post(`${API}/${h.id}/reject`)
        .set(official.auth)
        .send({ reason: 'Trùng hộ', duplicateOf: h.id });

      expect(res.status).to.equal(422);
      expect(await HouseholdModel.findById(h.id).lean()).to.include({ status: 'registered' });
    });

    it('when duplicateOf names no household in the official’s area, then it answers 400 at duplicateOf', async () => {
      const h = await givenHousehold('07888');
      const elsewhere = await givenHousehold('00001');

      const unknown = await request(testApp)
        .post(`${API}/${h.id}/reject`)
        .set(official.auth)
        .send({ reason: 'Trùng hộ', duplicateOf: '0123456789abcdef01234567' });
      const outside = await request(testApp)
        .post(`${API}/${h.id}/reject`)
        .set(official.auth)
        .send({ reason: 'Trùng hộ', duplicateOf: elsewhere.id });

      for (const res of [unknown, outside]) {
        expect(res.status).to.equal(400);
        expect(res.body.error.details[0].path).to.equal('duplicateOf');
      }
      expect(await HouseholdModel.findById(h.id).lean()).to.include({ status: 'registered' });
    });

    it('when the reason is missing, then it answers 400 VALIDATION_FAILED at reason', async () => {
      const h = await givenHousehold('07888');

      const res = await request(testApp).post(`${API}/${h.id}/reject`).set(official.auth).send({});

      expect(res.status).to.equal(400);
      expect(res.body.error.details[0].path).to.equal('reason');
    });

    it('when commune staff reject, then it answers 403; an official elsewhere 404', async () => {
      const h = await givenHousehold('07888');

      const staffRes = await request(testApp)
        .post(`${API}/${h.id}/reject`)
        .set(staff.auth)
        .send({ reason: 'Sai thông tin' });
      const hanoi = await request(testApp)
        .post(`${API}/${h.id}/reject`)
        .set((await givenUser('official', '01')).auth)
        .send({ reason: 'Sai thông tin' });

      expect(staffRes.status).to.equal(403);
      expect(hanoi.status).to.equal(404);
      expect(await HouseholdModel.findById(h.id).lean()).to.include({ status: 'registered' });
    });
  });

  describe('POST /api/v1/households/:id/reopen', () => {
    it('when an official reopens a rejected household, then it is registered again, counted and audited', async () => {
      const h = await givenHouseholdIn('rejected');

      const res = await request(testApp)
        .post(`${API}/${h.id}/reopen`)
        .set(official.auth)
        .send({ version: 2 });

      expect(res.status).to.equal(200);
      expect(res.body).to.include({ status: 'registered', statusReason: null, version: 3 });
      expect(await countsOf('07888')).to.include({ registered: 1, rejected: 0 });
      expect(await auditsOf(h.id, 'household.reopened')).to.have.length(1);
    });

    it('when a household rejected as a duplicate is reopened, then the duplicate reason is cleared and it needs duplicate review again', async () => {
      const original = await givenHousehold('07888');
      const h = await givenHousehold('07888');
      await rejectHousehold(h.id, { reason: 'Trùng hộ', duplicateOf: original.id }, SYSTEM_ACTOR);

      const reopened = await request(testApp).post(`${API}/${h.id}/reopen`).set(official.auth).send({});
      const approve = await request(testApp).post(`${API}/${h.id}/approve`).set(official.auth).send({});

      expect(reopened.status).to.equal(200);
      expect(reopened.body.eligibility).to.deep.equal({ eligible: true, reasons: [] });
      expect(reopened.body.needsDuplicateReview).to.equal(true);
      expect(await HouseholdModel.findById(h.id).lean()).to.include({ isDuplicate: false });
      expect(approve.status).to.equal(422);
    });

    it('when the household is outside the official’s area, unknown or malformed, then it answers 404 or 400; without a token 401', async () => {
      const h = await givenHouseholdIn('rejected');

      const hanoi = await request(testApp)
        .post(`${API}/${h.id}/reopen`)
        .set((await givenUser('official', '01')).auth)
        .send({});
      const unknown = await request(testApp)
        .post(`${API}/0123456789abcdef01234567/reopen`)
        .set(official.auth)
        .send({});
      const malformed = await request(testApp).post(`${API}/12/reopen`).set(official.auth).send({});
      const anonymous = await request(testApp).post(`${API}/${h.id}/reopen`).send({});

      expect(hanoi.status).to.equal(404);
      expect(unknown.status).to.equal(404);
      expect(malformed.status).to.equal(400);
      expect(anonymous.status).to.equal(401);
      expect(await HouseholdModel.findById(h.id).lean()).to.include({ status: 'rejected', version: 2 });
    });

    it('when the version sent is stale, then it answers 409 with details.currentVersion', async () => {
      const h = await givenHouseholdIn('rejected');

      const res = await request(testApp)
        .post(`${API}/${h.id}/reopen`)
        .set(official.auth)
        .send({ version: 1 });

      expect(res.status).to.equal(409);
      expect(res.body.error.details).to.deep.equal({ currentVersion: 2 });
    });

    it('when commune staff reopen, then it answers 403', async () => {
      const h = await givenHouseholdIn('rejected');

      const res = await request(testApp).post(`${API}/${h.id}/reopen`).set(staff.auth).send({});

      expect(res.status).to.equal(403);
      expect(await HouseholdModel.findById(h.id).lean()).to.include({ status: 'rejected' });
    });
  });

  describe('POST /api/v1/households/:id/withdraw', () => {
    it('when commune staff withdraw a household of their own commune, then it is withdrawn with the reason, counted and audited', async () => {
      const h = await givenHousehold('07888');

      const res = await request(testApp)
        .post(`${API}/${h.id}/withdraw`)
        .set(staff.auth)
        .send({ reason: 'Chủ hộ đã chuyển đi nơi khác' });

      expect(res.status).to.equal(200);
      expect(res.body).to.include({ status: 'withdrawn', statusReason: 'Chủ hộ đã chuyển đi nơi khác' });
      expect(await countsOf('07888')).to.include({ registered: 0, withdrawn: 1 });
      const [entry] = await auditsOf(h.id, 'household.withdrawn');
      expect(entry.actor.id).to.equal(staff.id);
      expect(entry.before).to.deep.include({ status: 'registered' });
    });

    it('when an official withdraws an approved household, then it is withdrawn and the counters move from approved', async () => {
      const h = await givenHouseholdIn('approved');

      const res = await request(testApp)
        .post(`${API}/${h.id}/withdraw`)
        .set(official.auth)
        .send({ reason: 'Chủ hộ đã mất', version: 2 });

      expect(res.status).to.equal(200);
      expect(res.body.status).to.equal('withdrawn');
      expect(await countsOf('07888')).to.include({ approved: 0, withdrawn: 1 });
    });

    it('when commune staff of another commune withdraw it, then it answers 404; an installer 403', async () => {
      const h = await givenHousehold('07888');
      const neighbour = await givenUser('commune_staff', '07891');
      const installer = await givenUser('installer', '25');

      const res = await request(testApp)
        .post(`${API}/${h.id}/withdraw`)
        .set(neighbour.auth)
        .send({ reason: 'Chuyển đi' });
      const inst = await request(testApp)
        .post(`${API}/${h.id}/withdraw`)
        .set(installer.auth)
        .send({ reason: 'Chuyển đi' });

      expect(res.status).to.equal(404);
      expect(inst.status).to.equal(403);
      expect(await HouseholdModel.findById(h.id).lean()).to.include({ status: 'registered' });
    });

    it('when the household is assigned to a batch, then it answers 422 (it leaves through its delivery)', async () => {
      const h = await givenHouseholdIn('assigned');

      const res = await request(testApp)
        .post(`${API}/${h.id}/withdraw`)
        .set(official.auth)
        .send({ reason: 'Chuyển đi' });

      expect(res.status).to.equal(422);
      expect(await HouseholdModel.findById(h.id).lean()).to.include({ status: 'assigned' });
    });

    it('when the reason is too short, then it answers 400', async () => {
      const h = await givenHousehold('07888');

      const res = await request(testApp)
        .post(`${API}/${h.id}/withdraw`)
        .set(staff.auth)
        .send({ reason: 'x' });

      expect(res.status).to.equal(400);
      expect(res.body.error.details[0].path).to.equal('reason');
    });
  });

  describe('forbidden transitions over HTTP', () => {
    const forbidden: [HouseholdStatus, 'approve' | 'reject' | 'withdraw' | 'reopen'][] = [
      ['approved', 'approve'],
      ['approved', 'reject'],
      ['approved', 'reopen'],
      ['registered', 'reopen'],
      ['rejected', 'approve'],
      ['rejected', 'reject'],
      ['rejected', 'withdraw'],
      ['assigned', 'approve'],
      ['assigned', 'reject'],
      ['assigned', 'reopen'],
      ['delivered', 'approve'],
      ['delivered', 'reject'],
      ['delivered', 'withdraw'],
      ['delivered', 'reopen'],
      ['withdrawn', 'approve'],
      ['withdrawn', 'reject'],
      ['withdrawn', 'withdraw'],
      ['withdrawn', 'reopen'],
    ];
    for (const [status, action] of forbidden) {
      it(`when an official asks to ${action} a ${status} household, then it answers 422 and nothing changes`, async () => {
        const h = await givenHouseholdIn(status);
        const auditsBefore = (await auditsOf(h.id)).length;
        const countsBefore = await countsOf('07888');

        const res = await request(testApp)
          .post(`${API}/${h.id}/${action}`)
          .set(official.auth)
          .send(action === 'reject' || action === 'withdraw' ? { reason: 'Kiểm tra lại' } : {});

        expect(res.status).to.equal(422);
        expect(res.body.error.code).to.equal('RULE_VIOLATION');
        expect(res.body.error.details).to.deep.equal({ status, action });
        expect(await HouseholdModel.findById(h.id).lean()).to.include({ status, version: h.version });
        expect(await auditsOf(h.id)).to.have.length(auditsBefore);
        expect(await countsOf('07888')).to.deep.equal(countsBefore);
      });
    }
  });

  it('when review steps follow each other through the services, then the audit trail has one entry per change', async () => {
    const h = await givenHousehold('07888');

    await rejectHousehold(h.id, { reason: 'Sai số CCCD' }, SYSTEM_ACTOR);
    await transition(h.id, 'reopen', SYSTEM_ACTOR);
    await approveHousehold(h.id, {}, SYSTEM_ACTOR);
    await withdrawHousehold(h.id, { reason: 'Chủ hộ đã chuyển đi' }, SYSTEM_ACTOR);

    const actions = (await auditsOf(h.id)).map((e) => e.action);
    expect(actions).to.deep.equal([
      'household.registered',
      'household.rejected',
      'household.reopened',
      'household.approved',
      'household.withdrawn',
    ]);
    expect(await countsOf('07888')).to.include({ registered: 0, rejected: 0, approved: 0, withdrawn: 1 });
  });
});
