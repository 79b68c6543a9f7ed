import { storedPendingAudit } from '../audit/pending';
import { locksInUse, withLock } from '../database/locks';
import { HouseholdCounterModel } from '../households/counter-model';
import { communesToRecount, type CommunePath } from '../households/counters';
import { HOUSEHOLD_STATUSES } from '../households/status';
import { DeliveryDayCounterModel } from './day-counter-model';
import { deliveryDayKey } from './day-counters';
import { vietnamDay } from '../vietnam-time';
import { deliveredAtOf } from './delivery-settle';
import { DeliveryModel } from './delivery-model';

// Recounts the delivery counters from the deliveries (`npm run stats:recompute`, reconcile step 7),
// safe while the service serves. Each counter is moved once per delivery marker (delivery-settle.ts),
// so a delivery already stored whose marker the counter has not applied yet (its request is between
// the write and the settle, or died there) is left out: its own settle counts it later. The fix of a
// counter runs under the lock its moves take, re-reading the commune's deliveries under it (on
// MongoDB, where moves take no lock, the write is conditional on the moves seen, and redone).
// Every delivery's commune has households (a delivery copies its household's area), so the communes
// to recount are the households' (and the counters').

export interface FailedAttemptDrift {
  communeCode: string;
  counted: number;
  actual: number;
}

export interface DeliveryDayDrift extends FailedAttemptDrift {
  day: string;
}

type DeliveryFacts = {
  area: { provinceCode: string; districtCode?: string | null; communeCode: string };
  status: string;
  attempts?: unknown[] | null;
  deliveredAt?: Date | null;
  updatedAt?: Date;
  pendingAudit?: unknown;
};

/** The delivery's open marker of `action` that the counter (its applied `moves`) has not counted. */
function uncounted(d: DeliveryFacts, action: string, moves: readonly string[]): boolean {
  const p = storedPendingAudit(d.pendingAudit);
  return !!p && p.action === action && !moves.includes(p.key);
}

/** Failed visits of one delivery: every attempt; a delivery failed before attempts were kept, once. */
const attemptsOf = (d: DeliveryFacts) => d.attempts?.length || (d.status === 'failed' ? 1 : 0);

/** The day a delivered delivery counts on: its marker's, else its stored deliveredAt. */
function dayOf(d: DeliveryFacts): string {
  const p = storedPendingAudit(d.pendingAudit);
  const at = (p?.action === 'delivery.confirmed' ? deliveredAtOf(p) : null) ?? d.deliveredAt ?? d.updatedAt;
  return vietnamDay(at ?? new Date(0));
}

async function communeDeliveries(communeCode: string, deliveredOnly: boolean): Promise<DeliveryFacts[]> {
  const filter = deliveredOnly
    ? { 'area.communeCode': communeCode, status: 'delivered' as const }
    : { 'area.communeCode': communeCode };
  return DeliveryModel.find(filter, {
    area: 1,
    status: 1,
    attempts: 1,
    deliveredAt: 1,
    updatedAt: 1,
    pendingAudit: 1,
  }).lean<DeliveryFacts[]>();
}

const zeroStatusCounts = () => Object.fromEntries(HOUSEHOLD_STATUSES.map((s) => [s, 0]));

/** Failed attempts of one commune, recounted under its counter lock; the drift, if any. */
async function recountCommuneAttempts(c: CommunePath, dryRun: boolean): Promise<FailedAttemptDrift | null> {
  return withLock(`household-counter:${c.communeCode}`, async () => {
    for (let attempt = 0; ; attempt++) {
      const have = await HouseholdCounterModel.findById(c.communeCode, {
        failedAttempts: 1,
        attemptMoves: 1,
      }).lean();
      const moves = have?.attemptMoves ?? [];
      let want = 0;
      for (const d of await communeDeliveries(c.communeCode, false))
        want += attemptsOf(d) - (uncounted(d, 'delivery.failed', moves) ? 1 : 0);
      const counted = have?.failedAttempts ?? 0;
      if (counted === want) return null;
      const drift = { communeCode: c.communeCode, counted, actual: want };
      if (dryRun) return drift;
      const guard = locksInUse() || !have ? {} : { attemptMoves: have.attemptMoves ?? null };
      const done = await HouseholdCounterModel.updateOne(
        { _id: c.communeCode, ...guard },
        {
          $set: { failedAttempts: want },
          $setOnInsert: {
            provinceCode: c.provinceCode,
            districtCode: c.districtCode,
            counts: zeroStatusCounts(),
          },
        },
        { upsert: !have },
      );
      if (done.matchedCount + (done.upsertedCount ?? 0) > 0 || attempt >= 5) return drift;
    }
  });
}

