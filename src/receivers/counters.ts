import { randomInt } from 'node:crypto';
import { withLock } from '../database/locks';
import { postgresReadsInUse } from '../database/postgres-reads';
import { addIncrements, rewriteInPostgres } from '../database/postgres-rewrite';
import { ReceiverCounterModel } from './counter-model';
import { ReceiverModel } from './model';
import type { ReceiverType } from '../receiver-types';
import { RECEIVER_STATUSES, type ReceiverStatus } from './status';

// The receiver counters (counter-model.ts): moved after each receiver write by the receivers
// service, read by the inventory report. A process dying between a receiver write and its counter
// move leaves drift, which recountReceivers finds and repairs.

export type ReceiverStatusCounts = Record<ReceiverStatus, number>;

export interface ReceiverKind {
  provinceCode: string;
  type: ReceiverType;
  lot?: string | null;
  supplier?: string | null;
}

/** One receiver (or `n`) of a kind going from one status to another (`from` null: registered). */
export interface ReceiverMove extends ReceiverKind {
  from: ReceiverStatus | null;
  to: ReceiverStatus | null;
  n?: number;
}

export const zeroReceiverCounts = (): ReceiverStatusCounts =>
  Object.fromEntries(RECEIVER_STATUSES.map((s) => [s, 0])) as ReceiverStatusCounts;

export function receiverCounterId(k: ReceiverKind): string {
  return [k.provinceCode, k.type, k.lot ?? '', k.supplier ?? ''].join('|');
}

// Each kind's counter is kept in SHARDS documents (`<kind>#<n>`), each move landing in one picked at
// random, and read as their sum. With one document per kind every confirmation of a province's lot
// waited for the same lock (FerretDB's $inc is not atomic, so a move takes the counter's lock): at
// 50 connections confirmations queued behind it and timed out as "busy" (bench:http at 35,000).
export const RECEIVER_COUNTER_SHARDS = 16;

const shardId = (kindId: string, shard: number) => `${kindId}#${shard}`;

