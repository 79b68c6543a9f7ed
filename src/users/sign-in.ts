import { createHash, randomBytes } from 'node:crypto';
import * as audit from '../audit/service';
import { findOneByKey } from '../database/bulk-reads';
import { text, UnauthenticatedError, ValidationError } from '../errors';
import { DUMMY_HASH, hashPassword, verifyPassword } from './passwords';
import type { Actor } from './roles';
import { SessionModel } from './session-model';
import { toUser, writeUserVersion, type StoredUser } from './service';
import type { LoginResult, User } from './shapes';
import { UserModel } from './model';

export interface LoginInput {
  username: string;
  password: string;
}

export type { LoginResult } from './shapes';

export interface ChangePasswordInput {
  currentPassword: string;
  newPassword: string;
}

type Session = { userId: string; expiresAt: Date };

const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');

const badCredentials = () =>
  new UnauthenticatedError(text('Sai tên đăng nhập hoặc mật khẩu', 'Wrong username or password'));

export async function login(
  input: LoginInput,
  ttlMinutes: number,
  address: string | null,
): Promise<LoginResult> {
  const doc = await UserModel.findOne({ username: input.username.toLowerCase() }).lean();
  // Always verify, even for an unknown user, so timing does not reveal which usernames exist.
  const ok = await verifyPassword(input.password, doc?.passwordHash ?? DUMMY_HASH);
  if (!doc || !ok || !doc.active) throw badCredentials();
  const token = randomBytes(32).toString('base64url');
  const expiresAt = new Date(Date.now() + ttlMinutes * 60_000);
  const session = await SessionModel.create({
    _id: hashToken(token),
    userId: String(doc._id),
    expiresAt,
    address,
  });
  // A password reset or deactivation that landed while the password was being checked ended the
  // sessions it could see, not this one: look again, so a session never outlives the old password.
  const now = await UserModel.findById(doc._id, { passwordHash: 1, active: 1 }).lean();
  if (!now?.active || now.passwordHash !== doc.passwordHash) {
    await SessionModel.deleteOne({ _id: session._id });
    throw badCredentials();
  }
  const user = toUser(doc);
  await audit.record(
    actorFromUser(user),
    'user.signed_in',
    { type: 'user', id: user.id, area: user.scope },
    {
      after: { address, expiresAt: expiresAt.toISOString() },
    },
  );
  return { token, tokenType: 'Bearer', expiresAt: expiresAt.toISOString(), user };
}

function actorFromUser(u: User): Actor {
  return {
    id: u.id,
    username: u.username,
    role: u.role,
    scope: u.scope,
    ...(u.mustChangePassword ? { mustChangePassword: true } : {}),
  };
}

/** The actor behind a bearer token; expired sessions and deactivated users are refused. */
export async function actorForToken(token: string): Promise<Actor> {
  // Every request reads these two: by key (bulk-reads.ts), the expiry checked here.
  const session = await findOneByKey<Session>(SessionModel, '_id', hashToken(token));
  const live = session && session.expiresAt > new Date() ? session : null;
  const doc = live ? await findOneByKey<StoredUser>(UserModel, '_id', live.userId) : null;
  if (!doc || !doc.active) {
    throw new UnauthenticatedError(
      text(
        'Phiên đăng nhập đã hết hạn hoặc bị thu hồi; vui lòng đăng nhập lại',
        'The session expired or was revoked; sign in again',
      ),
    );
  }
  return actorFromUser(toUser(doc));
}

export async function currentUser(actor: Actor): Promise<User> {
  const doc = await UserModel.findById(actor.id).lean();
  if (!doc) throw badCredentials();
  return toUser(doc);
}

export async function logout(token: string): Promise<void> {
  await SessionModel.deleteOne({ _id: hashToken(token) });
}

export async function changeOwnPassword(input: ChangePasswordInput, actor: Actor): Promise<void> {
  const doc = await UserModel.findById(actor.id).lean();
  if (!doc || !(await verifyPassword(input.currentPassword, doc.passwordHash))) {
    throw new ValidationError(text('Mật khẩu hiện tại không đúng', 'The current password is wrong'), [
      {
        path: 'currentPassword',
        message: text('Mật khẩu hiện tại không đúng', 'The current password is wrong'),
      },
    ]);
  }
  await writeUserVersion(actor.id, doc.version, {
    passwordHash: await hashPassword(input.newPassword),
    mustChangePassword: false,
  });
  // Other sign-ins of this user end; the caller signs in again with the new password.
  await SessionModel.deleteMany({ userId: actor.id });
  await audit.record(actor, 'user.password_changed', { type: 'user', id: actor.id, area: actor.scope }, {});
}

/** Removes expired sessions (no TTL index on FerretDB); called at start and by the maintenance loop. */
export async function forgetExpiredSessions(now = new Date()): Promise<number> {
  const r = await SessionModel.deleteMany({ expiresAt: { $lte: now } });
  return r.deletedCount;
}
