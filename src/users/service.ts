import { isDuplicateKeyError } from '../database/duplicate-key';
import { Types } from 'mongoose';
import * as areas from '../areas/service';
import * as audit from '../audit/service';
import { ConflictError, ForbiddenError, NotFoundError, RuleViolationError, text } from '../errors';
import { withLock } from '../database/locks';
import { escapeRegExp, foldVietnamese, toNfc } from '../vietnamese';
import { generatePassword, hashPassword } from './passwords';
import {
  canManageUser,
  ROLE_SCOPE_LEVELS,
  SYSTEM_ACTOR,
  scopeFilter,
  type Actor,
  type Role,
  type Scope,
} from './roles';
import { SessionModel } from './session-model';
import { UserModel, type UserDoc } from './model';
import type { PasswordReset, User } from './shapes';

export type { PasswordReset, User } from './shapes';

export interface CreateUserInput {
  username: string;
  password: string;
  fullName: string;
  phone?: string;
  role: Role;
  areaCode?: string;
}

export interface UpdateUserInput {
  version?: number;
  fullName?: string;
  phone?: string | null;
  role?: Role;
  areaCode?: string | null;
  active?: boolean;
  password?: string;
}

export interface ListUsersInput {
  role?: Role;
  areaCode?: string;
  active?: boolean;
  q?: string;
  page: number;
  pageSize: number;
}

export type StoredUser = UserDoc & { _id: Types.ObjectId; createdAt: Date; updatedAt: Date };

export function toUser(d: StoredUser): User {
  return {
    id: String(d._id),
    username: d.username,
    fullName: d.fullName,
    phone: d.phone ?? null,
    role: d.role,
    scope: d.scope
      ? {
          code: d.scope.code,
          level: d.scope.level,
          provinceCode: d.scope.provinceCode,
          districtCode: d.scope.districtCode ?? null,
          communeCode: d.scope.communeCode ?? null,
        }
      : null,
    active: d.active,
    mustChangePassword: d.mustChangePassword ?? false,
    version: d.version,
    createdAt: d.createdAt.toISOString(),
    updatedAt: d.updatedAt.toISOString(),
  };
}

const notFound = (id: string) => new NotFoundError(text(`Không tìm thấy người dùng ${id}`, `No user ${id}`));

const changedMeanwhile = (currentVersion: number | undefined) =>
  new ConflictError(
    text('Người dùng vừa được người khác sửa; hãy tải lại', 'The user was changed meanwhile; reload it'),
    { currentVersion },
  );

/** The scope a role gets at an area: checks that the role may sit at that level (DESIGN §9). */
async function scopeFor(role: Role, areaCode: string | null | undefined): Promise<Scope | null> {
  if (!areaCode) {
    if (role === 'admin') return null;
    throw new RuleViolationError(
      text('Người dùng này cần được gán một địa bàn (areaCode)', 'This role needs an area (areaCode)'),
    );
  }
  const scope = await areas.scopeOfArea(areaCode);
  if (!ROLE_SCOPE_LEVELS[role].includes(scope.level)) {
    throw new RuleViolationError(
      text(
        `Vai trò ${role} không gán được cho cấp ${scope.level}; cấp hợp lệ: ${ROLE_SCOPE_LEVELS[role].join(', ')}`,
        `Role ${role} cannot be scoped to a ${scope.level}; allowed: ${ROLE_SCOPE_LEVELS[role].join(', ')}`,
      ),
    );
  }
  return scope;
}

function assertMayManage(actor: Actor, target: { role: Role; scope: Scope | null }): void {
  if (!canManageUser(actor, target)) {
    throw new ForbiddenError(
      text(
        'Bạn chỉ quản lý được người dùng cấp dưới trong địa bàn của mình',
        'You may only manage users below you in your area',
      ),
    );
  }
}

