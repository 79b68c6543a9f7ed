// The province the HTTP benchmarks run on (scale.ts, http.ts): a scratch database holding the 2025
// list, the service listening on a free local port, an official, a clerk and an installer signed in,
// and `grow(n)`, which brings the province to n households through the API as its people would:
// commune lists imported, about half of each commune approved, receivers registered.
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import * as areas from '../../src/areas/service';
import { createApp } from '../../src/app';
import { loadConfig } from '../../src/config';
import { SYSTEM_ACTOR } from '../../src/users/roles';
import { UserModel } from '../../src/users/model';
import { createUser } from '../../src/users/service';
import { BenchApi, type Tokens } from './scale-api';
import { withScratchDb } from './scratch';

export interface BenchProvince {
  api: BenchApi;
  provinceCode: string;
  communes: string[];
  /** The clerk's commune (the first of the province). */
  staffCommune: string;
  base: string;
  grow(target: number): Promise<void>;
}

export const PASSWORD = 'bench-password-123';

// The benchmark's users, named as a screen shows them (a screenshot of the dashboard read "Người đo official").
const BENCH_NAMES = {
  official: 'Cán bộ tỉnh (đo thử)',
  commune_staff: 'Cán bộ xã (đo thử)',
  installer: 'Thợ lắp đặt (đo thử)',
} as const;

export function withBenchProvince(provinceCode: string, work: (p: BenchProvince) => Promise<void>): void {
  void withScratchDb(
    async () => {
      const config = loadConfig({
        ...process.env,
        LOGIN_MAX_PER_USER: '1000',
        LOGIN_MAX_PER_ADDRESS: '1000',
      });
      const server = createApp(config).listen(0, '127.0.0.1');
      await new Promise((r) => server.once('listening', r));
      const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/v1`;
      try {
        const communes = await communesOf(provinceCode);
        const staffCommune = communes[0] as string;
        const api = new BenchApi(base, await signInUsers(base, provinceCode, staffCommune));
        console.log(`Province ${provinceCode}: ${communes.length} communes; clerk's commune ${staffCommune}`);
        let round = 0;
        const grow = async (target: number): Promise<void> => {
          round++;
          await api.importSpread(communes, target - (await api.householdTotal(provinceCode)), round);
          await api.approveHalf(communes);
          const receivers = Math.round(target * 1.15) - (await api.receiverTotal());
          await api.registerReceivers(provinceCode, receivers, round);
        };
        await work({ api, provinceCode, communes, staffCommune, base, grow });
      } finally {
        server.close();
      }
    },
    path.join(__dirname, '..', '..', 'data', 'vn-admin-units-2025.csv'),
  );
}

async function communesOf(code: string): Promise<string[]> {
  const out: string[] = [];
  for (let page = 1; ; page++) {
    const res = await areas.listAreas({ level: 'commune', provinceCode: code, page, pageSize: 500 });
    out.push(...res.items.map((a) => a.code));
    if (out.length >= res.total || res.items.length === 0) return out;
  }
}

async function signInUsers(base: string, provinceCode: string, staffCommune: string): Promise<Tokens> {
  const make = async (
    username: string,
    role: 'official' | 'commune_staff' | 'installer',
    areaCode: string,
  ) => {
    // A kept database (BENCH_KEEP_DB) already has the users.
    const user =
      (await UserModel.findOne({ username }).lean()) ??
      (await createUser(
        { username, password: PASSWORD, fullName: BENCH_NAMES[role], role, areaCode },
        SYSTEM_ACTOR,
      ));
    const res = await fetch(`${base}/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username, password: PASSWORD }),
    });
    const body = (await res.json()) as { token: string };
    return { token: body.token, id: String('_id' in user ? user._id : user.id) };
  };
  const official = await make('bench.official', 'official', provinceCode);
  const staff = await make('bench.clerk', 'commune_staff', staffCommune);
  const installer = await make('bench.installer', 'installer', provinceCode);
  return {
    official: official.token,
    staff: staff.token,
    installer: installer.token,
    installerId: installer.id,
  };
}
