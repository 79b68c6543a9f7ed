import { expect } from 'chai';
import request from 'supertest';
import { AuditModel } from '../../src/audit/model';
import { countersOf } from '../../src/households/counters';
import { HouseholdModel } from '../../src/households/model';
import { testApp } from '../support/app';
import { useTestDb } from '../support/db';
import { givenAreas, givenHousehold, givenUser, type GivenUser } from '../support/factories';
import { finishedJob } from '../support/jobs';

const API = '/api/v1/households';

interface Item {
  id: string;
  communeName: string | null;
  head: { fullName: string };
  eligibilityReasons: { code: string; vi: string; en: string }[];
  duplicate: { flagged: boolean; householdIds: string[] };
}

const idsOf = (body: { items: Item[] }) => body.items.map((i) => i.id);

/** Two households of 07888 that flag each other: same head name in the same village. */
async function givenPossibleDuplicates() {
  const first = await givenHousehold('07888', { head: { fullName: 'Trần Văn Bình', birthYear: 1960 } });
  const second = await givenHousehold('07888', {
    head: { fullName: 'Tran Van Binh', birthYear: 1961 },
    memberCount: 3,
  });
  return { first, second };
}

describe('the official’s review queue', () => {
  useTestDb();

  let official: GivenUser;
  let otherProvince: GivenUser;

  beforeEach(async () => {
    await givenAreas();
    official = await givenUser('official', '25');
    otherProvince = await givenUser('official', '01');
  });

  describe('GET /api/v1/households (review queue)', () => {
    it('when registered households are listed without a sort, then the oldest comes first; -createdAt turns it round', async () => {
      const a = await givenHousehold('07888');
      const b = await givenHousehold('07891');
      const c = await givenHousehold('07942');

      const queue = await request(testApp).get(API).query({ status: 'registered' }).set(official.auth);
      const newest = await request(testApp)
        .get(API)
        .query({ status: 'registered', sort: '-createdAt' })
        .set(official.auth);

      expect(queue.status).to.equal(200);
      expect(idsOf(queue.body)).to.deep.equal([a.id, b.id, c.id]);
      expect(idsOf(newest.body)).to.deep.equal([c.id, b.id, a.id]);
    });

    it('when sorted by head name, village or commune, then the order follows it across the province', async () => {
      const xuan = await givenHousehold('07891', { head: { fullName: 'Đỗ Thị Xuân' }, village: 'Thôn Bãi' });
      const an = await givenHousehold('07942', { head: { fullName: 'Lê Văn An' }, village: 'Thôn Cả' });
      const binh = await givenHousehold('07888', { head: { fullName: 'Phạm Bình' }, village: 'Thôn Ao' });
      const cuc = await givenHousehold('07888', { head: { fullName: 'Vũ Cúc' }, village: 'Thôn Ao' });
      const dung = await givenHousehold('07888', { head: { fullName: 'Hà Dũng' }, village: 'Khu A' });

      const byName = await request(testApp).get(API).query({ sort: 'headName' }).set(official.auth);
      const byVillage = await request(testApp).get(API).query({ sort: 'village' }).set(official.auth);
      const byCommune = await request(testApp).get(API).query({ sort: 'commune' }).set(official.auth);
      const villageInCommune = await request(testApp)
        .get(API)
        .query({ areaCode: '07888', sort: 'village' })
        .set(official.auth);

      // Folded names: do thi xuan, ha dung, le van an, pham binh, vu cuc.
      expect(idsOf(byName.body)).to.deep.equal([xuan.id, dung.id, an.id, binh.id, cuc.id]);
      expect(idsOf(byVillage.body)).to.deep.equal([dung.id, binh.id, cuc.id, xuan.id, an.id]);
      expect(idsOf(byCommune.body)).to.deep.equal([binh.id, cuc.id, dung.id, xuan.id, an.id]);
      expect(idsOf(villageInCommune.body)).to.deep.equal([dung.id, binh.id, cuc.id]);
    });

    it('when filtered by district, village, eligibility and duplicates, then only the matching households come', async () => {
      const { second } = await givenPossibleDuplicates();
      const paidTv = await givenHousehold('07891', { hasPaidTv: true, hasTv: false });
      const otherDistrict = await givenHousehold('07942', { village: 'Thôn Đồng Sơn' });
      const otherVillage = await givenHousehold('07891', { village: 'Thôn Hạ' });

      const district = await request(testApp).get(API).query({ areaCode: '227' }).set(official.auth);
      const village = await request(testApp)
        .get(API)
        .query({ areaCode: '07891', village: 'thon ha' })
        .set(official.auth);
      const ineligible = await request(testApp).get(API).query({ eligible: false }).set(official.auth);
      const flagged = await request(testApp).get(API).query({ duplicate: true }).set(official.auth);

      expect(idsOf(district.body)).to.not.include(otherDistrict.id);
      expect(district.body.total).to.equal(4);
      expect(idsOf(village.body)).to.deep.equal([otherVillage.id]);
      expect(idsOf(ineligible.body)).to.deep.equal([paidTv.id]);
      expect(ineligible.body.items[0].eligibilityReasons).to.deep.equal([
        { code: 'no_tv', vi: 'hộ không có ti vi', en: 'the household has no TV' },
        {
          code: 'has_paid_tv',
          vi: 'hộ đang dùng truyền hình trả tiền',
          en: 'the household pays for cable, satellite or IPTV',
        },
      ]);
      expect(ineligible.body.items[0].communeName).to.equal('Phường Vân Cơ');
      expect(idsOf(flagged.body)).to.deep.equal([second.id]);
    });

    it('when an item is a flagged possible duplicate, then it names the other household; an unflagged one has no ids', async () => {
      const { first, second } = await givenPossibleDuplicates();

      const res = await request(testApp).get(API).query({ status: 'registered' }).set(official.auth);

      const [a, b] = res.body.items as Item[];
      expect(a.id).to.equal(first.id);
      expect(b.id).to.equal(second.id);
      expect(a.duplicate).to.deep.equal({ flagged: false, householdIds: [] });
      expect(b.duplicate).to.deep.equal({ flagged: true, householdIds: [first.id] });
      expect(a.communeName).to.equal('Phường Dữu Lâu');
    });

    it('when an official asks for another province or an unknown sort, then the list is empty or 400', async () => {
      await givenHousehold('07888');

      const outside = await request(testApp).get(API).query({ areaCode: '25' }).set(otherProvince.auth);
      const badSort = await request(testApp).get(API).query({ sort: 'nationalId' }).set(official.auth);

      expect(outside.status).to.equal(200);
      expect(outside.body.total).to.equal(0);
      expect(badSort.status).to.equal(400);
      expect(badSort.body.error.details[0].path).to.equal('sort');
    });
  });

  describe('GET /api/v1/households/:id/duplicates', () => {
    it('when a flagged household is opened, then both records come side by side with the fields that differ', async () => {
      const { first, second } = await givenPossibleDuplicates();

      const res = await request(testApp).get(`${API}/${second.id}/duplicates`).set(official.auth);

      expect(res.status).to.equal(200);
      expect(res.body.household.id).to.equal(second.id);
      expect(res.body.household.communeName).to.equal('Phường Dữu Lâu');
      expect(res.body.outOfScope).to.equal(0);
      expect(res.body.duplicates).to.have.length(1);
      const [dup] = res.body.duplicates;
      expect(dup.household.id).to.equal(first.id);
      expect(dup.household.head.fullName).to.equal('Trần Văn Bình');
      expect(dup.grounds).to.equal('name_village');
      expect(dup.differences.map((d: { field: string }) => d.field)).to.deep.equal([
        'head.fullName',
        'head.nationalId',
        'head.birthYear',
        'memberCount',
      ]);
      expect(dup.differences[2]).to.deep.equal({
        field: 'head.birthYear',
        vi: 'Năm sinh của chủ hộ',
        en: "Head's birth year",
      });
    });

    it('when the household is of another province, then it answers 404; commune staff get 403', async () => {
      const { second } = await givenPossibleDuplicates();
      const staff = await givenUser('commune_staff', '07888');

      const outside = await request(testApp).get(`${API}/${second.id}/duplicates`).set(otherProvince.auth);
      const asStaff = await request(testApp).get(`${API}/${second.id}/duplicates`).set(staff.auth);

      expect(outside.status).to.equal(404);
      expect(asStaff.status).to.equal(403);
    });
  });

  describe('POST /api/v1/households/:id/not-duplicate', () => {
    it('when the reviewer clears the flag, then it is stored, audited, and the household approves without notDuplicate', async () => {
      const { second } = await givenPossibleDuplicates();

      const cleared = await request(testApp)
        .post(`${API}/${second.id}/not-duplicate`)
        .set(official.auth)
        .send({ version: 1 });
      const approved = await request(testApp).post(`${API}/${second.id}/approve`).set(official.auth).send({});

      expect(cleared.status).to.equal(200);
      expect(cleared.body).to.include({ needsDuplicateReview: false, version: 2, status: 'registered' });
      expect(cleared.body.eligibility.eligible).to.equal(true);
      const [entry] = await AuditModel.find({
        entityId: second.id,
        action: 'household.duplicate_cleared',
      }).lean();
      expect(entry.actor.id).to.equal(official.id);
      expect(entry.after).to.deep.equal({ needsDuplicateReview: false, version: 2 });
      expect(approved.status).to.equal(200);
      expect(approved.body.status).to.equal('approved');
    });

    it('when the version is stale, then it answers 409 with the current version and keeps the flag', async () => {
      const { second } = await givenPossibleDuplicates();

      const res = await request(testApp)
        .post(`${API}/${second.id}/not-duplicate`)
        .set(official.auth)
        .send({ version: 7 });

      expect(res.status).to.equal(409);
      expect(res.body.error.details.currentVersion).to.equal(1);
      expect((await HouseholdModel.findById(second.id).lean())?.needsDuplicateReview).to.equal(true);
    });

    it('when the household is of another province, then 404; without a version, 400 naming it', async () => {
      const { second } = await givenPossibleDuplicates();

      const outside = await request(testApp)
        .post(`${API}/${second.id}/not-duplicate`)
        .set(otherProvince.auth)
        .send({ version: 1 });
      const noVersion = await request(testApp)
        .post(`${API}/${second.id}/not-duplicate`)
        .set(official.auth)
        .send({});

      expect(outside.status).to.equal(404);
      expect(noVersion.status).to.equal(400);
      expect(noVersion.body.error.details[0].path).to.equal('version');
    });

    it('when not-duplicate and approve race in parallel, then the household is approved once and the counters hold', async () => {
      const { second } = await givenPossibleDuplicates();

      const results = await Promise.all([
        request(testApp).post(`${API}/${second.id}/not-duplicate`).set(official.auth).send({ version: 1 }),
        request(testApp).post(`${API}/${second.id}/not-duplicate`).set(official.auth).send({ version: 1 }),
        request(testApp).post(`${API}/${second.id}/approve`).set(official.auth).send({ notDuplicate: true }),
        request(testApp).post(`${API}/${second.id}/approve`).set(official.auth).send({ notDuplicate: true }),
      ]);

      const approvals = results.slice(2).filter((r) => r.status === 200);
      expect(approvals).to.have.length(1);
      for (const r of results) expect(r.status).to.be.oneOf([200, 409, 422]);
      const stored = await HouseholdModel.findById(second.id).lean();
      expect(stored).to.include({ status: 'approved', needsDuplicateReview: false });
      const [counter] = await countersOf({ communeCode: '07888' });
      expect(counter.counts).to.include({ registered: 1, approved: 1 });
      expect(await AuditModel.countDocuments({ entityId: second.id, action: 'household.approved' })).to.equal(
        1,
      );
    });
  });

  describe('POST /api/v1/households/approve with the list’s filter', () => {
    it('when the filter is a district with a village and duplicate=false, then exactly those are approved and the skipped say why in words', async () => {
      const { first, second } = await givenPossibleDuplicates();
      const ineligible = await givenHousehold('07891', { hasTv: false });
      const otherVillage = await givenHousehold('07891', { village: 'Thôn Hạ' });
      const otherDistrict = await givenHousehold('07942');

      const started = await request(testApp)
        .post(`${API}/approve`)
        .set(official.auth)
        .send({ filter: { areaCode: '227', village: 'Thôn Đồng Sơn' } })
        .expect(202);
      const job = await finishedJob(started.body.id, official.auth);

      const byId = new Map(job.results.map((r: { id: string }) => [r.id, r]));
      expect([...byId.keys()].sort()).to.deep.equal([first.id, second.id, ineligible.id].sort());
      expect(byId.get(first.id)).to.include({ outcome: 'approved' });
      expect(byId.get(second.id)).to.deep.include({ outcome: 'skipped', reason: 'flagged_duplicate' });
      expect((byId.get(second.id) as { message: { vi: string } }).message.vi).to.match(/trùng/);
      expect((byId.get(ineligible.id) as { message: { vi: string } }).message.vi).to.equal(
        'không đủ điều kiện: hộ không có ti vi',
      );
      expect((await HouseholdModel.findById(otherVillage.id).lean())?.status).to.equal('registered');
      expect((await HouseholdModel.findById(otherDistrict.id).lean())?.status).to.equal('registered');
    });

    it('when the filter’s area is another province, then it answers 404; both communeCodes and areaCode, 400', async () => {
      const outside = await request(testApp)
        .post(`${API}/approve`)
        .set(otherProvince.auth)
        .send({ filter: { areaCode: '227' } });
      const both = await request(testApp)
        .post(`${API}/approve`)
        .set(official.auth)
        .send({ filter: { areaCode: '227', communeCodes: ['07888'] } });

      expect(outside.status).to.equal(404);
      expect(both.status).to.equal(400);
    });
  });
});