export async function createUser(input: CreateUserInput, actor: Actor): Promise<User> {
  const scope = await scopeFor(input.role, input.areaCode);
  assertMayManage(actor, { role: input.role, scope });
  const fullName = toNfc(input.fullName);
  try {
    const doc = await UserModel.create({
      username: input.username,
      fullName,
      fullNameFolded: foldVietnamese(fullName),
      phone: input.phone ?? null,
      role: input.role,
      scope,
      passwordHash: await hashPassword(input.password),
      active: true,
      createdBy: actor.id,
    });
    const user = toUser(doc.toObject());
    await audit.record(actor, 'user.created', { type: 'user', id: user.id, area: scope }, { after: user });
    return user;
  } catch (err) {
    if (isDuplicateKeyError(err)) {
      throw new ConflictError(
        text(`Tên đăng nhập "${input.username}" đã có người dùng`, `Username "${input.username}" is taken`),
        { field: 'username' },
      );
    }
    throw err;
  }
}

function visibleFilter(actor: Actor): Record<string, unknown> {
  return actor.role === 'admin' ? {} : scopeFilter(actor.scope, 'scope');
}

export async function listUsers(input: ListUsersInput, actor: Actor) {
  const filter: Record<string, unknown> = visibleFilter(actor);
  if (input.role) filter.role = input.role;
  if (input.active !== undefined) filter.active = input.active;
  if (input.areaCode) filter['scope.code'] = input.areaCode;
  if (input.q) {
    const q = escapeRegExp(foldVietnamese(input.q));
    filter.$or = [{ username: { $regex: q } }, { fullNameFolded: { $regex: q } }];
  }
  const [docs, total] = await Promise.all([
    UserModel.find(filter)
      .sort({ username: 1 })
      .skip((input.page - 1) * input.pageSize)
      .limit(input.pageSize)
      .lean(),
    UserModel.countDocuments(filter),
  ]);
  return { items: docs.map(toUser), total, page: input.page, pageSize: input.pageSize };
}

/** Users outside the actor's area answer NotFoundError, so their ids cannot be probed. */
export async function getUser(id: string, actor: Actor): Promise<User> {
  if (!Types.ObjectId.isValid(id)) throw notFound(id);
  const doc = await UserModel.findOne({ _id: id, ...visibleFilter(actor) }).lean();
  if (!doc) throw notFound(id);
  return toUser(doc);
}

/**
 * Accounts by user id, for pages that name who did something (a history's actors, a batch's
 * confirmers and installers): each distinct id read once by _id, a handful per page. A locked
 * account is there (its name is still who did the work); an id no account has (the system's own, or
 * unknown) is absent, and the caller says what stands for it.
 */
export async function accountsOf(ids: Iterable<string>): Promise<Map<string, User>> {
  const distinct = [...new Set(ids)].filter((id) => id !== SYSTEM_ACTOR.id);
  const found = await Promise.all(
    distinct.map((id) =>
      getUser(id, SYSTEM_ACTOR).catch((err: unknown) => {
        if (err instanceof NotFoundError) return null;
        throw err;
      }),
    ),
  );
  return new Map(found.flatMap((u) => (u ? [[u.id, u] as const] : [])));
}

/** Full names by user id (accountsOf's names). */
export async function fullNamesOf(ids: Iterable<string>): Promise<Map<string, string>> {
  return new Map([...(await accountsOf(ids))].map(([id, u]) => [id, u.fullName]));
}

/** Who a paper or an export names for work no person did (a script's or reconcile's confirmation). */
export const SYSTEM_NAME = 'Hệ thống (tự động)';
/** …and for an id no account has any more: never the bare id, which means nothing to a reader. */
export const UNKNOWN_USER_NAME = 'Không rõ người thực hiện';

/** A name for every id, for papers and exports (fullNamesOf, with words for the system and the gone). */
export async function paperNamesOf(ids: readonly string[]): Promise<Map<string, string>> {
  const found = await fullNamesOf(ids);
  return new Map(
    [...new Set(ids)].map((id) => [
      id,
      found.get(id) ?? (id === SYSTEM_ACTOR.id ? SYSTEM_NAME : UNKNOWN_USER_NAME),
    ]),
  );
}

