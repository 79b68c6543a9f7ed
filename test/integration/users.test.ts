import { expect } from 'chai';
import request from 'supertest';
import { AuditModel } from '../../src/audit/model';
import { SYSTEM_ACTOR } from '../../src/users/roles';
import { verifyPassword } from '../../src/users/passwords';
import * as users from '../../src/users/service';
import { SessionModel } from '../../src/users/session-model';
import { UserModel } from '../../src/users/model';
import { testApp } from '../support/app';
import { useTestDb } from '../support/db';
import { givenAreas, givenUser, type GivenUser } from '../support/factories';

const API = '/api/v1';
const PASSWORD = 'a long enough password';

let seq = 0;
function newUser(role: string, areaCode?: string, extra: Record<string, unknown> = {}) {
  return {
    username: `new-${role.replace('_', '-')}-${++seq}`,
    password: PASSWORD,
    fullName: 'Trần Thị Bình',
    role,
    ...(areaCode ? { areaCode } : {}),
    ...extra,
  };
}

function createUser(actor: GivenUser, body: Record<string, unknown>) {
  return request(testApp).post(`${API}/users`).set(actor.auth).send(body);
}

function patchUser(actor: GivenUser, id: string, body: Record<string, unknown>) {
  return request(testApp).patch(`${API}/users/${id}`).set(actor.auth).send(body);
}

function listUsers(actor: GivenUser, query: Record<string, string> = {}) {
  return request(testApp).get(`${API}/users`).query(query).set(actor.auth);
}

/** No response and no audit entry may ever carry a password hash. */
function expectNoSecrets(body: unknown): void {
  const json = JSON.stringify(body);
  expect(json).not.to.include('passwordHash');
  expect(json).not.to.include('scrypt$');
}

function auditOf(action: string, entityId: string) {
  return AuditModel.find({ action, entityId }).lean();
}

async function createdByService(
  role: 'admin' | 'official' | 'commune_staff' | 'installer',
  areaCode: string | undefined,
  fullName: string,
) {
  return users.createUser(
    { username: `svc-${++seq}`, password: PASSWORD, fullName, role, areaCode },
    SYSTEM_ACTOR,
  );
}

