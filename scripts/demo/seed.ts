// The demo province of `npm run seed:demo`, callable from a test (test/integration/seed-demo.test.ts).
import { SingleBar, Presets } from 'cli-progress';
import { Readable } from 'node:stream';
import * as areas from '../../src/areas/service';
import { addHouseholds, allocateToBatch } from '../../src/batches/assignment';
import { closeBatch } from '../../src/batches/closing';
import { confirmDelivery, failDelivery } from '../../src/batches/completion';
import { listDeliveries } from '../../src/batches/deliveries';
import { BatchModel } from '../../src/batches/model';
import { createBatch, startBatch } from '../../src/batches/service';
import { FAILURE_REASONS } from '../../src/batches/status';
import { ConflictError } from '../../src/errors';
import { importHouseholds } from '../../src/households/import';
import { approveHousehold, rejectHousehold } from '../../src/households/review';
import { householdFieldsSchema } from '../../src/households/schemas';
import { listHouseholds, type Household } from '../../src/households/service';
import { parse } from '../../src/http/validate';
import type { ReceiverType } from '../../src/receiver-types';
import { registerReceivers } from '../../src/receivers/service';
import { SYSTEM_ACTOR, type Actor } from '../../src/users/roles';
import * as users from '../../src/users/service';
import { communeSurvey, randomFrom } from './survey';

const DAY = 86_400_000;
export const DEMO_PASSWORD = 'demo-password-2026';
const PASSWORD = DEMO_PASSWORD;

/** Runs `work` over `items` with `n` at a time. */
async function pool<T>(items: readonly T[], n: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: n }, async () => {
      while (next < items.length) await work(items[next++]);
    }),
  );
}

interface Progress {
  increment(n?: number): void;
  stop(): void;
}

function progressBar(label: string, total: number, quiet: boolean): Progress {
  if (quiet) return { increment: () => undefined, stop: () => undefined };
  const b = new SingleBar(
    {
      format: `${label.padEnd(22)} [{bar}] {value}/{total} {eta_formatted}`,
      noTTYOutput: true,
      notTTYSchedule: 2000,
    },
    Presets.shades_classic,
  );
  b.start(total, 0);
  return b;
}

async function demoUser(
  role: 'official' | 'installer',
  username: string,
  fullName: string,
  areaCode: string,
): Promise<Actor> {
  try {
    await users.createUser({ username, password: PASSWORD, fullName, role, areaCode }, SYSTEM_ACTOR);
  } catch (err) {
    if (!(err instanceof ConflictError)) throw err; // already there from an earlier run
  }
  const found = (await users.listUsers({ q: username, page: 1, pageSize: 5 }, SYSTEM_ACTOR)).items.find(
    (u) => u.username === username,
  );
  if (!found) throw new Error(`user ${username} not found`);
  return { id: found.id, username, role, scope: found.scope };
}

async function allOf(communeCode: string, status: 'registered' | 'approved'): Promise<Household[]> {
  const out: Household[] = [];
  for (let page = 1; ; page++) {
    const res = await listHouseholds({ areaCode: communeCode, status, page, pageSize: 500 }, SYSTEM_ACTOR);
    out.push(...res.items);
    if (out.length >= res.total || res.items.length === 0) return out;
  }
}

export interface DemoOptions {
  provinceCode: string;
  households: number;
  seed: number;
  /** No progress bars or messages (tests). */
  quiet?: boolean;
}

