import { expect } from 'chai';
import request from 'supertest';
import { AuditModel } from '../../src/audit/model';
import { countersOf } from '../../src/households/counters';
import { HouseholdModel } from '../../src/households/model';
import { approveHousehold, transition } from '../../src/households/review';
import { SYSTEM_ACTOR } from '../../src/users/roles';
import { actorForToken } from '../../src/users/sign-in';
import { testApp } from '../support/app';
import { useTestDb } from '../support/db';
import { givenAreas, givenHousehold, givenUser, type GivenUser } from '../support/factories';

const API = '/api/v1/households';

let ids = 0;
/** 12 digits, starting with 1 so they never meet the factory's (which start with 0). */
const newNationalId = () =>
  `1${String(process.pid % 100_000).padStart(5, '0')}${String(++ids).padStart(6, '0')}`;

type Body = Record<string, unknown> & { head?: Record<string, unknown> };

function householdBody(overrides: Body = {}): Body {
  const { head, ...rest } = overrides;
  return {
    communeCode: '07888',
    village: 'Khu 3',
    head: {
      fullName: 'Nguyễn Thị Hoà',
      nationalId: newNationalId(),
      birthYear: 1958,
      gender: 'female',
      ...head,
    },
    phone: '+84 912 345 678',
    povertyStatus: 'poor',
    povertyCertificateNo: 'PT-2024-0012',
    povertyListYear: 2024,
    memberCount: 4,
    hasTv: true,
    hasPaidTv: false,
    hasDigitalTv: false,
    notes: 'Nhà cạnh trạm y tế',
    ...rest,
  };
}

const auditsOf = (id: string, action?: string) =>
  AuditModel.find({ entityType: 'household', entityId: id, ...(action ? { action } : {}) })
    .sort({ at: 1, _id: 1 })
    .lean();

