import { expect } from 'chai';
import request from 'supertest';
import { AuditModel } from '../../src/audit/model';
import { verifyPassword } from '../../src/users/passwords';
import { UserModel } from '../../src/users/model';
import { testApp } from '../support/app';
import { useTestDb } from '../support/db';
import { givenAreas, givenUser, type GivenUser } from '../support/factories';

const API = '/api/v1';

const reset = (actor: GivenUser, id: string) =>
  request(testApp).post(`${API}/users/${id}/password-reset`).set(actor.auth).send({});

const login = (username: string, password: string) =>
  request(testApp).post(`${API}/auth/login`).send({ username, password });

describe('POST /api/v1/users/:id/password-reset', () => {
  useTestDb();

  let official: GivenUser;
  let staff: GivenUser;

  beforeEach(async () => {
    await givenAreas();
    official = await givenUser('official', '25');
    staff = await givenUser('commune_staff', '07888');
  });

  it('when an official resets a commune clerk’s password, then a one-time password is answered once, the old sign-ins end and it is audited without the password', async () => {
    const res = await reset(official, staff.id);

    expect(res.status).to.equal(200);
    expect(res.body.password).to.match(/^[A-Za-z0-9]{18}$/);
    expect(res.body.user).to.include({ id: staff.id, mustChangePassword: true });
    const stored = await UserModel.findById(staff.id).lean();
    expect(await verifyPassword(res.body.password, stored?.passwordHash ?? '')).to.equal(true);
    expect((await request(testApp).get(`${API}/auth/me`).set(staff.auth)).status).to.equal(401);
    expect((await login(staff.username, staff.password)).status).to.equal(401);
    const [entry] = await AuditModel.find({ action: 'user.password_reset', entityId: staff.id }).lean();
    expect(entry.actor.id).to.equal(official.id);
    expect(JSON.stringify(entry)).to.not.include(res.body.password);
  });

  it('when the clerk signs in with it, then only the password change is open; after it, everything is again', async () => {
    const { password } = (await reset(official, staff.id)).body;

    const signedIn = await login(staff.username, password);
    const auth = { Authorization: `Bearer ${signedIn.body.token}` };
    const blocked = await request(testApp).get(`${API}/households`).set(auth);
    const me = await request(testApp).get(`${API}/auth/me`).set(auth);
    const changed = await request(testApp)
      .post(`${API}/auth/password`)
      .set(auth)
      .send({ currentPassword: password, newPassword: 'my own new password' });
    const again = await login(staff.username, 'my own new password');
    const opened = await request(testApp)
      .get(`${API}/households`)
      .set({ Authorization: `Bearer ${again.body.token}` });

    expect(signedIn.status).to.equal(200);
    expect(signedIn.body.user.mustChangePassword).to.equal(true);
    expect(blocked.status).to.equal(403);
    expect(blocked.body.error.details).to.deep.equal({ mustChangePassword: true });
    expect(blocked.body.error.message).to.match(/đổi mật khẩu/);
    expect(me.status).to.equal(200);
    expect(changed.status).to.equal(204);
    expect(again.body.user.mustChangePassword).to.equal(false);
    expect(opened.status).to.equal(200);
  });

  it('when the user is of another province, then 404; a clerk resetting, 403; one’s own, 422', async () => {
    const otherOfficial = await givenUser('official', '01');

    const outside = await reset(otherOfficial, staff.id);
    const asClerk = await reset(staff, official.id);
    const own = await reset(official, official.id);

    expect(outside.status).to.equal(404);
    expect(asClerk.status).to.equal(403);
    expect(own.status).to.equal(422);
    expect((await UserModel.findById(staff.id).lean())?.mustChangePassword).to.equal(false);
  });

  it('when an official resets an official above them, then 403 and nothing changes', async () => {
    const district = await givenUser('official', '227');

    const res = await reset(district, official.id);

    expect(res.status).to.be.oneOf([403, 404]);
    expect((await UserModel.findById(official.id).lean())?.mustChangePassword).to.equal(false);
  });
});