/** Builds the demo province; answers the demo users. */
export async function seedDemo(opts: DemoOptions): Promise<{ official: Actor; installers: Actor[] }> {
  const { provinceCode, seed, quiet = false } = opts;
  const total = opts.households;
  const say = (line: string) => {
    if (!quiet) console.log(line);
  };
  const bar = (label: string, n: number) => progressBar(label, n, quiet);
  const rnd = randomFrom(seed);
  const province = await areas.getArea(provinceCode);
  if (province.level !== 'province') throw new Error(`${provinceCode} is not a province`);
  const communes = [];
  for (let page = 1; ; page++) {
    const res = await areas.listAreas({ level: 'commune', provinceCode, page, pageSize: 500 });
    communes.push(...res.items);
    if (communes.length >= res.total || res.items.length === 0) break;
  }
  say(`${province.name}: ${communes.length} communes, ${total} households (seed ${seed})`);

  // Targets and the switch-off date.
  const weights = communes.map(() => 0.3 + rnd());
  const sum = weights.reduce((a, b) => a + b, 0);
  const sizes = weights.map((w) => Math.max(1, Math.round((w / sum) * total)));
  const typeOf = new Map<string, ReceiverType>();
  const switchOff = new Date(Date.now() + 75 * DAY).toISOString().slice(0, 10);
  await areas.setProvinceProgramme(provinceCode, { switchOffDate: switchOff }, SYSTEM_ACTOR);
  for (const [i, c] of communes.entries()) {
    typeOf.set(c.code, rnd() < 0.15 ? 'satellite' : 'dvb-t2');
    const target = Math.round(sizes[i] * (0.95 + rnd() * 0.15));
    await areas.setCommuneTargets(
      c.code,
      {
        poor: Math.round(target * 0.6),
        nearPoor: target - Math.round(target * 0.6),
        listYear: 2024,
        defaultReceiverType: typeOf.get(c.code),
      },
      SYSTEM_ACTOR,
    );
  }

  const official = await demoUser('official', `demo-official-${provinceCode}`, 'Trần Thị Bình', provinceCode);
  const installers = await Promise.all(
    ['Lê Văn Cường', 'Phạm Đức Dũng', 'Hoàng Thị Giang'].map((name, i) =>
      demoUser('installer', `demo-installer-${provinceCode}-${i + 1}`, name, provinceCode),
    ),
  );

  // Each commune's survey list, imported as a commune clerk would upload it.
  let progress = bar('Importing surveys', total);
  for (const [i, c] of communes.entries()) {
    await importHouseholds(
      {
        communeCode: c.code,
        dryRun: false,
        kind: 'csv',
        file: Readable.from(communeSurvey(c.code, sizes[i], seed)),
      },
      { validateRow: (row) => parse(householdFieldsSchema, row) },
      SYSTEM_ACTOR,
    );
    progress.increment(sizes[i]);
  }
  progress.stop();

  // Review: most eligible households approved, possible duplicates resolved, some left for later.
  const registered = (await Promise.all(communes.map((c) => allOf(c.code, 'registered')))).flat();
  progress = bar('Reviewing', registered.length);
  await pool(registered, 4, async (h) => {
    progress.increment();
    const r = rnd();
    if (r < 0.07) return; // still waiting for review
    if (h.needsDuplicateReview && r < 0.5) {
      const other = h.possibleDuplicates[0]?.householdId;
      await rejectHousehold(h.id, { reason: 'Trùng với hộ đã đăng ký', duplicateOf: other }, official).catch(
        () => undefined,
      );
    } else if (h.eligibility.eligible) {
      await approveHousehold(h.id, { notDuplicate: true }, official);
    } else if (r < 0.6) {
      await rejectHousehold(h.id, { reason: 'Không đủ điều kiện nhận hỗ trợ' }, official);
    }
  });
  progress.stop();

  // Batches: groups of up to six communes with one receiver type; the first ones run, the last planned.
  const groups: { type: ReceiverType; codes: string[] }[] = [];
  for (const type of ['dvb-t2', 'satellite'] as const) {
    const codes = communes.map((c) => c.code).filter((code) => typeOf.get(code) === type);
    for (let i = 0; i < codes.length; i += 6) groups.push({ type, codes: codes.slice(i, i + 6) });
  }
  let serialNo = 0;
  progress = bar('Batches', groups.length);
  for (const [g, group] of groups.entries()) {
    const approved = (await Promise.all(group.codes.map((code) => allOf(code, 'approved')))).flat();
    const plannedStart = new Date(Date.now() - (60 - g) * DAY);
    const batch = await createBatch(
      {
        provinceCode,
        name: `Đợt ${1 + Math.floor(g / 4)} – nhóm ${g + 1}`,
        phase: 1 + Math.floor(g / 4),
        communeCodes: group.codes,
        receiverType: group.type,
        installerIds: installers.map((u) => u.id),
        plannedStart,
        plannedEnd: new Date(plannedStart.getTime() + 90 * DAY),
      },
      official,
    );
    const serials = Array.from(
      { length: approved.length },
      () => `DEMO-${provinceCode}-${seed}-${String(++serialNo).padStart(7, '0')}`,
    );
    for (let i = 0; i < serials.length; i += 1_000) {
      await registerReceivers(
        {
          provinceCode,
          receivers: serials.slice(i, i + 1_000).map((serial) => ({
            serial,
            type: group.type,
            model: group.type === 'dvb-t2' ? 'VTC T201' : 'K+ S1',
            supplier: 'Công ty Thiết bị Số',
            lot: `LÔ-${g + 1}`,
          })),
        },
        official,
      );
    }
    if (serials.length === 0) continue;
    const { allocated } = await allocateToBatch(batch.id, { count: serials.length }, official);
    await addHouseholds(batch.id, {}, official);
    if (g >= groups.length - 1 && groups.length > 2) continue; // the last one stays planned
    await startBatch(batch.id, official);
    // The demo's deliveries are back-dated over the weeks since the planned start, and a handover
    // cannot be dated before its batch started: the batch is set as started on its planned day.
    await BatchModel.updateOne({ _id: batch.id }, { $set: { startedAt: plannedStart } });
    await deliverSome(batch.id, allocated, plannedStart, installers, rnd);
    if (g === 0 && groups.length > 3) await closeBatch(batch.id, official);
    progress.increment();
  }
  progress.stop();
  return { official, installers };
}

/** Installers confirm about three quarters of a batch, fail some, leave the rest pending. */
async function deliverSome(
  batchId: string,
  serials: string[],
  start: Date,
  installers: Actor[],
  rnd: () => number,
): Promise<void> {
  const pending = [];
  for (let page = 1; ; page++) {
    const res = await listDeliveries({ batchId, status: 'pending', page, pageSize: 500 }, SYSTEM_ACTOR);
    pending.push(...res.items);
    if (pending.length >= res.total || res.items.length === 0) break;
  }
  const span = Date.now() - start.getTime();
  let used = 0;
  await pool(pending, 4, async (d) => {
    const r = rnd();
    const installer = installers[Math.floor(rnd() * installers.length)];
    // More deliveries lately: a campaign speeds up (sqrt skews the dates towards today).
    const at = new Date(start.getTime() + Math.sqrt(rnd()) * span * 0.98);
    if (r < 0.74) {
      const serial = serials[used++];
      await confirmDelivery(
        d.id,
        {
          serial,
          recipientName: d.household.fullName,
          recipientIdLast4: d.household.nationalId.slice(-4),
          deliveredAt: at,
          signalReceived: rnd() > 0.03,
        },
        installer,
      );
    } else if (r < 0.84) {
      const reason = FAILURE_REASONS[Math.floor(rnd() * FAILURE_REASONS.length)];
      await failDelivery(d.id, { reason, notes: null }, installer);
    }
  });
}