describe('users', () => {
  useTestDb();

  beforeEach(async () => {
    await givenAreas();
  });

  describe('fullNamesOf', () => {
    it('names each distinct user once, and leaves out a deleted account, the system and an id that is no account', async () => {
      const [a, b, gone] = await Promise.all([
        givenUser('installer', '25', { login: false }),
        givenUser('official', '25', { login: false }),
        givenUser('installer', '25', { login: false }),
      ]);
      await UserModel.deleteOne({ _id: gone.id });
      const names = await users.fullNamesOf([a.id, b.id, a.id, gone.id, SYSTEM_ACTOR.id, 'not-an-id']);
      expect([...names.entries()]).to.have.deep.members([
        [a.id, a.fullName],
        [b.id, b.fullName],
      ]);
    });
  });

  describe('POST /users', () => {
    it('when an admin creates a user of each role, then each answers 201, is stored and audited without a password hash', async () => {
      const admin = await givenUser('admin');
      const bodies = [
        newUser('admin'),
        newUser('official', '25'),
        newUser('official', '227'),
        newUser('commune_staff', '07888', { phone: '0912345678' }),
        newUser('installer', '01'),
      ];

      const responses = [];
      for (const body of bodies) responses.push(await createUser(admin, body));

      for (const [i, res] of responses.entries()) {
        expect(res.status, bodies[i].username).to.equal(201);
        expect(res.body).to.include({
          username: bodies[i].username,
          role: bodies[i].role,
          active: true,
          version: 1,
        });
        expect(res.body.scope?.code ?? null).to.equal(bodies[i].areaCode ?? null);
        expectNoSecrets(res.body);
        const stored = await UserModel.findById(res.body.id).lean();
        expect(stored?.username).to.equal(bodies[i].username);
        expect(await verifyPassword(PASSWORD, stored!.passwordHash)).to.equal(true);
        expect(stored?.createdBy).to.equal(admin.id);
        const entries = await auditOf('user.created', res.body.id);
        expect(entries).to.have.length(1);
        expect(entries[0].actor.id).to.equal(admin.id);
        expect(entries[0].after).to.deep.include({ id: res.body.id, role: bodies[i].role });
        expectNoSecrets(entries[0]);
      }
      expect(responses[3].body.phone).to.equal('0912345678');
      expect(responses[3].body.scope).to.deep.equal({
        code: '07888',
        level: 'commune',
        provinceCode: '25',
        districtCode: '227',
        communeCode: '07888',
      });
    });

    it('when a user is created, then they can sign in with the given password', async () => {
      const admin = await givenUser('admin');
      const body = newUser('commune_staff', '07891');
      await createUser(admin, body);

      const res = await request(testApp)
        .post(`${API}/auth/login`)
        .send({ username: body.username, password: PASSWORD });

      expect(res.status).to.equal(200);
      expectNoSecrets(res.body);
    });

    it('when an official of province 25 creates commune staff in 07888, then it answers 201 and is audited with the official as actor', async () => {
      const official = await givenUser('official', '25');

      const res = await createUser(official, newUser('commune_staff', '07888'));

      expect(res.status).to.equal(201);
      expect(res.body.scope).to.include({ code: '07888', provinceCode: '25' });
      expect(await UserModel.countDocuments({ _id: res.body.id })).to.equal(1);
      const [entry] = await auditOf('user.created', res.body.id);
      expect(entry.actor).to.deep.equal({ id: official.id, username: official.username, role: 'official' });
      expect(entry.area).to.include({ provinceCode: '25', districtCode: '227', communeCode: '07888' });
    });

    it('when an official of province 25 creates an official of district 227 (below them), then it answers 201', async () => {
      const official = await givenUser('official', '25');

      const res = await createUser(official, newUser('official', '227'));

      expect(res.status).to.equal(201);
      expect(res.body.scope).to.include({ level: 'district', code: '227' });
      expect(await auditOf('user.created', res.body.id)).to.have.length(1);
    });

    it('when an official of province 25 creates an installer of province 25, then it answers 201', async () => {
      const official = await givenUser('official', '25');

      const res = await createUser(official, newUser('installer', '25'));

      expect(res.status).to.equal(201);
    });

    for (const [what, body] of [
      ['an official at their own province', newUser('official', '25')],
      ['commune staff in province 01', newUser('commune_staff', '00001')],
      ['an official of a district of province 01', newUser('official', '001')],
      ['a nation-wide admin', newUser('admin')],
      ['an admin scoped to their province', newUser('admin', '25')],
    ] as const) {
      it(`when an official of province 25 creates ${what}, then it answers 403 FORBIDDEN and stores nothing`, async () => {
        const official = await givenUser('official', '25');

        const res = await createUser(official, body);

        expect(res.status).to.equal(403);
        expect(res.body.error.code).to.equal('FORBIDDEN');
        expect(await UserModel.countDocuments({ username: body.username })).to.equal(0);
        expect(await AuditModel.countDocuments({ action: 'user.created', 'actor.id': official.id })).to.equal(
          0,
        );
      });
    }

    it('when an official of district 227 creates commune staff in district 228, then it answers 403', async () => {
      const official = await givenUser('official', '227');

      const res = await createUser(official, newUser('commune_staff', '07942'));

      expect(res.status).to.equal(403);
    });

    it('when an official of district 227 creates an installer (province level), then it answers 403', async () => {
      const official = await givenUser('official', '227');

      const res = await createUser(official, newUser('installer', '25'));

      expect(res.status).to.equal(403);
    });

    for (const [role, area] of [
      ['commune_staff', '07888'],
      ['installer', '25'],
    ] as const) {
      it(`when a ${role} calls POST or GET /users, then it answers 403 FORBIDDEN`, async () => {
        const actor = await givenUser(role, area);

        const created = await createUser(actor, newUser('commune_staff', '07888'));
        const listed = await listUsers(actor);

        expect(created.status).to.equal(403);
        expect(created.body.error.code).to.equal('FORBIDDEN');
        expect(listed.status).to.equal(403);
        expect(await UserModel.countDocuments()).to.equal(1);
      });
    }

    it('when no token is sent, then it answers 401', async () => {
      const res = await request(testApp).post(`${API}/users`).send(newUser('commune_staff', '07888'));

      expect(res.status).to.equal(401);
      expect(res.body.error.code).to.equal('UNAUTHENTICATED');
    });

    for (const [role, area, level] of [
      ['commune_staff', '25', 'province'],
      ['commune_staff', '227', 'district'],
      ['official', '07888', 'commune'],
      ['installer', '227', 'district'],
    ] as const) {
      it(`when ${role} is placed at a ${level} code, then it answers 422 RULE_VIOLATION`, async () => {
        const admin = await givenUser('admin');
        const body = newUser(role, area);

        const res = await createUser(admin, body);

        expect(res.status).to.equal(422);
        expect(res.body.error.code).to.equal('RULE_VIOLATION');
        expect(await UserModel.countDocuments({ username: body.username })).to.equal(0);
      });
    }

    it('when a non-admin role is given no areaCode, then it answers 422 RULE_VIOLATION', async () => {
      const admin = await givenUser('admin');

      const res = await createUser(admin, newUser('commune_staff'));

      expect(res.status).to.equal(422);
      expect(res.body.error.code).to.equal('RULE_VIOLATION');
    });

    it('when the areaCode is unknown, then it answers 404 NOT_FOUND', async () => {
      const admin = await givenUser('admin');
      const body = newUser('commune_staff', '99999');

      const res = await createUser(admin, body);

      expect(res.status).to.equal(404);
      expect(res.body.error.code).to.equal('NOT_FOUND');
      expect(await UserModel.countDocuments({ username: body.username })).to.equal(0);
    });

    it('when the username is taken (in any capitalisation), then it answers 409 CONFLICT and keeps the first user', async () => {
      const admin = await givenUser('admin');
      const first = await createUser(admin, newUser('commune_staff', '07888', { username: 'le.van.an' }));

      const res = await createUser(admin, newUser('installer', '25', { username: 'Le.Van.An' }));

      expect(first.status).to.equal(201);
      expect(res.status).to.equal(409);
      expect(res.body.error.code).to.equal('CONFLICT');
      const stored = await UserModel.find({ username: 'le.van.an' }).lean();
      expect(stored).to.have.length(1);
      expect(stored[0].role).to.equal('commune_staff');
      expect(await AuditModel.countDocuments({ action: 'user.created', entityId: first.body.id })).to.equal(
        1,
      );
    });

    it('when the body is malformed, then it answers 400 VALIDATION_FAILED naming every bad field', async () => {
      const admin = await givenUser('admin');

      const res = await createUser(admin, {
        username: 'no spaces allowed',
        password: 'short',
        role: 'boss',
        phone: '12345',
        areaCode: '1234',
      });

      expect(res.status).to.equal(400);
      expect(res.body.error.code).to.equal('VALIDATION_FAILED');
      const paths = (res.body.error.details as { path: string }[]).map((d) => d.path);
      expect(paths).to.have.members(['username', 'password', 'fullName', 'role', 'phone', 'areaCode']);
      expect(await UserModel.countDocuments()).to.equal(1);
    });

    it('when 20 requests create the same username at once, then exactly one answers 201, the rest 409, and one user is stored', async function () {
      this.timeout(60_000);
      const admin = await givenUser('admin');
      const body = newUser('commune_staff', '07888', { username: 'same-name' });

      const responses = await Promise.all(Array.from({ length: 20 }, () => createUser(admin, body)));

      const statuses = responses.map((r) => r.status);
      expect(statuses.filter((s) => s === 201)).to.have.length(1);
      expect(statuses.filter((s) => s === 409)).to.have.length(19);
      expect(await UserModel.countDocuments({ username: 'same-name' })).to.equal(1);
      expect(await AuditModel.countDocuments({ action: 'user.created', 'actor.id': admin.id })).to.equal(1);
    });
  });

  describe('GET /users', () => {
    let hanoiStaff: users.User;
    let phuThoStaff: users.User;
    let phuThoDistrictOfficial: users.User;
    let phuThoInstaller: users.User;
    let district228Staff: users.User;

    beforeEach(async () => {
      hanoiStaff = await createdByService('commune_staff', '00001', 'Nguyễn Thị Hoa');
      phuThoStaff = await createdByService('commune_staff', '07888', 'Nguyễn Văn Đức');
      phuThoDistrictOfficial = await createdByService('official', '227', 'Lê Hoàng Nam');
      phuThoInstaller = await createdByService('installer', '25', 'Phạm Đình Trọng');
      district228Staff = await createdByService('commune_staff', '07942', 'Hoàng Thị Lan');
    });

    it('when an admin lists users, then every user is in the list, without password hashes', async () => {
      const admin = await givenUser('admin');

      const res = await listUsers(admin);

      expect(res.status).to.equal(200);
      expect(res.body.total).to.equal(6);
      expect(res.body.items).to.have.length(6);
      expect(res.body).to.include({ page: 1, pageSize: 50 });
      expectNoSecrets(res.body);
    });

    it('when an official of province 25 lists users, then only users of province 25 are in it', async () => {
      const official = await givenUser('official', '25');
      await givenUser('admin');

      const res = await listUsers(official);

      expect(res.status).to.equal(200);
      const ids = (res.body.items as { id: string }[]).map((u) => u.id);
      expect(ids).to.have.members([
        official.id,
        phuThoStaff.id,
        phuThoDistrictOfficial.id,
        phuThoInstaller.id,
        district228Staff.id,
      ]);
      expect(ids).not.to.include(hanoiStaff.id);
      expect(res.body.total).to.equal(5);
    });

    it('when an official of district 227 lists users, then only users of district 227 are in it', async () => {
      const official = await givenUser('official', '227');

      const res = await listUsers(official);

      const ids = (res.body.items as { id: string }[]).map((u) => u.id);
      expect(ids).to.have.members([official.id, phuThoStaff.id, phuThoDistrictOfficial.id]);
    });

    it('when filtered by role, then only users of that role are listed', async () => {
      const official = await givenUser('official', '25');

      const res = await listUsers(official, { role: 'commune_staff' });

      const ids = (res.body.items as { id: string }[]).map((u) => u.id);
      expect(ids).to.have.members([phuThoStaff.id, district228Staff.id]);
    });

    it('when filtered by areaCode and active, then only matching users are listed', async () => {
      const admin = await givenUser('admin');
      await users.updateUser(district228Staff.id, { active: false }, SYSTEM_ACTOR);

      const inArea = await listUsers(admin, { areaCode: '07888' });
      const inactive = await listUsers(admin, { active: 'false' });

      expect((inArea.body.items as { id: string }[]).map((u) => u.id)).to.deep.equal([phuThoStaff.id]);
      expect((inactive.body.items as { id: string }[]).map((u) => u.id)).to.deep.equal([district228Staff.id]);
    });

    for (const q of ['nguyen', 'Nguyễn', 'NGUYEN', 'nguyễn']) {
      it(`when searching "${q}", then the users named Nguyễn are found, within the actor's area`, async () => {
        const admin = await givenUser('admin');
        const official = await givenUser('official', '25');

        const all = await listUsers(admin, { q, role: 'commune_staff' });
        const scoped = await listUsers(official, { q, role: 'commune_staff' });

        expect((all.body.items as { id: string }[]).map((u) => u.id)).to.have.members([
          hanoiStaff.id,
          phuThoStaff.id,
        ]);
        expect((scoped.body.items as { id: string }[]).map((u) => u.id)).to.deep.equal([phuThoStaff.id]);
      });
    }

    it('when searching "duc" for a name written "Đức", then it is found', async () => {
      const admin = await givenUser('admin');

      const res = await listUsers(admin, { q: 'van duc' });

      expect((res.body.items as { id: string }[]).map((u) => u.id)).to.deep.equal([phuThoStaff.id]);
    });

    it('when searching part of a username, then that user is found', async () => {
      const admin = await givenUser('admin');

      const res = await listUsers(admin, { q: phuThoInstaller.username });

      expect((res.body.items as { id: string }[]).map((u) => u.id)).to.deep.equal([phuThoInstaller.id]);
    });

    it('when the search text holds regular-expression characters, then they match literally', async () => {
      const admin = await givenUser('admin');

      const res = await listUsers(admin, { q: '.*' });

      expect(res.status).to.equal(200);
      expect(res.body.items).to.deep.equal([]);
      expect(res.body.total).to.equal(0);
    });

    it('when a page size is given, then the list is paged and total counts every match', async () => {
      const admin = await givenUser('admin');

      const first = await listUsers(admin, { pageSize: '4', page: '1' });
      const second = await listUsers(admin, { pageSize: '4', page: '2' });

      expect(first.body).to.include({ total: 6, page: 1, pageSize: 4 });
      expect(first.body.items).to.have.length(4);
      expect(second.body.items).to.have.length(2);
      const ids = [...first.body.items, ...second.body.items].map((u: { id: string }) => u.id);
      expect(new Set(ids).size).to.equal(6);
    });

    it('when the query is invalid, then it answers 400 VALIDATION_FAILED', async () => {
      const admin = await givenUser('admin');

      const res = await listUsers(admin, { role: 'boss', pageSize: '0' });

      expect(res.status).to.equal(400);
      expect(res.body.error.code).to.equal('VALIDATION_FAILED');
      const paths = (res.body.error.details as { path: string }[]).map((d) => d.path);
      expect(paths).to.have.members(['role', 'pageSize']);
    });

    it('when no token is sent, then it answers 401', async () => {
      const res = await request(testApp).get(`${API}/users`);

      expect(res.status).to.equal(401);
    });
  });

  describe('GET /users/:id', () => {
    it('when an official asks for a user of their area, then it answers 200 with that user', async () => {
      const official = await givenUser('official', '25');
      const staff = await givenUser('commune_staff', '07945');

      const res = await request(testApp).get(`${API}/users/${staff.id}`).set(official.auth);

      expect(res.status).to.equal(200);
      expect(res.body).to.include({ id: staff.id, username: staff.username });
      expectNoSecrets(res.body);
    });

    it('when an official asks for a user of another province, then it answers 404 NOT_FOUND (not 403)', async () => {
      const official = await givenUser('official', '25');
      const hanoi = await givenUser('commune_staff', '00004');

      const res = await request(testApp).get(`${API}/users/${hanoi.id}`).set(official.auth);

      expect(res.status).to.equal(404);
      expect(res.body.error.code).to.equal('NOT_FOUND');
    });

    it('when an official asks for a nation-wide admin, then it answers 404', async () => {
      const official = await givenUser('official', '25');
      const admin = await givenUser('admin');

      const res = await request(testApp).get(`${API}/users/${admin.id}`).set(official.auth);

      expect(res.status).to.equal(404);
    });

    it('when an admin asks for any user, then it answers 200', async () => {
      const admin = await givenUser('admin');
      const hanoi = await givenUser('commune_staff', '00004');

      const res = await request(testApp).get(`${API}/users/${hanoi.id}`).set(admin.auth);

      expect(res.status).to.equal(200);
      expect(res.body.id).to.equal(hanoi.id);
    });

    it('when the id is not an ObjectId, then it answers 400 VALIDATION_FAILED', async () => {
      const admin = await givenUser('admin');

      const res = await request(testApp).get(`${API}/users/not-an-id`).set(admin.auth);

      expect(res.status).to.equal(400);
      expect(res.body.error.code).to.equal('VALIDATION_FAILED');
      expect(res.body.error.details[0].path).to.equal('id');
    });

    it('when no user has the id, then it answers 404', async () => {
      const admin = await givenUser('admin');

      const res = await request(testApp)
        .get(`${API}/users/${'a'.repeat(24)}`)
        .set(admin.auth);

      expect(res.status).to.equal(404);
    });

    it('when commune staff ask for a user, then it answers 403', async () => {
      const staff = await givenUser('commune_staff', '07888');

      const res = await request(testApp).get(`${API}/users/${staff.id}`).set(staff.auth);

      expect(res.status).to.equal(403);
    });
  });

  describe('PATCH /users/:id', () => {
    it('when an admin changes name and phone with the current version, then it answers 200, bumps the version and audits before/after', async () => {
      const admin = await givenUser('admin');
      const staff = await givenUser('commune_staff', '07888');

      const res = await patchUser(admin, staff.id, {
        version: 1,
        fullName: 'Đỗ  Thị  Mai',
        phone: '0987654321',
      });

      expect(res.status).to.equal(200);
      expect(res.body).to.include({ fullName: 'Đỗ Thị Mai', phone: '0987654321', version: 2 });
      expectNoSecrets(res.body);
      const stored = await UserModel.findById(staff.id).lean();
      expect(stored).to.include({ fullName: 'Đỗ Thị Mai', fullNameFolded: 'do thi mai', version: 2 });
      const [entry] = await auditOf('user.updated', staff.id);
      expect(entry.actor.id).to.equal(admin.id);
      expect(entry.before).to.include({ version: 1, phone: null });
      expect(entry.after).to.include({ version: 2, phone: '0987654321', fullName: 'Đỗ Thị Mai' });
      expectNoSecrets(entry);
      expect((await request(testApp).get(`${API}/auth/me`).set(staff.auth)).status).to.equal(200);
    });

    it('when the version is stale, then it answers 409 CONFLICT with the current version and changes nothing', async () => {
      const admin = await givenUser('admin');
      const staff = await givenUser('commune_staff', '07888');
      await patchUser(admin, staff.id, { version: 1, phone: '0987654321' });

      const res = await patchUser(admin, staff.id, { version: 1, fullName: 'Stale Edit' });

      expect(res.status).to.equal(409);
      expect(res.body.error.code).to.equal('CONFLICT');
      expect(res.body.error.details).to.deep.equal({ currentVersion: 2 });
      const stored = await UserModel.findById(staff.id).lean();
      expect(stored).to.include({ version: 2, phone: '0987654321' });
      expect(stored?.fullName).not.to.equal('Stale Edit');
      expect(await auditOf('user.updated', staff.id)).to.have.length(1);
    });

    it('when two edits with the same version race, then one wins and the other answers 409', async () => {
      const admin = await givenUser('admin');
      const staff = await givenUser('commune_staff', '07888');

      const responses = await Promise.all(
        ['0911111111', '0922222222', '0933333333', '0944444444'].map((phone) =>
          patchUser(admin, staff.id, { version: 1, phone }),
        ),
      );

      const ok = responses.filter((r) => r.status === 200);
      const conflicts = responses.filter((r) => r.status === 409);
      expect(ok).to.have.length(1);
      expect(conflicts).to.have.length(3);
      for (const c of conflicts) expect(c.body.error.details).to.deep.equal({ currentVersion: 2 });
      const stored = await UserModel.findById(staff.id).lean();
      expect(stored).to.include({ version: 2, phone: ok[0].body.phone });
      expect(await auditOf('user.updated', staff.id)).to.have.length(1);
    });

    it('when an admin deactivates themselves, then it answers 422 RULE_VIOLATION and they stay active', async () => {
      const admin = await givenUser('admin');

      const res = await patchUser(admin, admin.id, { active: false });

      expect(res.status).to.equal(422);
      expect(res.body.error.code).to.equal('RULE_VIOLATION');
      expect((await UserModel.findById(admin.id).lean())?.active).to.equal(true);
      expect((await request(testApp).get(`${API}/auth/me`).set(admin.auth)).status).to.equal(200);
      expect(await auditOf('user.updated', admin.id)).to.have.length(0);
    });

    it('when a deactivation and the user’s own password change race, then neither change is lost', async () => {
      const admin = await givenUser('admin');
      const staff = await givenUser('commune_staff', '07888');

      const [deactivated, changed] = await Promise.all([
        patchUser(admin, staff.id, { active: false }),
        request(testApp)
          .post(`${API}/auth/password`)
          .set(staff.auth)
          .send({ currentPassword: staff.password, newPassword: 'changed in parallel' }),
      ]);

      const stored = await UserModel.findById(staff.id).lean();
      const succeeded = [deactivated.status === 200, changed.status === 204].filter(Boolean).length;
      expect(succeeded).to.be.at.least(1);
      if (deactivated.status === 200) expect(stored?.active).to.equal(false);
      else expect(deactivated.body.error.code).to.equal('CONFLICT');
      if (changed.status === 204)
        expect(await verifyPassword('changed in parallel', stored!.passwordHash)).to.equal(true);
      else expect(changed.status).to.be.oneOf([401, 409]);
      expect(stored?.version).to.equal(1 + succeeded);
    });

    it('when a user is reached through an upper-case id, then a password reset still ends their sessions', async () => {
      const admin = await givenUser('admin');
      const staff = await givenUser('commune_staff', '07888');

      const res = await patchUser(admin, staff.id.toUpperCase(), { password: 'reset by the admin' });

      expect(res.status).to.equal(200);
      expect(res.body.id).to.equal(staff.id);
      expect((await request(testApp).get(`${API}/auth/me`).set(staff.auth)).status).to.equal(401);
      expect(await auditOf('user.updated', staff.id)).to.have.length(1);
    });

    it('when an admin deactivates themselves through an upper-case id, then it still answers 422', async () => {
      const admin = await givenUser('admin');

      const res = await patchUser(admin, admin.id.toUpperCase(), { active: false });

      expect(res.status).to.equal(422);
      expect((await UserModel.findById(admin.id).lean())?.active).to.equal(true);
    });

    it('when an admin changes their own role, then it answers 422', async () => {
      const admin = await givenUser('admin');

      const res = await patchUser(admin, admin.id, { role: 'official', areaCode: '25' });

      expect(res.status).to.equal(422);
      expect((await UserModel.findById(admin.id).lean())?.role).to.equal('admin');
    });

    it('when an admin changes their own name, then it answers 200', async () => {
      const admin = await givenUser('admin');

      const res = await patchUser(admin, admin.id, { fullName: 'Quản trị viên' });

      expect(res.status).to.equal(200);
      expect(res.body.fullName).to.equal('Quản trị viên');
    });

    it('when an official of province 25 deactivates commune staff of their area, then it answers 200, ends their sessions and audits it', async () => {
      const official = await givenUser('official', '25');
      const staff = await givenUser('commune_staff', '07894');

      const res = await patchUser(official, staff.id, { active: false });

      expect(res.status).to.equal(200);
      expect(res.body.active).to.equal(false);
      expect(await SessionModel.countDocuments({ userId: staff.id })).to.equal(0);
      expect((await request(testApp).get(`${API}/auth/me`).set(staff.auth)).status).to.equal(401);
      const [entry] = await auditOf('user.updated', staff.id);
      expect(entry.before).to.include({ active: true });
      expect(entry.after).to.include({ active: false });
    });

    it('when an official edits a user of another province, then it answers 404', async () => {
      const official = await givenUser('official', '25');
      const hanoi = await givenUser('commune_staff', '00001');

      const res = await patchUser(official, hanoi.id, { active: false });

      expect(res.status).to.equal(404);
      expect((await UserModel.findById(hanoi.id).lean())?.active).to.equal(true);
    });

    it('when an official edits a peer official of the same province, then it answers 403', async () => {
      const official = await givenUser('official', '25');
      const peer = await givenUser('official', '25');

      const res = await patchUser(official, peer.id, { active: false });

      expect(res.status).to.equal(403);
      expect(res.body.error.code).to.equal('FORBIDDEN');
      expect((await UserModel.findById(peer.id).lean())?.active).to.equal(true);
    });

    it('when an official moves commune staff out of their province, then it answers 403 and the user stays', async () => {
      const official = await givenUser('official', '25');
      const staff = await givenUser('commune_staff', '07888');

      const res = await patchUser(official, staff.id, { areaCode: '00001' });

      expect(res.status).to.equal(403);
      expect((await UserModel.findById(staff.id).lean())?.scope?.code).to.equal('07888');
    });

    it('when an official promotes commune staff to admin or to an official at their own level, then it answers 403', async () => {
      const official = await givenUser('official', '25');
      const staff = await givenUser('commune_staff', '07888');

      const toAdmin = await patchUser(official, staff.id, { role: 'admin', areaCode: null });
      const toPeer = await patchUser(official, staff.id, { role: 'official', areaCode: '25' });

      expect(toAdmin.status).to.equal(403);
      expect(toPeer.status).to.equal(403);
      expect((await UserModel.findById(staff.id).lean())?.role).to.equal('commune_staff');
    });

    it('when an official moves commune staff to another commune of their area, then it answers 200 and the old token ends', async () => {
      const official = await givenUser('official', '25');
      const staff = await givenUser('commune_staff', '07888');

      const res = await patchUser(official, staff.id, { areaCode: '07945' });

      expect(res.status).to.equal(200);
      expect(res.body.scope).to.include({ code: '07945', districtCode: '228' });
      expect((await request(testApp).get(`${API}/auth/me`).set(staff.auth)).status).to.equal(401);
    });

    it('when the new role does not fit the area level, then it answers 422 RULE_VIOLATION', async () => {
      const admin = await givenUser('admin');
      const staff = await givenUser('commune_staff', '07888');

      const res = await patchUser(admin, staff.id, { role: 'installer' });

      expect(res.status).to.equal(422);
      expect(res.body.error.code).to.equal('RULE_VIOLATION');
      expect((await UserModel.findById(staff.id).lean())?.role).to.equal('commune_staff');
    });

    it('when the new area is unknown, then it answers 404', async () => {
      const admin = await givenUser('admin');
      const staff = await givenUser('commune_staff', '07888');

      const res = await patchUser(admin, staff.id, { areaCode: '99999' });

      expect(res.status).to.equal(404);
    });

    it('when an admin sets a new password, then the old one fails, the new one works, sessions end and the audit shows no hash', async () => {
      const admin = await givenUser('admin');
      const staff = await givenUser('commune_staff', '07888');

      const res = await patchUser(admin, staff.id, { password: 'reset by the admin' });

      expect(res.status).to.equal(200);
      expectNoSecrets(res.body);
      expect((await request(testApp).get(`${API}/auth/me`).set(staff.auth)).status).to.equal(401);
      const oldLogin = await request(testApp)
        .post(`${API}/auth/login`)
        .send({ username: staff.username, password: staff.password });
      const newLogin = await request(testApp)
        .post(`${API}/auth/login`)
        .send({ username: staff.username, password: 'reset by the admin' });
      expect(oldLogin.status).to.equal(401);
      expect(newLogin.status).to.equal(200);
      const [entry] = await auditOf('user.updated', staff.id);
      expect(entry.after).to.include({ passwordChanged: true });
      expectNoSecrets(entry);
    });

    it('when the body is empty or has bad values, then it answers 400', async () => {
      const admin = await givenUser('admin');
      const staff = await givenUser('commune_staff', '07888');

      const empty = await patchUser(admin, staff.id, {});
      const bad = await patchUser(admin, staff.id, { version: 0, active: 'maybe', phone: '123' });

      expect(empty.status).to.equal(400);
      expect(bad.status).to.equal(400);
      const paths = (bad.body.error.details as { path: string }[]).map((d) => d.path);
      expect(paths).to.have.members(['version', 'active', 'phone']);
    });

    it('when the id is malformed, then it answers 400; when unknown, 404', async () => {
      const admin = await givenUser('admin');

      const malformed = await patchUser(admin, '123', { active: false });
      const unknown = await patchUser(admin, 'b'.repeat(24), { active: false });

      expect(malformed.status).to.equal(400);
      expect(unknown.status).to.equal(404);
    });

    it('when an installer patches a user, then it answers 403', async () => {
      const installer = await givenUser('installer', '25');
      const staff = await givenUser('commune_staff', '07888');

      const res = await patchUser(installer, staff.id, { active: false });

      expect(res.status).to.equal(403);
      expect((await UserModel.findById(staff.id).lean())?.active).to.equal(true);
    });
  });
});