describe('households', () => {
  useTestDb();

  let staff: GivenUser;

  beforeEach(async () => {
    await givenAreas();
    staff = await givenUser('commune_staff', '07888');
  });

  describe('POST /api/v1/households', () => {
    it('when commune staff register a household, then it is stored NFC with folded forms, a normalised phone and its eligibility', async () => {
      const body = householdBody({
        village: 'Khu  Đồng Sơn'.normalize('NFD'),
        head: { fullName: 'Nguyễn  Thị Hoà'.normalize('NFD') },
      });

      const res = await request(testApp).post(API).set(staff.auth).send(body);

      expect(res.status).to.equal(201);
      expect(res.body).to.deep.include({
        area: { provinceCode: '25', districtCode: '227', communeCode: '07888' },
        village: 'Khu Đồng Sơn',
        address: null,
        phone: '0912345678',
        povertyStatus: 'poor',
        povertyCertificateNo: 'PT-2024-0012',
        povertyListYear: 2024,
        memberCount: 4,
        hasTv: true,
        hasPaidTv: false,
        hasDigitalTv: false,
        receiverType: 'dvb-t2',
        notes: 'Nhà cạnh trạm y tế',
        status: 'registered',
        statusReason: null,
        eligibility: { eligible: true, reasons: [] },
        possibleDuplicates: [],
        needsDuplicateReview: false,
        approvedAt: null,
        version: 1,
        createdBy: staff.id,
      });
      expect(res.body.head).to.deep.equal({
        fullName: 'Nguyễn Thị Hoà'.normalize('NFC'),
        nationalId: (body.head as { nationalId: string }).nationalId,
        birthYear: 1958,
        gender: 'female',
      });
      expect(res.body.id).to.match(/^[0-9a-f]{24}$/);
      expect(res.body).not.to.have.any.keys('_id', '__v', 'villageFolded');
      const stored = await HouseholdModel.findById(res.body.id).lean();
      expect(stored?.head.fullName).to.equal('Nguyễn Thị Hoà'.normalize('NFC'));
      expect(stored?.head.fullNameFolded).to.equal('nguyen thi hoa');
      expect(stored?.village).to.equal('Khu Đồng Sơn'.normalize('NFC'));
      expect(stored?.villageFolded).to.equal('khu dong son');
      expect(stored?.phone).to.equal('0912345678');
      expect(stored?.eligibility).to.deep.equal({ eligible: true, reasons: [] });
      const [entry] = await auditsOf(res.body.id);
      expect(entry).to.deep.include({
        action: 'household.registered',
        entityType: 'household',
        before: null,
      });
      expect(entry.actor).to.deep.equal({ id: staff.id, username: staff.username, role: 'commune_staff' });
      expect(entry.area).to.deep.equal({ provinceCode: '25', districtCode: '227', communeCode: '07888' });
      expect((entry.after as { status: string; phone: string }).phone).to.equal('0912345678');
    });

    it('when the phone is a landline, then it is accepted and stored as digits', async () => {
      const res = await request(testApp)
        .post(API)
        .set(staff.auth)
        .send(householdBody({ phone: '0210 3845 678' }));

      expect(res.status).to.equal(201);
      expect(res.body.phone).to.equal('02103845678');
      expect((await HouseholdModel.findById(res.body.id).lean())?.phone).to.equal('02103845678');
    });

    it('when optional text is sent empty, then it is stored as null', async () => {
      const body = householdBody({ phone: '', address: '', notes: '', povertyCertificateNo: '' });

      const res = await request(testApp).post(API).set(staff.auth).send(body);

      expect(res.status).to.equal(201);
      expect(res.body).to.include({ phone: null, address: null, notes: null, povertyCertificateNo: null });
      const stored = await HouseholdModel.findById(res.body.id).lean();
      expect(stored).to.include({ phone: null, address: null, notes: null, povertyCertificateNo: null });
    });

    it('when the commune has a default receiver type in its targets, then a household without one gets it', async () => {
      const official = await givenUser('official', '25');
      const put = await request(testApp)
        .put('/api/v1/areas/07888/targets')
        .set(official.auth)
        .send({ poor: 100, nearPoor: 40, listYear: 2024, defaultReceiverType: 'satellite' });
      expect(put.status).to.equal(200);

      const defaulted = await request(testApp).post(API).set(staff.auth).send(householdBody());
      const explicit = await request(testApp)
        .post(API)
        .set(staff.auth)
        .send(householdBody({ receiverType: 'dvb-t2', head: { fullName: 'Trần Văn Bình' }, phone: null }));

      expect(defaulted.status).to.equal(201);
      expect(defaulted.body.receiverType).to.equal('satellite');
      expect(explicit.status).to.equal(201);
      expect(explicit.body.receiverType).to.equal('dvb-t2');
      expect((await HouseholdModel.findById(defaulted.body.id).lean())?.receiverType).to.equal('satellite');
    });

    it('when the poverty list is older than the commune’s list year, then it is registered as not eligible', async () => {
      await request(testApp)
        .put('/api/v1/areas/07888/targets')
        .set((await givenUser('official', '25')).auth)
        .send({ poor: 100, nearPoor: 40, listYear: 2024 });

      const old = await request(testApp)
        .post(API)
        .set(staff.auth)
        .send(householdBody({ povertyListYear: 2023 }));
      const current = await request(testApp)
        .post(API)
        .set(staff.auth)
        .send(householdBody({ povertyListYear: 2024, head: { fullName: 'Lê Văn Cường' }, phone: null }));

      expect(old.status).to.equal(201);
      expect(old.body.eligibility).to.deep.equal({ eligible: false, reasons: ['list_too_old'] });
      expect(current.body.eligibility).to.deep.equal({ eligible: true, reasons: [] });
    });

    it('when the household has no TV, then it is registered (part of the survey) as not eligible with the reason', async () => {
      const res = await request(testApp)
        .post(API)
        .set(staff.auth)
        .send(householdBody({ hasTv: false, hasPaidTv: true }));

      expect(res.status).to.equal(201);
      expect(res.body.status).to.equal('registered');
      expect(res.body.eligibility).to.deep.equal({ eligible: false, reasons: ['no_tv', 'has_paid_tv'] });
      const stored = await HouseholdModel.findById(res.body.id).lean();
      expect(stored?.eligibility.eligible).to.equal(false);
      expect(await auditsOf(res.body.id, 'household.registered')).to.have.length(1);
    });

    const invalid: [string, Body, string, string][] = [
      [
        'an 11-digit CCCD',
        { head: { nationalId: '02512345678' } },
        'head.nationalId',
        'Số CCCD/CMND của chủ hộ: phải có 12 chữ số (CCCD) hoặc 9 chữ số (CMND)',
      ],
      [
        'a phone that is not a number',
        { phone: 'abc' },
        'phone',
        'Số điện thoại: phải có 10 chữ số, bắt đầu bằng 0',
      ],
      [
        'a phone that is neither mobile nor landline',
        { phone: '0110 3845 678' },
        'phone',
        'không phải số điện thoại Việt Nam',
      ],
      ['no village', { village: undefined }, 'village', 'bắt buộc phải nhập'],
      [
        'an unknown povertyStatus',
        { povertyStatus: 'rich' },
        'povertyStatus',
        'phải là một trong các giá trị',
      ],
      [
        'a commune code of 4 digits',
        { communeCode: '7888' },
        'communeCode',
        'Mã xã: phải là mã xã gồm 5 chữ số',
      ],
    ];
    for (const [name, overrides, path, vi] of invalid) {
      it(`when the body has ${name}, then it answers 400 VALIDATION_FAILED at ${path} in Vietnamese`, async () => {
        const body = householdBody(overrides);

        const res = await request(testApp).post(API).set(staff.auth).send(body);

        expect(res.status).to.equal(400);
        expect(res.body.error.code).to.equal('VALIDATION_FAILED');
        const problem = (res.body.error.details as { path: string; message: string }[]).find(
          (d) => d.path === path,
        );
        expect(problem, JSON.stringify(res.body.error.details)).to.exist;
        expect(problem?.message).to.include(vi);
        expect(res.body.error.message).to.match(/hợp lệ/);
        expect(await HouseholdModel.countDocuments()).to.equal(0);
        expect(await AuditModel.countDocuments({ entityType: 'household' })).to.equal(0);
      });
    }

    it('when the client prefers English, then the validation messages are English', async () => {
      const res = await request(testApp)
        .post(API)
        .set(staff.auth)
        .set('Accept-Language', 'en')
        .send(householdBody({ phone: '01103845678' }));

      expect(res.status).to.equal(400);
      expect(res.body.error.message).to.equal('Invalid phone number');
      expect(res.body.error.details).to.deep.equal([
        { path: 'phone', message: 'phone: not a Vietnamese mobile or landline number' },
      ]);
    });

    it('when several fields are wrong, then every problem is listed', async () => {
      const body = householdBody({ village: '', povertyStatus: 'x', head: { nationalId: '1' } });

      const res = await request(testApp).post(API).set(staff.auth).send(body);

      expect(res.status).to.equal(400);
      const paths = (res.body.error.details as { path: string }[]).map((d) => d.path);
      expect(paths).to.include.members(['village', 'povertyStatus', 'head.nationalId']);
    });

    it('when staff of another commune register in 07888, then it answers 403 FORBIDDEN', async () => {
      const other = await givenUser('commune_staff', '07891');

      const res = await request(testApp).post(API).set(other.auth).send(householdBody());

      expect(res.status).to.equal(403);
      expect(res.body.error.code).to.equal('FORBIDDEN');
      expect(await HouseholdModel.countDocuments()).to.equal(0);
    });

    it('when an official registers, then it answers 403 FORBIDDEN (officials review, they do not register)', async () => {
      const official = await givenUser('official', '25');

      const res = await request(testApp).post(API).set(official.auth).send(householdBody());

      expect(res.status).to.equal(403);
      expect(res.body.error.code).to.equal('FORBIDDEN');
      expect(await HouseholdModel.countDocuments()).to.equal(0);
    });

    it('when no token is sent, then it answers 401 UNAUTHENTICATED', async () => {
      const res = await request(testApp).post(API).send(householdBody());

      expect(res.status).to.equal(401);
      expect(res.body.error.code).to.equal('UNAUTHENTICATED');
    });

    it('when the commune code is unknown, then it answers 404 NOT_FOUND', async () => {
      const res = await request(testApp)
        .post(API)
        .set(staff.auth)
        .send(householdBody({ communeCode: '07999' }));

      expect(res.status).to.equal(404);
      expect(res.body.error.code).to.equal('NOT_FOUND');
      expect(res.body.error.message).to.include('07999');
      expect(await HouseholdModel.countDocuments()).to.equal(0);
    });

    for (const code of ['25', '227']) {
      it(`when the "commune" is the ${code.length === 2 ? 'province' : 'district'} ${code}, then it answers 422 RULE_VIOLATION`, async () => {
        const res = await request(testApp)
          .post(API)
          .set(staff.auth)
          .send(householdBody({ communeCode: code }));

        expect(res.status).to.equal(422);
        expect(res.body.error.code).to.equal('RULE_VIOLATION');
        expect(res.body.error.details).to.deep.equal({ field: 'communeCode' });
        expect(await HouseholdModel.countDocuments()).to.equal(0);
      });
    }

    it('when the national ID is already registered in another commune, then it answers 409 naming the household and its commune', async () => {
      const first = await givenHousehold('07891', { head: { nationalId: '025158001234' } });

      const res = await request(testApp)
        .post(API)
        .set(staff.auth)
        .send(householdBody({ head: { nationalId: '025158001234' } }));

      expect(res.status).to.equal(409);
      expect(res.body.error.code).to.equal('CONFLICT');
      // Named as a clerk knows a family (head, village, commune), never by its database id.
      expect(res.body.error.message).to.equal(
        `Số CCCD/CMND 025158001234 đã được đăng ký cho hộ của ${first.head.fullName} (${first.village}, Phường Vân Cơ); hãy mở hộ đó thay vì đăng ký lại`,
      );
      expect(res.body.error.message).not.to.include(first.id);
      expect(res.body.error.details).to.deep.equal({
        field: 'head.nationalId',
        existing: {
          householdId: first.id,
          headName: first.head.fullName,
          village: first.village,
          communeCode: '07891',
          communeName: 'Phường Vân Cơ',
        },
      });
      expect(await HouseholdModel.countDocuments()).to.equal(1);
      expect((await countersOf({ communeCode: '07888' }))[0]?.counts.registered ?? 0).to.equal(0);
    });

    it('when 20 registrations of the same national ID race, then exactly one is stored and nineteen answer 409', async () => {
      const body = householdBody({ head: { nationalId: '025158009999' } });

      const responses = await Promise.all(
        Array.from({ length: 20 }, () => request(testApp).post(API).set(staff.auth).send(body)),
      );

      const statuses = responses.map((r) => r.status).sort();
      expect(statuses.filter((s) => s === 201)).to.have.length(1);
      expect(statuses.filter((s) => s === 409)).to.have.length(19);
      const winner = responses.find((r) => r.status === 201)?.body.id;
      for (const r of responses.filter((x) => x.status === 409)) {
        expect(r.body.error.details.existing.householdId).to.equal(winner);
      }
      expect(await HouseholdModel.countDocuments({ 'head.nationalId': '025158009999' })).to.equal(1);
      expect(await AuditModel.countDocuments({ action: 'household.registered' })).to.equal(1);
      const [counter] = await countersOf({ communeCode: '07888' });
      expect(counter.counts.registered).to.equal(1);
    });

    const sameName: [string, string, string][] = [
      ['without diacritics', 'Nguyen Thi Hoa', 'khu 3'],
      ['with the other tone placement', 'Nguyễn Thị Hòa', 'Khu 3'],
      ['in upper case NFD', 'NGUYỄN THỊ HOÀ'.normalize('NFD'), 'KHU 3'],
    ];
    for (const [name, fullName, village] of sameName) {
      it(`when the same head name is registered ${name} in the same village, then it is flagged as a possible duplicate with a link`, async () => {
        const first = await givenHousehold('07888', {
          village: 'Khu 3',
          head: { fullName: 'Nguyễn Thị Hoà' },
        });

        const res = await request(testApp)
          .post(API)
          .set(staff.auth)
          .send(householdBody({ village, phone: null, head: { fullName } }));

        expect(res.status).to.equal(201);
        expect(res.body.possibleDuplicates).to.deep.equal([
          { householdId: first.id, grounds: 'name_village' },
        ]);
        expect(res.body.needsDuplicateReview).to.equal(true);
        expect(res.body.eligibility.eligible).to.equal(true);
        const stored = await HouseholdModel.findById(res.body.id).lean();
        expect(stored?.needsDuplicateReview).to.equal(true);
        expect(stored?.possibleDuplicates).to.deep.equal([
          { householdId: first.id, grounds: 'name_village' },
        ]);
      });
    }

    it('when two registrations of the same name in the same village race, then at least one is flagged linking the other', async () => {
      // Each round races a name of its own, so earlier rounds' households are no candidates.
      for (let round = 0; round < 5; round++) {
        const fullName = `Trịnh Văn Long ${'ABCDE'[round]}`;
        const bodies = [newNationalId(), newNationalId()].map((nationalId) =>
          householdBody({ phone: null, head: { fullName, nationalId } }),
        );
        const [one, two] = await Promise.all(
          bodies.map((b) => request(testApp).post(API).set(staff.auth).send(b)),
        );

        expect([one.status, two.status]).to.deep.equal([201, 201]);
        const links = [
          ...one.body.possibleDuplicates.map((p: { householdId: string }) => p.householdId),
          ...two.body.possibleDuplicates.map((p: { householdId: string }) => p.householdId),
        ];
        expect(links).to.include.oneOf([one.body.id, two.body.id]);
        const stored = await HouseholdModel.find({
          _id: { $in: [one.body.id, two.body.id] },
          needsDuplicateReview: true,
        }).lean();
        expect(stored.length).to.be.at.least(1);
      }
    });

    it('when the same name is in another village or another commune, then it is not flagged', async () => {
      await givenHousehold('07888', { village: 'Khu 4', head: { fullName: 'Nguyễn Thị Hoà' } });
      await givenHousehold('07891', { village: 'Khu 3', head: { fullName: 'Nguyễn Thị Hoà' } });

      const res = await request(testApp)
        .post(API)
        .set(staff.auth)
        .send(householdBody({ village: 'Khu 3', phone: null }));

      expect(res.status).to.equal(201);
      expect(res.body.possibleDuplicates).to.deep.equal([]);
      expect(res.body.needsDuplicateReview).to.equal(false);
    });

    it('when the same phone (written differently) is registered anywhere, then it is flagged on phone grounds', async () => {
      const first = await givenHousehold('07942', { phone: '0912.345.678' });

      const res = await request(testApp)
        .post(API)
        .set(staff.auth)
        .send(householdBody({ phone: '84912345678', head: { fullName: 'Đỗ Văn Em' } }));

      expect(res.status).to.equal(201);
      expect(res.body.possibleDuplicates).to.deep.equal([{ householdId: first.id, grounds: 'phone' }]);
      expect(res.body.needsDuplicateReview).to.equal(true);
    });

    it('when both the name in the village and the phone match one household, then it is linked once', async () => {
      const first = await givenHousehold('07888', {
        village: 'Khu 3',
        phone: '0912345678',
        head: { fullName: 'Nguyễn Thị Hoà' },
      });

      const res = await request(testApp).post(API).set(staff.auth).send(householdBody());

      expect(res.body.possibleDuplicates).to.deep.equal([{ householdId: first.id, grounds: 'name_village' }]);
    });
  });

  describe('PATCH /api/v1/households/:id', () => {
    it('when commune staff edit a registered household at its version, then it is stored, the version moves on and the audit has before and after', async () => {
      const h = await givenHousehold('07888', { memberCount: 3 }, await actorForToken(staff.token));

      const res = await request(testApp)
        .patch(`${API}/${h.id}`)
        .set(staff.auth)
        .send({ version: 1, phone: '+84 988 111 222', memberCount: 5, head: { fullName: 'Phạm Văn Giang' } });

      expect(res.status).to.equal(200);
      expect(res.body).to.include({ id: h.id, version: 2, phone: '0988111222', memberCount: 5 });
      expect(res.body.head).to.include({ fullName: 'Phạm Văn Giang', nationalId: h.head.nationalId });
      const stored = await HouseholdModel.findById(h.id).lean();
      expect(stored).to.include({ version: 2, phone: '0988111222', memberCount: 5 });
      expect(stored?.head.fullNameFolded).to.equal('pham van giang');
      const [entry] = await auditsOf(h.id, 'household.edited');
      expect(entry.actor.id).to.equal(staff.id);
      expect(entry.before).to.include({ version: 1, phone: null, memberCount: 3 });
      expect(entry.after).to.include({ version: 2, phone: '0988111222', memberCount: 5 });
    });

    it('when only the national ID is sent in head, then the rest of the head is kept', async () => {
      const h = await givenHousehold('07888', { head: { fullName: 'Vũ Thị Lan', birthYear: 1970 } });

      const res = await request(testApp)
        .patch(`${API}/${h.id}`)
        .set(staff.auth)
        .send({ version: 1, head: { nationalId: '025170005555' } });

      expect(res.status).to.equal(200);
      expect(res.body.head).to.deep.equal({
        fullName: 'Vũ Thị Lan',
        nationalId: '025170005555',
        birthYear: 1970,
        gender: null,
      });
      expect((await HouseholdModel.findById(h.id).lean())?.head.fullNameFolded).to.equal('vu thi lan');
    });

    it('when the TV facts change, then eligibility is recomputed', async () => {
      const h = await givenHousehold('07888');

      const res = await request(testApp)
        .patch(`${API}/${h.id}`)
        .set(staff.auth)
        .send({ version: 1, hasTv: false });

      expect(res.status).to.equal(200);
      expect(res.body.eligibility).to.deep.equal({ eligible: false, reasons: ['no_tv'] });
      expect((await HouseholdModel.findById(h.id).lean())?.eligibility.reasons).to.deep.equal(['no_tv']);
    });

    it('when the head is renamed to match another household in the village, then it is flagged for duplicate review', async () => {
      const other = await givenHousehold('07888', { village: 'Khu 3', head: { fullName: 'Ngô Văn Hải' } });
      const h = await givenHousehold('07888', { village: 'Khu 3', head: { fullName: 'Ngô Văn Hùng' } });

      const res = await request(testApp)
        .patch(`${API}/${h.id}`)
        .set(staff.auth)
        .send({ version: 1, head: { fullName: 'Ngo Van Hai' } });

      expect(h.needsDuplicateReview).to.equal(false);
      expect(res.status).to.equal(200);
      expect(res.body.possibleDuplicates).to.deep.equal([{ householdId: other.id, grounds: 'name_village' }]);
      expect(res.body.needsDuplicateReview).to.equal(true);
      expect(await HouseholdModel.findById(h.id).lean()).to.include({ needsDuplicateReview: true });
    });

    it('when a flagged household moves to another village, then the flag is lifted', async () => {
      await givenHousehold('07888', { village: 'Khu 3', head: { fullName: 'Ngô Văn Hải' } });
      const h = await givenHousehold('07888', { village: 'Khu 3', head: { fullName: 'Ngo Van Hai' } });

      const res = await request(testApp)
        .patch(`${API}/${h.id}`)
        .set(staff.auth)
        .send({ version: 1, village: 'Khu 5' });

      expect(h.needsDuplicateReview).to.equal(true);
      expect(res.status).to.equal(200);
      expect(res.body).to.include({ village: 'Khu 5', needsDuplicateReview: false });
      expect(res.body.possibleDuplicates).to.deep.equal([]);
    });

    it('when the edit resends the stored values, then nothing is stored and the version stays', async () => {
      const h = await givenHousehold('07888', { memberCount: 3 });

      const res = await request(testApp)
        .patch(`${API}/${h.id}`)
        .set(staff.auth)
        .send({ version: 1, memberCount: 3, village: h.village, head: { fullName: h.head.fullName } });

      expect(res.status).to.equal(200);
      expect(res.body.version).to.equal(1);
      expect(await auditsOf(h.id, 'household.edited')).to.have.length(0);
    });

    it('when the version is stale, then it answers 409 with details.currentVersion and stores nothing', async () => {
      const h = await givenHousehold('07888');
      await request(testApp).patch(`${API}/${h.id}`).set(staff.auth).send({ version: 1, memberCount: 2 });

      const res = await request(testApp)
        .patch(`${API}/${h.id}`)
        .set(staff.auth)
        .send({ version: 1, memberCount: 9 });

      expect(res.status).to.equal(409);
      expect(res.body.error.code).to.equal('CONFLICT');
      expect(res.body.error.details).to.deep.equal({ currentVersion: 2 });
      expect(await HouseholdModel.findById(h.id).lean()).to.include({ version: 2, memberCount: 2 });
      expect(await auditsOf(h.id, 'household.edited')).to.have.length(1);
    });

    for (const n of [2, 10]) {
      it(`when ${n} edits made on the same version race, then exactly one is stored and the others answer 409`, async () => {
        const h = await givenHousehold('07888');

        const responses = await Promise.all(
          Array.from({ length: n }, (_, i) =>
            request(testApp)
              .patch(`${API}/${h.id}`)
              .set(staff.auth)
              .send({ version: 1, memberCount: i + 1 }),
          ),
        );

        const ok = responses.filter((r) => r.status === 200);
        expect(ok).to.have.length(1);
        expect(responses.filter((r) => r.status === 409)).to.have.length(n - 1);
        for (const r of responses.filter((x) => x.status === 409))
          expect(r.body.error.details.currentVersion).to.equal(2);
        const stored = await HouseholdModel.findById(h.id).lean();
        expect(stored).to.include({ version: 2, memberCount: ok[0].body.memberCount });
        expect(await auditsOf(h.id, 'household.edited')).to.have.length(1);
      });
    }

    it('when an approved household’s contact details change, then it is stored', async () => {
      const h = await givenHousehold('07888');
      await approveHousehold(h.id, {}, SYSTEM_ACTOR);

      const res = await request(testApp)
        .patch(`${API}/${h.id}`)
        .set(staff.auth)
        .send({ version: 2, phone: '0977000111', address: 'Số 5, ngõ 12', hasTv: true });

      expect(res.status).to.equal(200);
      expect(res.body).to.include({ status: 'approved', version: 3, phone: '0977000111' });
    });

    it('when hasTv changes on an approved household, then it answers 422 naming the field and stores nothing', async () => {
      const h = await givenHousehold('07888');
      await approveHousehold(h.id, {}, SYSTEM_ACTOR);

      const res = await request(testApp)
        .patch(`${API}/${h.id}`)
        .set(staff.auth)
        .send({ version: 2, hasTv: false, phone: '0977000111' });

      expect(res.status).to.equal(422);
      expect(res.body.error.code).to.equal('RULE_VIOLATION');
      expect(res.body.error.details).to.deep.equal({ status: 'approved', fields: ['hasTv'] });
      expect(await HouseholdModel.findById(h.id).lean()).to.include({ version: 2, hasTv: true, phone: null });
    });

    it('when a delivered household is edited by commune staff, then it answers 422; an admin correction is stored and audited', async () => {
      const h = await givenHousehold('07888');
      for (const action of ['approve', 'assign', 'deliver'] as const)
        await transition(h.id, action, SYSTEM_ACTOR);
      const admin = await givenUser('admin');

      const refused = await request(testApp)
        .patch(`${API}/${h.id}`)
        .set(staff.auth)
        .send({ version: 4, phone: '0977000111' });
      const corrected = await request(testApp)
        .patch(`${API}/${h.id}`)
        .set(admin.auth)
        .send({ version: 4, head: { birthYear: 1961 } });

      expect(refused.status).to.equal(422);
      expect(refused.body.error.details.fields).to.deep.equal(['phone']);
      expect(corrected.status).to.equal(200);
      expect(corrected.body).to.include({ status: 'delivered', version: 5 });
      expect(await auditsOf(h.id, 'household.corrected')).to.have.length(1);
    });

    it('when the national ID is changed to one already registered, then it answers 409 naming that household', async () => {
      const other = await givenHousehold('07891', { head: { nationalId: '025160007777' } });
      const h = await givenHousehold('07888');

      const res = await request(testApp)
        .patch(`${API}/${h.id}`)
        .set(staff.auth)
        .send({ version: 1, head: { nationalId: '025160007777' } });

      expect(res.status).to.equal(409);
      expect(res.body.error.details.existing).to.deep.equal({
        householdId: other.id,
        headName: other.head.fullName,
        village: other.village,
        communeCode: '07891',
        communeName: 'Phường Vân Cơ',
      });
      expect((await HouseholdModel.findById(h.id).lean())?.head.nationalId).to.equal(h.head.nationalId);
    });

    const badEdits: [string, Record<string, unknown>, string][] = [
      ['no version', { phone: '0912345678' }, 'version'],
      ['only a version', { version: 1 }, 'value'],
      ['a bad phone', { version: 1, phone: 'abc' }, 'phone'],
    ];
    for (const [name, body, path] of badEdits) {
      it(`when the edit has ${name}, then it answers 400 VALIDATION_FAILED`, async () => {
        const h = await givenHousehold('07888');

        const res = await request(testApp).patch(`${API}/${h.id}`).set(staff.auth).send(body);

        expect(res.status).to.equal(400);
        expect(res.body.error.code).to.equal('VALIDATION_FAILED');
        if (path !== 'value')
          expect(res.body.error.details.map((d: { path: string }) => d.path)).to.include(path);
        expect((await HouseholdModel.findById(h.id).lean())?.version).to.equal(1);
      });
    }

    it('when the household is in another commune, then commune staff get 404 NOT_FOUND (not 403)', async () => {
      const h = await givenHousehold('07891');

      const res = await request(testApp)
        .patch(`${API}/${h.id}`)
        .set(staff.auth)
        .send({ version: 1, memberCount: 2 });

      expect(res.status).to.equal(404);
      expect(res.body.error.code).to.equal('NOT_FOUND');
      expect((await HouseholdModel.findById(h.id).lean())?.version).to.equal(1);
    });

    it('when the id is unknown, then it answers 404 NOT_FOUND', async () => {
      const res = await request(testApp)
        .patch(`${API}/0123456789abcdef01234567`)
        .set(staff.auth)
        .send({ version: 1, memberCount: 2 });

      expect(res.status).to.equal(404);
    });

    it('when an official edits, then it answers 403 FORBIDDEN; without a token 401', async () => {
      const h = await givenHousehold('07888');
      const official = await givenUser('official', '25');

      const forbidden = await request(testApp)
        .patch(`${API}/${h.id}`)
        .set(official.auth)
        .send({ version: 1, memberCount: 2 });
      const anonymous = await request(testApp).patch(`${API}/${h.id}`).send({ version: 1, memberCount: 2 });

      expect(forbidden.status).to.equal(403);
      expect(anonymous.status).to.equal(401);
      expect((await HouseholdModel.findById(h.id).lean())?.version).to.equal(1);
    });
  });

  describe('GET /api/v1/households', () => {
    const list = async (user: GivenUser, query: Record<string, string | number | boolean> = {}) => {
      const res = await request(testApp).get(API).query(query).set(user.auth);
      expect(res.status, JSON.stringify(res.body)).to.equal(200);
      return res.body as { items: { id: string; head: { fullName: string } }[]; total: number };
    };
    const idsOf = (body: { items: { id: string }[] }) => body.items.map((h) => h.id).sort();

    async function givenSpread() {
      return {
        a: await givenHousehold('07888', { village: 'Thôn Đồng Sơn' }),
        b: await givenHousehold('07891'),
        c: await givenHousehold('07942'),
        d: await givenHousehold('00001'),
      };
    }

    it('when users of different areas list, then each sees only the households of their own area', async () => {
      const { a, b, c, d } = await givenSpread();

      const hanoi = await list(await givenUser('official', '01'));
      const phuTho = await list(await givenUser('official', '25'));
      const vietTri = await list(await givenUser('official', '227'));
      const own = await list(staff);
      const admin = await list(await givenUser('admin'));

      expect(idsOf(hanoi)).to.deep.equal([d.id]);
      expect(idsOf(phuTho)).to.deep.equal([a.id, b.id, c.id].sort());
      expect(phuTho.total).to.equal(3);
      expect(idsOf(vietTri)).to.deep.equal([a.id, b.id].sort());
      expect(idsOf(own)).to.deep.equal([a.id]);
      expect(admin.total).to.equal(4);
    });

    it('when filtering by areaCode at province, district and commune level, then only that area is listed, within scope', async () => {
      const { a, b, c } = await givenSpread();
      const official = await givenUser('official', '25');

      const province = await list(official, { areaCode: '25' });
      const district = await list(official, { areaCode: '227' });
      const commune = await list(official, { areaCode: '07942' });
      const elsewhere = await list(official, { areaCode: '01' });
      const staffElsewhere = await list(staff, { areaCode: '07891' });

      expect(idsOf(province)).to.deep.equal([a.id, b.id, c.id].sort());
      expect(idsOf(district)).to.deep.equal([a.id, b.id].sort());
      expect(idsOf(commune)).to.deep.equal([c.id]);
      expect(elsewhere.total).to.equal(0);
      expect(staffElsewhere.total).to.equal(0);
    });

    it('when filtering by status, eligibility and duplicate review, then only matching households are listed', async () => {
      const approved = await givenHousehold('07888');
      await approveHousehold(approved.id, {}, SYSTEM_ACTOR);
      const noTv = await givenHousehold('07888', { hasTv: false });
      const first = await givenHousehold('07888', {
        village: 'Khu 1',
        head: { fullName: 'Hoàng Văn Khánh' },
      });
      const flagged = await givenHousehold('07888', {
        village: 'Khu 1',
        head: { fullName: 'Hoang Van Khanh' },
      });

      const byStatus = await list(staff, { status: 'approved' });
      const notEligible = await list(staff, { eligible: false });
      const review = await list(staff, { needsDuplicateReview: true });
      const registered = await list(staff, { status: 'registered', eligible: true });

      expect(idsOf(byStatus)).to.deep.equal([approved.id]);
      expect(idsOf(notEligible)).to.deep.equal([noTv.id]);
      expect(idsOf(review)).to.deep.equal([flagged.id]);
      expect(idsOf(registered)).to.deep.equal([first.id, flagged.id].sort());
    });

    for (const village of ['Thôn Đồng Sơn', 'thon dong son', 'THÔN ĐỒNG SƠN'.normalize('NFD')]) {
      it(`when filtering by village "${village}", then the village is matched with or without diacritics`, async () => {
        const { a } = await givenSpread();
        await givenHousehold('07888', { village: 'Thôn Đồng Sơn 2' });

        const res = await list(staff, { village });

        expect(idsOf(res)).to.deep.equal([a.id]);
      });
    }

    for (const q of ['nguyen thi hoa', 'Nguyễn Thị Hòa', 'Nguyễn Thị Hoà', 'thi hoa']) {
      it(`when searching q="${q}", then "Nguyễn Thị Hoà" and "Nguyễn Thị Hòa" are both found`, async () => {
        const hoa1 = await givenHousehold('07888', {
          village: 'Khu 1',
          head: { fullName: 'Nguyễn Thị Hoà' },
        });
        const hoa2 = await givenHousehold('07888', {
          village: 'Khu 2',
          head: { fullName: 'Nguyễn Thị Hòa' },
        });
        await givenHousehold('07888', { head: { fullName: 'Nguyễn Thị Hồng' } });

        const res = await list(staff, { q });

        expect(idsOf(res)).to.deep.equal([hoa1.id, hoa2.id].sort());
      });
    }

    it('when searching by the start of a national ID, then households whose ID starts with it are found', async () => {
      const one = await givenHousehold('07888', { head: { nationalId: '025300000001' } });
      const two = await givenHousehold('07888', { head: { nationalId: '025300000002' } });
      await givenHousehold('07888', { head: { nationalId: '026300000003' } });

      const prefix = await list(staff, { q: '0253' });
      const whole = await list(staff, { q: '025300000002' });
      const middle = await list(staff, { q: '3000000' });

      expect(idsOf(prefix)).to.deep.equal([one.id, two.id].sort());
      expect(idsOf(whole)).to.deep.equal([two.id]);
      expect(middle.total).to.equal(0);
    });

    it('when the search holds regex characters, then they match literally', async () => {
      await givenHousehold('07888');

      const res = await list(staff, { q: '.*' });

      expect(res.total).to.equal(0);
    });

    it('when paging, then households come newest first in a stable order with the total', async () => {
      const created = [];
      for (let i = 0; i < 5; i++) created.push(await givenHousehold('07888'));
      const newestFirst = created.map((h) => h.id).reverse();

      const p1 = await list(staff, { pageSize: 2, page: 1 });
      const p2 = await list(staff, { pageSize: 2, page: 2 });
      const p3 = await list(staff, { pageSize: 2, page: 3 });
      const again = await list(staff, { pageSize: 2, page: 1 });

      expect(p1).to.include({ total: 5, page: 1, pageSize: 2 });
      expect([...p1.items, ...p2.items, ...p3.items].map((h) => h.id)).to.deep.equal(newestFirst);
      expect(again.items.map((h) => h.id)).to.deep.equal(p1.items.map((h) => h.id));
    });

    it('when the query is invalid, then it answers 400 VALIDATION_FAILED', async () => {
      const res = await request(testApp).get(API).query({ status: 'lost', pageSize: 0 }).set(staff.auth);

      expect(res.status).to.equal(400);
      expect(res.body.error.details.map((d: { path: string }) => d.path)).to.have.members([
        'status',
        'pageSize',
      ]);
    });

    it('when an installer lists households, then it answers 403; without a token 401', async () => {
      const installer = await givenUser('installer', '25');

      const forbidden = await request(testApp).get(API).set(installer.auth);
      const anonymous = await request(testApp).get(API);

      expect(forbidden.status).to.equal(403);
      expect(anonymous.status).to.equal(401);
    });
  });

  describe('GET /api/v1/households/:id', () => {
    it('when the household is in scope, then it answers it with its status history, oldest first', async () => {
      const h = await givenHousehold('07888', {}, await actorForToken(staff.token));
      const official = await givenUser('official', '25');
      await request(testApp)
        .post(`${API}/${h.id}/reject`)
        .set(official.auth)
        .send({ reason: 'Sai họ tên chủ hộ' });
      await request(testApp).post(`${API}/${h.id}/reopen`).set(official.auth).send({});

      const res = await request(testApp).get(`${API}/${h.id}`).set(official.auth);

      expect(res.status).to.equal(200);
      expect(res.body).to.include({ id: h.id, status: 'registered', version: 3 });
      const history = res.body.history as { action: string; status: string; reason: string | null }[];
      expect(history.map((e) => [e.action, e.status, e.reason])).to.deep.equal([
        ['household.registered', 'registered', null],
        ['household.rejected', 'rejected', 'Sai họ tên chủ hộ'],
        ['household.reopened', 'registered', null],
      ]);
      // The history names each person by full name (a clerk does not know login names).
      expect(res.body.history[0].actor).to.include({
        id: staff.id,
        role: 'commune_staff',
        fullName: staff.fullName,
      });
      expect(res.body.history[1].actor).to.include({ id: official.id, fullName: official.fullName });
    });

    it('when the household is outside the reader’s area, then it answers 404 NOT_FOUND', async () => {
      const h = await givenHousehold('07888');

      const hanoi = await request(testApp)
        .get(`${API}/${h.id}`)
        .set((await givenUser('official', '01')).auth);
      const neighbour = await request(testApp)
        .get(`${API}/${h.id}`)
        .set((await givenUser('commune_staff', '07891')).auth);
      const unknown = await request(testApp).get(`${API}/0123456789abcdef01234567`).set(staff.auth);

      expect(hanoi.status).to.equal(404);
      expect(neighbour.status).to.equal(404);
      expect(unknown.status).to.equal(404);
      expect(hanoi.body.error.code).to.equal('NOT_FOUND');
    });

    it('when the id is malformed, then it answers 400 VALIDATION_FAILED', async () => {
      const res = await request(testApp).get(`${API}/not-an-id`).set(staff.auth);

      expect(res.status).to.equal(400);
      expect(res.body.error.details[0].path).to.equal('id');
    });

    it('when an installer or an anonymous caller reads it, then it answers 403 or 401', async () => {
      const h = await givenHousehold('07888');

      const installer = await request(testApp)
        .get(`${API}/${h.id}`)
        .set((await givenUser('installer', '25')).auth);
      const anonymous = await request(testApp).get(`${API}/${h.id}`);

      expect(installer.status).to.equal(403);
      expect(anonymous.status).to.equal(401);
    });
  });
});