/** The kind a counter document counts (its id without the shard). */
export const kindIdOf = (counterId: string) => counterId.replace(/#\d+$/, '');

/** Pure: the moves summed per counter document, as $inc operands (no-op moves left out). */
export function counterIncrements(moves: readonly ReceiverMove[]) {
  const byId = new Map<string, { kind: ReceiverKind; inc: Record<string, number> }>();
  for (const m of moves) {
    if (m.from === m.to) continue;
    const id = receiverCounterId(m);
    const entry = byId.get(id) ?? {
      kind: { provinceCode: m.provinceCode, type: m.type, lot: m.lot ?? null, supplier: m.supplier ?? null },
      inc: {},
    };
    const n = m.n ?? 1;
    if (m.from) entry.inc[`counts.${m.from}`] = (entry.inc[`counts.${m.from}`] ?? 0) - n;
    if (m.to) entry.inc[`counts.${m.to}`] = (entry.inc[`counts.${m.to}`] ?? 0) + n;
    byId.set(id, entry);
  }
  return [...byId.entries()]
    .map(([id, e]) => ({
      id,
      kind: e.kind,
      inc: Object.fromEntries(Object.entries(e.inc).filter(([, v]) => v)),
    }))
    .filter((e) => Object.keys(e.inc).length > 0);
}

/** Applies receiver status moves to the counters: one $inc per kind in one of its shards, under that shard's lock (FerretDB). */
export async function countReceiverMoves(moves: readonly ReceiverMove[]): Promise<void> {
  for (const { id: kindId, kind, inc } of counterIncrements(moves)) {
    const id = shardId(kindId, randomInt(RECEIVER_COUNTER_SHARDS));
    await withLock(`receiver-counter:${id}`, async () => {
      // The embedded default rewrites an existing shard in PostgreSQL (postgres-rewrite.ts); a
      // shard not created yet is created by the upsert below, under the same lock.
      const done = postgresReadsInUse()
        ? await rewriteInPostgres(ReceiverCounterModel, id, (doc) => {
            addIncrements(doc, inc);
            return true;
          })
        : 'ordinary';
      if (done !== 'ordinary') return;
      await ReceiverCounterModel.updateOne(
        { _id: id },
        {
          $inc: inc,
          $setOnInsert: {
            provinceCode: kind.provinceCode,
            type: kind.type,
            lot: kind.lot ?? null,
            supplier: kind.supplier ?? null,
          },
        },
        { upsert: true },
      );
    });
  }
}

export interface ReceiverCounter {
  provinceCode: string;
  type: ReceiverType;
  lot: string | null;
  supplier: string | null;
  counts: ReceiverStatusCounts;
}

type StoredCounter = { _id: string; counts?: Partial<ReceiverStatusCounts> | null } & ReceiverKind;

/** The shards' documents summed per kind. */
function sumShards(docs: readonly StoredCounter[]): Map<string, ReceiverCounter> {
  const out = new Map<string, ReceiverCounter>();
  for (const d of docs) {
    const kindId = kindIdOf(d._id);
    const c = out.get(kindId) ?? {
      provinceCode: d.provinceCode,
      type: d.type,
      lot: d.lot ?? null,
      supplier: d.supplier ?? null,
      counts: zeroReceiverCounts(),
    };
    for (const s of RECEIVER_STATUSES) c.counts[s] += d.counts?.[s] ?? 0;
    out.set(kindId, c);
  }
  return out;
}

/** The counters of one province (one per type, lot and supplier, summed over its shards). */
export async function receiverCountersOf(provinceCode: string): Promise<ReceiverCounter[]> {
  const docs = await ReceiverCounterModel.find({ provinceCode }).lean<StoredCounter[]>();
  return [...sumShards(docs).values()];
}

export interface ReceiverCounterDrift {
  counter: string;
  status: ReceiverStatus;
  counted: number;
  actual: number;
}

interface GroupRow {
  _id: {
    provinceCode: string;
    type: ReceiverType;
    lot: string | null;
    supplier: string | null;
    status: ReceiverStatus;
  };
  n: number;
}

/**
 * Recounts the receivers (of one province, or all) per kind and status, corrects the counters and
 * returns what differed. Reads every receiver: a repair command, not a report.
 */
export async function recountReceivers(provinceCode?: string): Promise<ReceiverCounterDrift[]> {
  const rows = await ReceiverModel.aggregate<GroupRow>([
    { $match: provinceCode ? { provinceCode } : {} },
    {
      $group: {
        _id: {
          provinceCode: '$provinceCode',
          type: '$type',
          lot: '$lot',
          supplier: '$supplier',
          status: '$status',
        },
        n: { $sum: 1 },
      },
    },
  ]);
  const actual = new Map<string, { kind: ReceiverKind; counts: ReceiverStatusCounts }>();
  for (const { _id: k, n } of rows) {
    const id = receiverCounterId(k);
    const entry = actual.get(id) ?? {
      kind: { ...k, lot: k.lot ?? null, supplier: k.supplier ?? null },
      counts: zeroReceiverCounts(),
    };
    entry.counts[k.status] += n;
    actual.set(id, entry);
  }
  const stored = await ReceiverCounterModel.find(provinceCode ? { provinceCode } : {}).lean<
    StoredCounter[]
  >();
  const storedByKind = sumShards(stored);
  const drift: ReceiverCounterDrift[] = [];
  for (const id of new Set([...actual.keys(), ...storedByKind.keys()])) {
    const want = actual.get(id)?.counts ?? zeroReceiverCounts();
    const have = storedByKind.get(id);
    const diffs = RECEIVER_STATUSES.filter((s) => (have?.counts[s] ?? 0) !== want[s]);
    if (diffs.length === 0) continue;
    for (const status of diffs)
      drift.push({ counter: id, status, counted: have?.counts[status] ?? 0, actual: want[status] });
    const kind = actual.get(id)?.kind ?? have;
    if (!kind) continue;
    // The whole count in shard 0, the others emptied (an unsharded document of an earlier version too).
    const shards = stored.filter((d) => kindIdOf(d._id) === id && d._id !== shardId(id, 0));
    for (const d of shards)
      await withLock(`receiver-counter:${d._id}`, () =>
        ReceiverCounterModel.updateOne({ _id: d._id }, { $set: { counts: zeroReceiverCounts() } }),
      );
    await withLock(`receiver-counter:${shardId(id, 0)}`, () =>
      ReceiverCounterModel.updateOne(
        { _id: shardId(id, 0) },
        {
          $set: {
            counts: want,
            provinceCode: kind.provinceCode,
            type: kind.type,
            lot: kind.lot ?? null,
            supplier: kind.supplier ?? null,
          },
        },
        { upsert: true },
      ),
    );
  }
  return drift;
}

/** The counter a receiver counts in. */
export function kindOf(r: ReceiverKind): ReceiverKind {
  return { provinceCode: r.provinceCode, type: r.type, lot: r.lot ?? null, supplier: r.supplier ?? null };
}
