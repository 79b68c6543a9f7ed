import { randomBytes } from 'node:crypto';
import * as areas from '../../src/areas/service';
import { SYSTEM_ACTOR, type Role } from '../../src/users/roles';
import * as users from '../../src/users/service';
import * as signIn from '../../src/users/sign-in';
import { SMALL_AREA_LIST } from './app';

// Test data goes through the services, as users' requests would.

/**
 * Areas of the small fixture list (three-level): provinces 01 Hà Nội, 25 Phú Thọ, 02 Hà Giang;
 * districts 001, 227, 228, 024; communes 00001, 00004, 00006, 07888, 07891, 07894, 07942, 07945, 00688, 00691.
 */
export async function givenAreas(): Promise<void> {
  await areas.importAreas(SMALL_AREA_LIST, SYSTEM_ACTOR);
}

export interface GivenUser {
  id: string;
  username: string;
  password: string;
  token: string;
  auth: { Authorization: string };
}

let counter = 0;

export async function givenUser(
  role: Role,
  areaCode?: string,
  opts: { login?: boolean } = {},
): Promise<GivenUser> {
  const username = `${role.replace('_', '-')}-${++counter}-${randomBytes(3).toString('hex')}`;
  const password = 'correct horse battery';
  const user = await users.createUser(
    { username, password, fullName: `Nguyễn Văn ${counter}`, role, areaCode },
    SYSTEM_ACTOR,
  );
  const token = opts.login === false ? '' : (await signIn.login({ username, password }, 60, null)).token;
  return { id: user.id, username, password, token, auth: { Authorization: `Bearer ${token}` } };
}
