import { DeliveryModel } from './delivery-model';
import {
  failedAttemptCounts,
  recountHouseholds,
  setFailedAttempts,
  type CounterDrift,
} from '../households/counters';
import { withLock } from '../database/locks';
import { DeliveryDayCounterModel } from './day-counter-model';
import { vietnamDay } from '../vietnam-time';

// `npm run stats:recompute` (DESIGN §8): rebuilds every counter the reports read from the records
// themselves and returns each count it corrected. Like recountHouseholds, run it when deliveries are
// not changing (or run it twice): a change caught between its record write and its counter update
// shows as drift, and its pending $inc lands on top of the corrected value.
//
// The one place reports write: these counters exist only for reports, and the household counters'
// failedAttempts are kept by batches with $inc, which this overwrites under the same lock key.

export interface FailedAttemptDrift {
  communeCode: string;
  counted: number;
  actual: number;
}

export interface DeliveryDayDrift {
  communeCode: string;
  day: string;
  counted: number;
  actual: number;
}

export interface RecomputeResult {
  households: CounterDrift[];
  failedAttempts: FailedAttemptDrift[];
  deliveryDays: DeliveryDayDrift[];
}

export type RecomputeStep = 'households' | 'failedAttempts' | 'deliveryDays';
/** Called as each step starts (no count), then for deliveries every 10,000 read and once at the end. */
export type RecomputeProgress = (step: RecomputeStep, read?: number) => void;

interface CommunePath {
  provinceCode: string;
  districtCode: string | null;
  communeCode: string;
}

async function recomputeFailedAttempts(): Promise<FailedAttemptDrift[]> {
  // Every failed visit is an attempt (issue 12: a temporary one keeps the delivery pending); a
  // delivery failed before attempts were recorded counts once. Read through a cursor, counted here:
  // FerretDB 1.24's $unwind keeps only _id and the unwound field, so no $group can follow it.
  const rows: { _id: CommunePath; n: number }[] = [];
  const all = DeliveryModel.find({}, { area: 1, status: 1, attempts: 1 }).lean().cursor();
  for await (const d of all) {
    const n = d.attempts?.length || (d.status === 'failed' ? 1 : 0);
    if (n > 0) rows.push({ _id: { ...d.area, districtCode: d.area.districtCode ?? null }, n });
  }
  const actual = new Map<string, { path: CommunePath; n: number }>();
  for (const r of rows) {
    const seen = actual.get(r._id.communeCode);
    actual.set(r._id.communeCode, { path: r._id, n: (seen?.n ?? 0) + r.n });
  }
  const counted = await failedAttemptCounts();
  const communes = [...new Set([...actual.keys(), ...counted.keys()])].sort();
  const drift: FailedAttemptDrift[] = [];
  for (const communeCode of communes) {
    const want = actual.get(communeCode);
    const have = counted.get(communeCode) ?? 0;
    if (have === (want?.n ?? 0)) continue;
    drift.push({ communeCode, counted: have, actual: want?.n ?? 0 });
    await setFailedAttempts(
      {
        provinceCode: want?.path.provinceCode ?? '',
        districtCode: want?.path.districtCode ?? null,
        communeCode,
      },
      want?.n ?? 0,
    );
  }
  return drift;
}

/**
 * Delivered deliveries per commune and Vietnam day, read through a cursor: memory holds one entry
 * per commune and day, never the deliveries.
 */
async function countDeliveredDays(
  onRead: (n: number) => void,
): Promise<Map<string, CommunePath & { day: string; n: number }>> {
  const actual = new Map<string, CommunePath & { day: string; n: number }>();
  const cursor = DeliveryModel.find({ status: 'delivered' }, { area: 1, deliveredAt: 1, updatedAt: 1 })
    .lean()
    .cursor({ batchSize: 1000 });
  let read = 0;
  for await (const d of cursor) {
    const at = d.deliveredAt ?? d.updatedAt; // a delivered delivery always has deliveredAt; be safe
    const day = vietnamDay(at);
    const key = `${d.area.communeCode}:${day}`;
    const entry = actual.get(key) ?? {
      provinceCode: d.area.provinceCode,
      districtCode: d.area.districtCode ?? null,
      communeCode: d.area.communeCode,
      day,
      n: 0,
    };
    entry.n += 1;
    actual.set(key, entry);
    if (++read % 10_000 === 0) onRead(read);
  }
  onRead(read);
  return actual;
}

async function recomputeDeliveryDays(onRead: (n: number) => void): Promise<DeliveryDayDrift[]> {
  const actual = await countDeliveredDays(onRead);
  const drift: DeliveryDayDrift[] = [];
  const fixes: { key: string; set: CommunePath & { day: string; delivered: number } }[] = [];
  for await (const s of DeliveryDayCounterModel.find({}).lean().cursor({ batchSize: 1000 })) {
    const want = actual.get(s._id);
    actual.delete(s._id);
    if (s.delivered === (want?.n ?? 0)) continue;
    drift.push({ communeCode: s.communeCode, day: s.day, counted: s.delivered, actual: want?.n ?? 0 });
    fixes.push({
      key: s._id,
      set: {
        provinceCode: s.provinceCode,
        districtCode: s.districtCode ?? null,
        communeCode: s.communeCode,
        day: s.day,
        delivered: want?.n ?? 0,
      },
    });
  }
  for (const [key, want] of actual) {
    drift.push({ communeCode: want.communeCode, day: want.day, counted: 0, actual: want.n });
    const { n, ...path } = want;
    fixes.push({ key, set: { ...path, delivered: n } });
  }
  for (const f of fixes) {
    await withLock(`delivery-day-counter:${f.key}`, () =>
      DeliveryDayCounterModel.updateOne({ _id: f.key }, { $set: f.set }, { upsert: true }),
    );
  }
  return drift.sort((a, b) =>
    a.communeCode === b.communeCode ? (a.day < b.day ? -1 : 1) : a.communeCode < b.communeCode ? -1 : 1,
  );
}

/** Rebuilds failed attempts and delivery-day counters (reconcile recounts households itself). */
export async function recomputeDeliveryStats(): Promise<Omit<RecomputeResult, 'households'>> {
  return {
    failedAttempts: await recomputeFailedAttempts(),
    deliveryDays: await recomputeDeliveryDays(() => {}),
  };
}

/** Rebuilds household counters, failed attempts and delivery-day counters; returns what it corrected. */
export async function recomputeStats(onProgress: RecomputeProgress = () => {}): Promise<RecomputeResult> {
  onProgress('households');
  const households = await recountHouseholds();
  onProgress('failedAttempts');
  const failedAttempts = await recomputeFailedAttempts();
  onProgress('deliveryDays');
  const deliveryDays = await recomputeDeliveryDays((n) => onProgress('deliveryDays', n));
  return { households, failedAttempts, deliveryDays };
}
