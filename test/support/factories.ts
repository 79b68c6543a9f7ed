import { randomBytes } from 'node:crypto';
import * as areas from '../../src/areas/service';
import { registerHousehold, type Household, type RegisterHouseholdInput } from '../../src/households/service';
import type { ReceiverType } from '../../src/receiver-types';
import { registerReceivers } from '../../src/receivers/service';
import { SYSTEM_ACTOR, type Actor, type Role } from '../../src/users/roles';
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
  /** The name the papers print (a delivery's installer, the official who drew a sample). */
  fullName: string;
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
  const fullName = `Nguyễn Văn ${counter}`;
  const user = await users.createUser({ username, password, fullName, role, areaCode }, SYSTEM_ACTOR);
  const token = opts.login === false ? '' : (await signIn.login({ username, password }, 60, null)).token;
  return { id: user.id, username, fullName, password, token, auth: { Authorization: `Bearer ${token}` } };
}

let households = 0;

export type HouseholdOverrides = Partial<Omit<RegisterHouseholdInput, 'communeCode' | 'head'>> & {
  head?: Partial<RegisterHouseholdInput['head']>;
};

/**
 * Registers an eligible household in `communeCode` through registerHousehold, as SYSTEM_ACTOR unless
 * an actor is given. Names and national IDs are unique per call, and there is no phone, so factory
 * households never flag each other as possible duplicates unless the test asks for it.
 */
export async function givenHousehold(
  communeCode: string,
  overrides: HouseholdOverrides = {},
  actor: Actor = SYSTEM_ACTOR,
): Promise<Household> {
  const n = ++households;
  const { head, ...rest } = overrides;
  return registerHousehold(
    {
      communeCode,
      village: 'Thôn Đồng Sơn',
      head: {
        fullName: `Hộ Thử Số ${n}`,
        nationalId: `0${String(process.pid % 1000).padStart(3, '0')}${String(n).padStart(8, '0')}`,
        ...head,
      },
      povertyStatus: 'poor',
      povertyListYear: 2024,
      hasTv: true,
      hasPaidTv: false,
      hasDigitalTv: false,
      ...rest,
    },
    actor,
  );
}

let receiverSerials = 0;

/** `n` new receivers in `provinceCode`'s stock, registered as SYSTEM_ACTOR; returns their serials in order. */
export async function givenReceivers(
  provinceCode: string,
  n: number,
  type: ReceiverType = 'dvb-t2',
): Promise<string[]> {
  const serials = Array.from(
    { length: n },
    () => `RX-${process.pid}-${String(++receiverSerials).padStart(6, '0')}`,
  );
  await registerReceivers(
    { provinceCode, receivers: serials.map((serial) => ({ serial, type, model: 'HD-T2 01', lot: 'L1' })) },
    SYSTEM_ACTOR,
  );
  return serials;
}
