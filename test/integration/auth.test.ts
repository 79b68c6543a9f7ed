import { expect } from 'chai';
import sinon from 'sinon';
import request from 'supertest';
import { AuditModel } from '../../src/audit/model';
import { LoginAttemptModel } from '../../src/users/login-attempt-model';
import { verifyPassword } from '../../src/users/passwords';
import { SessionModel } from '../../src/users/session-model';
import * as signIn from '../../src/users/sign-in';
import { UserModel } from '../../src/users/model';
import { testApp, testAppWith } from '../support/app';
import { useTestDb } from '../support/db';
import { givenAreas, givenUser } from '../support/factories';

const API = '/api/v1';
const NEW_PASSWORD = 'a brand new passphrase';

function login(username: string, password: string, app = testApp) {
  return request(app).post(`${API}/auth/login`).send({ username, password });
}

function bearer(token: string) {
  return { Authorization: `Bearer ${token}` };
}

/** No response and no audit entry may ever carry a password hash. */
function expectNoSecrets(body: unknown): void {
  const json = JSON.stringify(body);
  expect(json).not.to.include('passwordHash');
  expect(json).not.to.include('scrypt$');
}

/** The throttle forgets a successful attempt just after the response is sent: wait for it. */
async function attemptsCountedFor(username: string, expected: number): Promise<number> {
  let n = -1;
  for (let i = 0; i < 100; i++) {
    n = await LoginAttemptModel.countDocuments({ key: `user:${username}` });
    if (n === expected) return n;
    await new Promise((r) => setTimeout(r, 20));
  }
  return n;
}