export async function updateUser(id: string, input: UpdateUserInput, actor: Actor): Promise<User> {
  const before = await getUser(id, actor);
  assertMayManage(actor, before);
  if (input.version !== undefined && input.version !== before.version) throw changedMeanwhile(before.version);
  const role = input.role ?? before.role;
  const scope =
    input.areaCode !== undefined || input.role
      ? await scopeFor(role, input.areaCode === undefined ? before.scope?.code : input.areaCode)
      : before.scope;
  assertMayManage(actor, { role, scope });
  // Compare stored ids: the path may spell the same ObjectId in upper case.
  if (before.id === actor.id && (input.active === false || role !== before.role)) {
    throw new RuleViolationError(
      text(
        'Không thể tự khóa tài khoản hay đổi vai trò của chính mình',
        'You cannot deactivate yourself or change your own role',
      ),
    );
  }
  const set: Record<string, unknown> = { role, scope };
  if (input.fullName !== undefined) {
    set.fullName = toNfc(input.fullName);
    set.fullNameFolded = foldVietnamese(input.fullName);
  }
  if (input.phone !== undefined) set.phone = input.phone;
  if (input.active !== undefined) set.active = input.active;
  if (input.password !== undefined) set.passwordHash = await hashPassword(input.password);
  const after = toUser(await writeUserVersion(before.id, before.version, set));
  // Access changes take effect at once: existing sign-ins end.
  const accessChanged =
    input.active === false ||
    input.password !== undefined ||
    role !== before.role ||
    scope?.code !== before.scope?.code;
  if (accessChanged) await SessionModel.deleteMany({ userId: before.id });
  await audit.record(
    actor,
    'user.updated',
    { type: 'user', id: before.id, area: after.scope ?? before.scope },
    {
      before,
      after: { ...after, ...(input.password !== undefined ? { passwordChanged: true } : {}) },
    },
  );
  return after;
}

/**
 * Gives the user a generated one-time password, answered once: it signs in only to choose a new
 * one (mustChangePassword). Their sessions end at once; the audit entry names no password.
 */
export async function resetPassword(id: string, actor: Actor): Promise<PasswordReset> {
  const before = await getUser(id, actor);
  if (before.id === actor.id) {
    throw new RuleViolationError(
      text(
        'Không tự đặt lại mật khẩu của chính mình: hãy dùng Đổi mật khẩu',
        'You do not reset your own password: change it instead',
      ),
    );
  }
  assertMayManage(actor, before);
  const password = generatePassword();
  const set = { passwordHash: await hashPassword(password), mustChangePassword: true };
  const user = toUser(await writeUserVersion(before.id, before.version, set));
  await SessionModel.deleteMany({ userId: before.id });
  await audit.record(
    actor,
    'user.password_reset',
    { type: 'user', id: before.id, area: user.scope },
    { before: { version: before.version }, after: { version: user.version, mustChangePassword: true } },
  );
  return { user, password };
}

/**
 * The one way a user record changes: applies `set` if the user is still at `version` and bumps the
 * version; ConflictError with the current version otherwise. The lock makes the conditional update
 * a real compare-and-set on FerretDB too (see locks.ts), so two edits of one version cannot both win.
 */
export async function writeUserVersion(id: string, version: number, set: Record<string, unknown>) {
  const doc = await withLock(`user:${id}`, () =>
    UserModel.findOneAndUpdate(
      { _id: id, version },
      { $set: set, $inc: { version: 1 } },
      { returnDocument: 'after' },
    ).lean(),
  );
  if (!doc) throw changedMeanwhile((await UserModel.findById(id, { version: 1 }).lean())?.version);
  return doc;
}

/**
 * On an empty database, creates the first admin. Returns the generated password once (to print)
 * when none was configured; returns null when users already exist.
 */
export async function ensureFirstAdmin(
  username: string,
  configuredPassword: string | undefined,
): Promise<{ username: string; password: string | null } | null> {
  if ((await UserModel.estimatedDocumentCount()) > 0) return null;
  const password = configuredPassword ?? generatePassword();
  try {
    await createUser({ username, password, fullName: 'Quản trị hệ thống', role: 'admin' }, SYSTEM_ACTOR);
  } catch (err) {
    if (err instanceof ConflictError) return null; // another instance created it first
    throw err;
  }
  return { username, password: configuredPassword ? null : password };
}
