import { isDuplicateKeyError } from '../db';
import { locksInUse, withLock } from '../locks';
import type { AreaPath } from '../users/roles';
import { HouseholdCounterModel } from './counter-model';
import { HouseholdModel } from './model';
import { HOUSEHOLD_STATUSES, type HouseholdStatus } from './status';

export type StatusCounts = Record<HouseholdStatus, number>;

const zero = (): StatusCounts => Object.fromEntries(HOUSEHOLD_STATUSES.map((s) => [s, 0])) as StatusCounts;

/**
 * Moves `n` households of a commune from one status to another in the counters (`from` null: new
 * households). Runs after the household write; if the process dies in between, `recountHouseholds`
 * finds and repairs the drift.
 */
export async function countTransition(
  area: AreaPath & { communeCode: string },
  from: HouseholdStatus | null,
  to: HouseholdStatus | null,
  n = 1,
): Promise<void> {
  if (from === to || n === 0) return;
  const inc: Record<string, number> = {};
  if (from) inc[`counts.${from}`] = -n;
  if (to) inc[`counts.${to}`] = n;
  await withLock(`household-counter:${area.communeCode}`, () =>
    HouseholdCounterModel.updateOne(
      { _id: area.communeCode },
      {
        $inc: inc,
        $setOnInsert: { provinceCode: area.provinceCode, districtCode: area.districtCode ?? null },
      },
      { upsert: true },
    ),
  );
}

const KEPT_MOVES = 200;

/**
 * countTransition, applied at most once per `moveId` (a bulk chunk's marker): a resumed job that
 * redoes a chunk whose counters were already moved moves nothing. The commune's counter remembers
 * its last moves; on MongoDB the conditional update is atomic, on FerretDB it runs under the lock.
 */
export async function countTransitionOnce(
  moveId: string,
  area: AreaPath & { communeCode: string },
  from: HouseholdStatus | null,
  to: HouseholdStatus | null,
  n: number,
): Promise<void> {
  if (from === to || n === 0) return;
  const inc: Record<string, number> = {};
  if (from) inc[`counts.${from}`] = -n;
  if (to) inc[`counts.${to}`] = n;
  const onInsert = { provinceCode: area.provinceCode, districtCode: area.districtCode ?? null };
  if (!locksInUse()) {
    await HouseholdCounterModel.updateOne(
      { _id: area.communeCode, moves: { $ne: moveId } },
      { $inc: inc, $push: { moves: { $each: [moveId], $slice: -KEPT_MOVES } }, $setOnInsert: onInsert },
      { upsert: true },
    ).catch((err: unknown) => {
      if (!isDuplicateKeyError(err)) throw err; // the upsert met our own earlier move: applied
    });
    return;
  }
  // FerretDB ignores $slice and applies updates non-atomically: read, check and write under the lock.
  await withLock(`household-counter:${area.communeCode}`, async () => {
    const have = await HouseholdCounterModel.findById(area.communeCode, { moves: 1 }).lean();
    const moves = have?.moves ?? [];
    if (moves.includes(moveId)) return;
    await HouseholdCounterModel.updateOne(
      { _id: area.communeCode },
      { $inc: inc, $set: { moves: [...moves, moveId].slice(-KEPT_MOVES) }, $setOnInsert: onInsert },
      { upsert: true },
    );
  });
}

/** One more (or, with n = -1, one fewer) failed delivery attempt in the commune. */
export async function countFailedAttempt(area: AreaPath & { communeCode: string }, n = 1): Promise<void> {
  await withLock(`household-counter:${area.communeCode}`, () =>
    HouseholdCounterModel.updateOne(
      { _id: area.communeCode },
      {
        $inc: { failedAttempts: n },
        $setOnInsert: { provinceCode: area.provinceCode, districtCode: area.districtCode ?? null },
      },
      { upsert: true },
    ),
  );
}

export interface CounterDrift {
  communeCode: string;
  status: HouseholdStatus;
  counted: number;
  actual: number;
}

/**
 * Recounts households per commune and status, corrects the counters and returns what differed.
 * Run it when households are not changing (or run it twice): a transition caught between its
 * household write and its counter update is reported as drift, and its pending $inc lands on top.
 */
export async function recountHouseholds(): Promise<CounterDrift[]> {
  const rows: {
    _id: { communeCode: string; status: HouseholdStatus; provinceCode: string; districtCode: string | null };
    n: number;
  }[] = await HouseholdModel.aggregate([
    {
      $group: {
        _id: {
          communeCode: '$area.communeCode',
          provinceCode: '$area.provinceCode',
          districtCode: '$area.districtCode',
          status: '$status',
        },
        n: { $sum: 1 },
      },
    },
  ]);
  const actual = new Map<
    string,
    { provinceCode: string; districtCode: string | null; counts: StatusCounts }
  >();
  for (const r of rows) {
    const entry = actual.get(r._id.communeCode) ?? {
      provinceCode: r._id.provinceCode,
      districtCode: r._id.districtCode ?? null,
      counts: zero(),
    };
    entry.counts[r._id.status] += r.n;
    actual.set(r._id.communeCode, entry);
  }
  const stored = await HouseholdCounterModel.find({}).lean();
  const communes = new Set([...actual.keys(), ...stored.map((s) => s._id)]);
  const drift: CounterDrift[] = [];
  for (const communeCode of communes) {
    const want = actual.get(communeCode);
    const have = stored.find((s) => s._id === communeCode);
    const wantCounts = want?.counts ?? zero();
    const diffs = HOUSEHOLD_STATUSES.filter((s) => (have?.counts?.[s] ?? 0) !== wantCounts[s]).map(
      (status) => ({ communeCode, status, counted: have?.counts?.[status] ?? 0, actual: wantCounts[status] }),
    );
    if (diffs.length === 0) continue;
    drift.push(...diffs);
    await withLock(`household-counter:${communeCode}`, () =>
      HouseholdCounterModel.updateOne(
        { _id: communeCode },
        {
          $set: {
            counts: wantCounts,
            provinceCode: want?.provinceCode ?? have?.provinceCode,
            districtCode: want?.districtCode ?? have?.districtCode ?? null,
          },
        },
        { upsert: true },
      ),
    );
  }
  return drift;
}

/** The counters of the communes matching `filter` (e.g. {provinceCode}), for reports and tests. */
export async function countersOf(filter: {
  provinceCode?: string;
  districtCode?: string;
  communeCode?: string;
}) {
  const q: Record<string, string> = {};
  if (filter.provinceCode) q.provinceCode = filter.provinceCode;
  if (filter.districtCode) q.districtCode = filter.districtCode;
  if (filter.communeCode) q._id = filter.communeCode;
  const docs = await HouseholdCounterModel.find(q).lean();
  return docs.map((d) => ({
    communeCode: d._id,
    provinceCode: d.provinceCode,
    districtCode: d.districtCode ?? null,
    counts: { ...zero(), ...(d.counts ?? {}) } as StatusCounts,
    failedAttempts: d.failedAttempts ?? 0,
  }));
}