/** One commune-day's delivered count, recounted under that counter's lock; the drift, if any. */
async function recountDay(c: CommunePath, day: string, dryRun: boolean): Promise<DeliveryDayDrift | null> {
  const { id, lockKey } = deliveryDayKey(c.communeCode, new Date(`${day}T12:00:00+07:00`));
  return withLock(lockKey, async () => {
    for (let attempt = 0; ; attempt++) {
      const have = await DeliveryDayCounterModel.findById(id, { delivered: 1, moves: 1 }).lean();
      const moves = have?.moves ?? [];
      let want = 0;
      for (const d of await communeDeliveries(c.communeCode, true))
        if (dayOf(d) === day && !uncounted(d, 'delivery.confirmed', moves)) want += 1;
      const counted = have?.delivered ?? 0;
      if (counted === want) return null;
      const drift = { communeCode: c.communeCode, day, counted, actual: want };
      if (dryRun) return drift;
      const guard = locksInUse() || !have ? {} : { moves: have.moves ?? null };
      const done = await DeliveryDayCounterModel.updateOne(
        { _id: id, ...guard },
        {
          $set: { delivered: want },
          $setOnInsert: {
            provinceCode: c.provinceCode,
            districtCode: c.districtCode,
            communeCode: c.communeCode,
            day,
          },
        },
        { upsert: !have },
      );
      if (done.matchedCount + (done.upsertedCount ?? 0) > 0 || attempt >= 5) return drift;
    }
  });
}

/** Recounts every commune's failed attempts; returns (and unless `dryRun` corrects) the drift. */
export async function recountFailedAttempts(dryRun = false): Promise<FailedAttemptDrift[]> {
  const drift: FailedAttemptDrift[] = [];
  for (const c of await communesToRecount()) {
    const d = await recountCommuneAttempts(c, dryRun);
    if (d) drift.push(d);
  }
  return drift;
}

/**
 * Recounts every commune's delivered deliveries per Vietnam day against its day counters: each
 * commune read once to find the days that differ, each of those recounted under its lock.
 */
export async function recountDeliveryDays(
  onRead: (n: number) => void = () => {},
  dryRun = false,
): Promise<DeliveryDayDrift[]> {
  const drift: DeliveryDayDrift[] = [];
  let read = 0;
  let reported = 0;
  for (const c of await communesToRecount()) {
    const stored = await DeliveryDayCounterModel.find(
      { communeCode: c.communeCode },
      { day: 1, delivered: 1, moves: 1 },
    ).lean();
    const byDay = new Map(stored.map((s) => [s.day, s]));
    const counted = new Map<string, number>();
    const delivered = await communeDeliveries(c.communeCode, true);
    for (const d of delivered) {
      const day = dayOf(d);
      if (!uncounted(d, 'delivery.confirmed', byDay.get(day)?.moves ?? []))
        counted.set(day, (counted.get(day) ?? 0) + 1);
    }
    read += delivered.length;
    if (read - reported >= 10_000) onRead((reported = read));
    const days = new Set([...counted.keys(), ...byDay.keys()]);
    for (const day of [...days].sort()) {
      if ((byDay.get(day)?.delivered ?? 0) === (counted.get(day) ?? 0)) continue;
      const d = await recountDay(c, day, dryRun); // under its lock: a move may have landed meanwhile
      if (d) drift.push(d);
    }
  }
  onRead(read);
  return drift;
}