describe('auth', () => {
  useTestDb();

  beforeEach(async () => {
    await givenAreas();
  });

  afterEach(() => {
    sinon.restore();
  });

  describe('POST /auth/login', () => {
    it('when the username and password are right, then it answers 200 with a token, its expiry and the user, and stores a session', async () => {
      const staff = await givenUser('commune_staff', '07888', { login: false });
      const before = Date.now();

      const res = await login(staff.username, staff.password);

      expect(res.status).to.equal(200);
      expect(res.body.token).to.be.a('string').with.length.greaterThan(20);
      expect(res.body.tokenType).to.equal('Bearer');
      const expiresAt = Date.parse(res.body.expiresAt);
      expect(expiresAt).to.be.within(before + 480 * 60_000 - 1_000, Date.now() + 480 * 60_000 + 1_000);
      expect(res.body.user).to.include({ id: staff.id, username: staff.username, role: 'commune_staff' });
      expect(res.body.user.scope).to.include({ code: '07888', level: 'commune', provinceCode: '25' });
      expectNoSecrets(res.body);
      const sessions = await SessionModel.find({ userId: staff.id }).lean();
      expect(sessions).to.have.length(1);
      expect(sessions[0]._id).not.to.equal(res.body.token);
      const entry = await AuditModel.findOne({ action: 'user.signed_in', entityId: staff.id }).lean();
      expect(entry?.actor.id).to.equal(staff.id);
      expectNoSecrets(entry);
    });

    it('when the token of a login is used, then GET /auth/me answers as that user', async () => {
      const installer = await givenUser('installer', '25', { login: false });
      const signedIn = await login(installer.username, installer.password);

      const res = await request(testApp).get(`${API}/auth/me`).set(bearer(signedIn.body.token));

      expect(res.status).to.equal(200);
      expect(res.body.id).to.equal(installer.id);
    });

    it('when the username is typed in capitals with spaces around, then it still signs in', async () => {
      const official = await givenUser('official', '25', { login: false });

      const res = await login(`  ${official.username.toUpperCase()} `, official.password);

      expect(res.status).to.equal(200);
      expect(res.body.user.id).to.equal(official.id);
    });

    it('when the password is wrong, then it answers 401 UNAUTHENTICATED and stores no session', async () => {
      const official = await givenUser('official', '25', { login: false });

      const res = await login(official.username, 'not the password at all');

      expect(res.status).to.equal(401);
      expect(res.body.error.code).to.equal('UNAUTHENTICATED');
      expect(res.body).not.to.have.property('token');
      expect(await SessionModel.countDocuments({ userId: official.id })).to.equal(0);
      expect(await AuditModel.countDocuments({ action: 'user.signed_in' })).to.equal(0);
    });

    it('when the username is unknown, then it answers 401 with the same message as a wrong password', async () => {
      const official = await givenUser('official', '25', { login: false });
      const wrongPassword = await login(official.username, 'not the password at all');

      const unknownUser = await login('nobody-here', 'not the password at all');

      expect(unknownUser.status).to.equal(401);
      expect(unknownUser.body.error.code).to.equal('UNAUTHENTICATED');
      expect(unknownUser.body.error.message).to.equal(wrongPassword.body.error.message);
    });

    it('when the user is deactivated, then it answers 401 even with the right password', async () => {
      const admin = await givenUser('admin');
      const staff = await givenUser('commune_staff', '07888', { login: false });
      const deactivated = await request(testApp)
        .patch(`${API}/users/${staff.id}`)
        .set(admin.auth)
        .send({ active: false });
      expect(deactivated.status).to.equal(200);

      const res = await login(staff.username, staff.password);

      expect(res.status).to.equal(401);
      expect(res.body.error.code).to.equal('UNAUTHENTICATED');
      expect(await SessionModel.countDocuments({ userId: staff.id })).to.equal(0);
    });

    it('when the body lacks the password and the username is not a string, then it answers 400 VALIDATION_FAILED naming both fields', async () => {
      const res = await request(testApp).post(`${API}/auth/login`).send({ username: 42 });

      expect(res.status).to.equal(400);
      expect(res.body.error.code).to.equal('VALIDATION_FAILED');
      const paths = (res.body.error.details as { path: string }[]).map((d) => d.path);
      expect(paths).to.have.members(['username', 'password']);
    });

    it('when the body is not JSON, then it answers 400 VALIDATION_FAILED', async () => {
      const res = await request(testApp)
        .post(`${API}/auth/login`)
        .set('Content-Type', 'application/json')
        .send('{"username": "x", ');

      expect(res.status).to.equal(400);
      expect(res.body.error.code).to.equal('VALIDATION_FAILED');
    });

    it('when a username had 5 failed attempts, then the next attempt answers 429 RATE_LIMITED even with the right password', async () => {
      const staff = await givenUser('commune_staff', '07888', { login: false });
      for (let i = 0; i < 5; i++) {
        const failed = await login(staff.username, `wrong password ${i}`);
        expect(failed.status).to.equal(401);
      }

      const res = await login(staff.username, staff.password);

      expect(res.status).to.equal(429);
      expect(res.body.error.code).to.equal('RATE_LIMITED');
      expect(res.body).not.to.have.property('token');
      expect(await SessionModel.countDocuments({ userId: staff.id })).to.equal(0);
    });

    it('when 12 wrong attempts for one username arrive at once, then no more than 5 are checked and the rest answer 429', async () => {
      const staff = await givenUser('commune_staff', '07888', { login: false });

      const responses = await Promise.all(
        Array.from({ length: 12 }, (_, i) => login(staff.username, `wrong password ${i}`)),
      );

      const statuses = responses.map((r) => r.status);
      expect(statuses.filter((s) => s === 401).length).to.be.at.most(5);
      expect(statuses.filter((s) => s !== 401).every((s) => s === 429)).to.equal(true);
      expect((await login(staff.username, staff.password)).status).to.equal(429);
    });

    it('when the failed attempts used other capitalisations of the username, then they count for the same user', async () => {
      const staff = await givenUser('commune_staff', '07888', { login: false });
      for (let i = 0; i < 5; i++) {
        const failed = await login(i % 2 ? staff.username.toUpperCase() : staff.username, 'wrong password');
        expect(failed.status).to.equal(401);
      }

      const res = await login(staff.username, staff.password);

      expect(res.status).to.equal(429);
    });

    it('when one username is rate-limited, then another username can still sign in', async () => {
      const victim = await givenUser('official', '25', { login: false });
      const other = await givenUser('official', '25', { login: false });
      for (let i = 0; i < 6; i++) await login(victim.username, 'wrong password');

      const res = await login(other.username, other.password);

      expect(res.status).to.equal(200);
    });

    it('when successful logins come between failed ones, then only the failed ones count towards the limit', async () => {
      const staff = await givenUser('commune_staff', '07888', { login: false });
      for (let i = 0; i < 4; i++)
        expect((await login(staff.username, 'wrong password')).status).to.equal(401);
      for (let i = 0; i < 3; i++) {
        expect((await login(staff.username, staff.password)).status).to.equal(200);
        expect(await attemptsCountedFor(staff.username, 4)).to.equal(4);
      }

      const fifthFailure = await login(staff.username, 'wrong password');
      const afterLimit = await login(staff.username, staff.password);

      expect(fifthFailure.status).to.equal(401);
      expect(afterLimit.status).to.equal(429);
    });

    it('when the rate-limit window has passed, then the user can sign in again', async () => {
      const clock = sinon.useFakeTimers({ now: Date.now(), toFake: ['Date'] });
      const staff = await givenUser('commune_staff', '07888', { login: false });
      for (let i = 0; i < 5; i++) await login(staff.username, 'wrong password');
      expect((await login(staff.username, staff.password)).status).to.equal(429);
      clock.tick(15 * 60_000 + 1_000);

      const res = await login(staff.username, staff.password);

      expect(res.status).to.equal(200);
    });

    it('when one address makes more attempts than LOGIN_MAX_PER_ADDRESS, then it answers 429 whatever the username', async () => {
      const app = testAppWith({ LOGIN_MAX_PER_ADDRESS: '3' });
      const staff = await givenUser('commune_staff', '07888', { login: false });
      for (let i = 0; i < 3; i++)
        expect((await login(`someone-${i}`, 'wrong password', app)).status).to.equal(401);

      const res = await login(staff.username, staff.password, app);

      expect(res.status).to.equal(429);
      expect(res.body.error.code).to.equal('RATE_LIMITED');
    });
  });

  describe('bearer tokens', () => {
    it('when no token is sent, then a protected route answers 401 UNAUTHENTICATED', async () => {
      const res = await request(testApp).get(`${API}/auth/me`);

      expect(res.status).to.equal(401);
      expect(res.body.error.code).to.equal('UNAUTHENTICATED');
    });

    it('when a well-formed but unknown token is sent, then it answers 401', async () => {
      const res = await request(testApp)
        .get(`${API}/auth/me`)
        .set(bearer('x'.repeat(43)));

      expect(res.status).to.equal(401);
      expect(res.body.error.code).to.equal('UNAUTHENTICATED');
    });

    it('when the Authorization header is garbage, then it answers 401', async () => {
      const res = await request(testApp).get(`${API}/auth/me`).set('Authorization', 'Basic dXNlcjpwYXNz');

      expect(res.status).to.equal(401);
      expect(res.body.error.code).to.equal('UNAUTHENTICATED');
    });

    it('when the token has expired, then it answers 401, and a minute before it still works', async () => {
      const clock = sinon.useFakeTimers({ now: Date.now(), toFake: ['Date'] });
      const official = await givenUser('official', '25', { login: false });
      const signedIn = await login(official.username, official.password);
      expect(Date.parse(signedIn.body.expiresAt)).to.equal(Date.now() + 480 * 60_000);

      clock.tick(479 * 60_000);
      const justBefore = await request(testApp).get(`${API}/auth/me`).set(bearer(signedIn.body.token));
      clock.tick(2 * 60_000);
      const after = await request(testApp).get(`${API}/auth/me`).set(bearer(signedIn.body.token));

      expect(justBefore.status).to.equal(200);
      expect(after.status).to.equal(401);
      expect(after.body.error.code).to.equal('UNAUTHENTICATED');
    });

    it('when a session was created with a short lifetime, then it stops working once that passes', async () => {
      const staff = await givenUser('commune_staff', '07888', { login: false });
      const clock = sinon.useFakeTimers({ now: Date.now(), toFake: ['Date'] });
      const session = await signIn.login({ username: staff.username, password: staff.password }, 5, null);

      clock.tick(5 * 60_000 + 1);
      const res = await request(testApp).get(`${API}/auth/me`).set(bearer(session.token));

      expect(res.status).to.equal(401);
      expect(await signIn.forgetExpiredSessions()).to.equal(1);
    });

    it('when an admin deactivates a user via PATCH, then the token that user already holds answers 401 at once', async () => {
      const admin = await givenUser('admin');
      const staff = await givenUser('commune_staff', '07888');
      expect((await request(testApp).get(`${API}/auth/me`).set(staff.auth)).status).to.equal(200);

      const patched = await request(testApp)
        .patch(`${API}/users/${staff.id}`)
        .set(admin.auth)
        .send({ active: false });
      const res = await request(testApp).get(`${API}/auth/me`).set(staff.auth);

      expect(patched.status).to.equal(200);
      expect(patched.body.active).to.equal(false);
      expect(res.status).to.equal(401);
      expect(res.body.error.code).to.equal('UNAUTHENTICATED');
      expect(await SessionModel.countDocuments({ userId: staff.id })).to.equal(0);
      expect((await UserModel.findById(staff.id).lean())?.active).to.equal(false);
    });

    it('when a sign-in with the old password races a password reset, then its token never outlives the reset', async function () {
      this.timeout(60_000);
      const app = testAppWith({ LOGIN_MAX_PER_USER: '1000' });
      const admin = await givenUser('admin');
      const staff = await givenUser('commune_staff', '07888', { login: false });
      const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));
      const survivors: number[] = [];

      for (let round = 0; round < 12; round++) {
        const oldPassword = round === 0 ? staff.password : `reset number ${round - 1}`;
        const stagger = (round >> 1) * 10;
        const [signedIn] = await Promise.all([
          pause(round % 2 ? 0 : stagger).then(() => login(staff.username, oldPassword, app)),
          pause(round % 2 ? stagger : 0).then(() =>
            request(app)
              .patch(`${API}/users/${staff.id}`)
              .set(admin.auth)
              .send({ password: `reset number ${round}` }),
          ),
        ]);
        if (signedIn.status !== 200) continue;
        const me = await request(app).get(`${API}/auth/me`).set(bearer(signedIn.body.token));
        if (me.status !== 401) survivors.push(round);
      }

      expect(survivors).to.deep.equal([]);
    });

    it('when a deactivated user is reactivated, then they sign in again but the old token stays dead', async () => {
      const admin = await givenUser('admin');
      const staff = await givenUser('commune_staff', '07888');
      await request(testApp).patch(`${API}/users/${staff.id}`).set(admin.auth).send({ active: false });

      const reactivated = await request(testApp)
        .patch(`${API}/users/${staff.id}`)
        .set(admin.auth)
        .send({ active: true });
      const oldToken = await request(testApp).get(`${API}/auth/me`).set(staff.auth);
      const signedIn = await login(staff.username, staff.password);

      expect(reactivated.status).to.equal(200);
      expect(oldToken.status).to.equal(401);
      expect(signedIn.status).to.equal(200);
    });
  });

  describe('POST /auth/logout', () => {
    it('when a user signs out, then that token answers 401 and their other sessions still work', async () => {
      const official = await givenUser('official', '25');
      const otherSession = await signIn.login(
        { username: official.username, password: official.password },
        60,
        null,
      );

      const res = await request(testApp).post(`${API}/auth/logout`).set(official.auth);
      const again = await request(testApp).get(`${API}/auth/me`).set(official.auth);
      const other = await request(testApp).get(`${API}/auth/me`).set(bearer(otherSession.token));

      expect(res.status).to.equal(204);
      expect(again.status).to.equal(401);
      expect(other.status).to.equal(200);
      expect(await SessionModel.countDocuments({ userId: official.id })).to.equal(1);
    });

    it('when no token is sent, then it answers 401', async () => {
      const res = await request(testApp).post(`${API}/auth/logout`);

      expect(res.status).to.equal(401);
      expect(res.body.error.code).to.equal('UNAUTHENTICATED');
    });
  });

  describe('POST /auth/password', () => {
    it('when the current password is right, then the new one works, the old one fails, every session ends and it is audited', async () => {
      const staff = await givenUser('commune_staff', '07888');
      const versionBefore = (await UserModel.findById(staff.id).lean())?.version;

      const res = await request(testApp)
        .post(`${API}/auth/password`)
        .set(staff.auth)
        .send({ currentPassword: staff.password, newPassword: NEW_PASSWORD });

      expect(res.status).to.equal(204);
      expect((await login(staff.username, staff.password)).status).to.equal(401);
      expect((await request(testApp).get(`${API}/auth/me`).set(staff.auth)).status).to.equal(401);
      const signedIn = await login(staff.username, NEW_PASSWORD);
      expect(signedIn.status).to.equal(200);
      const stored = await UserModel.findById(staff.id).lean();
      expect(await verifyPassword(NEW_PASSWORD, stored!.passwordHash)).to.equal(true);
      expect(stored!.version).to.equal(versionBefore! + 1);
      const entry = await AuditModel.findOne({ action: 'user.password_changed', entityId: staff.id }).lean();
      expect(entry?.actor.id).to.equal(staff.id);
      expectNoSecrets(entry);
    });

    it('when the current password is wrong, then it answers 400 VALIDATION_FAILED on currentPassword and nothing changes', async () => {
      const staff = await givenUser('commune_staff', '07888');

      const res = await request(testApp)
        .post(`${API}/auth/password`)
        .set(staff.auth)
        .send({ currentPassword: 'not my password', newPassword: NEW_PASSWORD });

      expect(res.status).to.equal(400);
      expect(res.body.error.code).to.equal('VALIDATION_FAILED');
      expect(res.body.error.details.map((d: { path: string }) => d.path)).to.deep.equal(['currentPassword']);
      expect((await request(testApp).get(`${API}/auth/me`).set(staff.auth)).status).to.equal(200);
      expect((await login(staff.username, staff.password)).status).to.equal(200);
      expect(await AuditModel.countDocuments({ action: 'user.password_changed' })).to.equal(0);
    });

    it('when the new password is too short, then it answers 400 naming newPassword', async () => {
      const staff = await givenUser('commune_staff', '07888');

      const res = await request(testApp)
        .post(`${API}/auth/password`)
        .set(staff.auth)
        .send({ currentPassword: staff.password, newPassword: 'short' });

      expect(res.status).to.equal(400);
      expect(res.body.error.details.map((d: { path: string }) => d.path)).to.deep.equal(['newPassword']);
      expect((await login(staff.username, staff.password)).status).to.equal(200);
    });

    it('when no token is sent, then it answers 401', async () => {
      const res = await request(testApp)
        .post(`${API}/auth/password`)
        .send({ currentPassword: 'whatever it is', newPassword: NEW_PASSWORD });

      expect(res.status).to.equal(401);
    });
  });

  describe('GET /auth/me', () => {
    it('when a user is signed in, then it answers with that user and their scope, without the password hash', async () => {
      const official = await givenUser('official', '227');

      const res = await request(testApp).get(`${API}/auth/me`).set(official.auth);

      expect(res.status).to.equal(200);
      expect(res.body).to.include({
        id: official.id,
        username: official.username,
        role: 'official',
        active: true,
      });
      expect(res.body.scope).to.deep.equal({
        code: '227',
        level: 'district',
        provinceCode: '25',
        districtCode: '227',
        communeCode: null,
      });
      expectNoSecrets(res.body);
    });

    it('when the user is a nation-wide admin, then the scope is null', async () => {
      const admin = await givenUser('admin');

      const res = await request(testApp).get(`${API}/auth/me`).set(admin.auth);

      expect(res.status).to.equal(200);
      expect(res.body.role).to.equal('admin');
      expect(res.body.scope).to.equal(null);
    });
  });
});
