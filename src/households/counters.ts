import { incrementOnce } from '../database/keyed-increments';
import { locksInUse, withLock } from '../database/locks';
import { findAll } from '../database/postgres-reads';
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

/**
 * countTransition, applied at most once per `moveId` (a change's pending marker, a bulk chunk's
 * marker): a retry, a resumed job or reconcile redoing a move already applied moves nothing.
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
  await incrementOnce(HouseholdCounterModel, {
    id: area.communeCode,
    lockKey: `household-counter:${area.communeCode}`,
    moveId,
    movesField: 'moves',
    inc,
    onInsert: { provinceCode: area.provinceCode, districtCode: area.districtCode ?? null },
  });
}

/** One more failed delivery attempt in the commune, counted once per `moveId` (the attempt's marker). */
export async function countFailedAttemptOnce(
  moveId: string,
  area: AreaPath & { communeCode: string },
): Promise<void> {
  await incrementOnce(HouseholdCounterModel, {
    id: area.communeCode,
    lockKey: `household-counter:${area.communeCode}`,
    moveId,
    movesField: 'attemptMoves',
    inc: { failedAttempts: 1 },
    onInsert: { provinceCode: area.provinceCode, districtCode: area.districtCode ?? null },
  });
}

/** Each commune's failed delivery attempts as counted, for a recount to compare. */
export async function failedAttemptCounts(): Promise<Map<string, number>> {
  const stored = await HouseholdCounterModel.find({}, { failedAttempts: 1 }).lean();
  return new Map(stored.map((s) => [s._id, s.failedAttempts ?? 0]));
}

/** A recount's repair: the commune's failed attempts set to `n` (under the counter's lock). */
export async function setFailedAttempts(area: AreaPath & { communeCode: string }, n: number): Promise<void> {
  await withLock(`household-counter:${area.communeCode}`, () =>
    HouseholdCounterModel.updateOne(
      { _id: area.communeCode },
      {
        $set: { failedAttempts: n },
        $setOnInsert: {
          provinceCode: area.provinceCode,
          districtCode: area.districtCode ?? null,
          counts: Object.fromEntries(HOUSEHOLD_STATUSES.map((s) => [s, 0])),
        },
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

export interface CommunePath {
  provinceCode: string;
  districtCode: string | null;
  communeCode: string;
}

/** Every commune that has households or a counter, with its area path (deliveries' too). */
export async function communesToRecount(): Promise<CommunePath[]> {
  const rows: { _id: CommunePath }[] = await HouseholdModel.aggregate([
    {
      $group: {
        _id: {
          communeCode: '$area.communeCode',
          provinceCode: '$area.provinceCode',
          districtCode: '$area.districtCode',
        },
      },
    },
  ]);
  const out = new Map<string, CommunePath>();
  for (const r of rows) out.set(r._id.communeCode, { ...r._id, districtCode: r._id.districtCode ?? null });
  const stored = await HouseholdCounterModel.find({}, { provinceCode: 1, districtCode: 1 }).lean();
  for (const s of stored) {
    if (!out.has(s._id))
      out.set(s._id, {
        communeCode: s._id,
        provinceCode: s.provinceCode,
        districtCode: s.districtCode ?? null,
      });
  }
  return [...out.values()].sort((a, b) => (a.communeCode < b.communeCode ? -1 : 1));
}

const statusOf = (v: unknown) =>
  ((v as { status?: HouseholdStatus } | null)?.status ?? null) as HouseholdStatus | null;

/**
 * What the commune's counters should read now: its households by status, less the moves of changes
 * stored but not yet counted (a household carrying a pending marker whose key the counter has not
 * applied: its request will apply it, or reconcile will).
 */
async function expectedCounts(communeCode: string, applied: ReadonlySet<string>): Promise<StatusCounts> {
  const counts = zero();
  const cursor = HouseholdModel.find({ 'area.communeCode': communeCode }, { status: 1, pendingAudit: 1 })
    .lean()
    .cursor({ batchSize: 1000 });
  for await (const h of cursor) {
    counts[h.status] += 1;
    const p = h.pendingAudit;
    if (!p?.open || applied.has(p.key)) continue;
    const from = statusOf(p.before);
    const to = statusOf(p.after);
    if (!to || from === to || to !== h.status) continue;
    counts[to] -= 1;
    if (from) counts[from] += 1;
  }
  return counts;
}

/**
 * Recounts one commune under its counter lock (no counter move lands meanwhile on FerretDB; on
 * MongoDB the write is conditional on the moves seen, and redone if one landed).
 */
async function recountCommune(c: CommunePath, dryRun: boolean): Promise<CounterDrift[]> {
  return withLock(`household-counter:${c.communeCode}`, async () => {
    for (let attempt = 0; ; attempt++) {
      const have = await HouseholdCounterModel.findById(c.communeCode).lean();
      const want = await expectedCounts(c.communeCode, new Set(have?.moves ?? []));
      const diffs = HOUSEHOLD_STATUSES.filter((s) => (have?.counts?.[s] ?? 0) !== want[s]).map((status) => ({
        communeCode: c.communeCode,
        status,
        counted: have?.counts?.[status] ?? 0,
        actual: want[status],
      }));
      if (diffs.length === 0 || dryRun) return diffs;
      const guard = locksInUse() || !have ? {} : { moves: have.moves ?? null };
      const done = await HouseholdCounterModel.updateOne(
        { _id: c.communeCode, ...guard },
        { $set: { counts: want, provinceCode: c.provinceCode, districtCode: c.districtCode } },
        { upsert: !have },
      );
      if (done.matchedCount + (done.upsertedCount ?? 0) > 0 || attempt >= 5) return diffs;
    }
  });
}

/**
 * Recounts households per commune and status, corrects the counters (unless `dryRun`) and returns
 * what differed. Safe while the service serves: each commune is recounted under its counter lock,
 * and a change stored but not yet counted (its pending marker) is left for its own counter move.
 */
export async function recountHouseholds(opts: { dryRun?: boolean } = {}): Promise<CounterDrift[]> {
  const drift: CounterDrift[] = [];
  for (const c of await communesToRecount()) drift.push(...(await recountCommune(c, opts.dryRun ?? false)));
  return drift;
}

/** The counters of the communes matching `filter` (e.g. {provinceCode}), for reports and tests. */
interface CounterRow {
  _id: string;
  provinceCode: string;
  districtCode?: string | null;
  counts?: Partial<StatusCounts>;
  failedAttempts?: number;
}

export async function countersOf(filter: {
  provinceCode?: string;
  districtCode?: string;
  communeCode?: string;
}) {
  const q: Record<string, string> = {};
  if (filter.provinceCode) q.provinceCode = filter.provinceCode;
  if (filter.districtCode) q.districtCode = filter.districtCode;
  if (filter.communeCode) q._id = filter.communeCode;
  // Without the moves kept to count each transition once (up to 500 ids per commune, KEPT_MOVES):
  // a province's report would carry them all. One SQL query on the embedded default (findAll).
  const docs = await findAll<CounterRow>(HouseholdCounterModel, q, {
    fields: ['provinceCode', 'districtCode', 'counts', 'failedAttempts'],
  });
  return docs.map((d) => ({
    communeCode: d._id,
    provinceCode: d.provinceCode,
    districtCode: d.districtCode ?? null,
    counts: { ...zero(), ...(d.counts ?? {}) } as StatusCounts,
    failedAttempts: d.failedAttempts ?? 0,
  }));
}
