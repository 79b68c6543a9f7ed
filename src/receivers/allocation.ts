import { text, UnavailableError, type LocalizedText } from '../errors';
import { findByKey } from '../database/bulk-reads';
import { findPage } from '../database/postgres-reads';
import { updateEach } from '../database/bulk-writes';
import { withLock } from '../database/locks';
import { withLockSet } from '../database/lock-set';
import { countReceiverMoves, kindOf } from './counters';
import { ReceiverModel } from './model';
import { normalizeSerial } from './receiver-fields';
import type { ReceiverType } from '../receiver-types';
import type { StoredReceiver } from './receiver';
import { nextReceiverStatus, RECEIVER_STATUS_VI } from './status';
import { eachLimited } from '../each-limited';

export interface BatchRef {
  id: string;
  provinceCode: string;
  receiverType: ReceiverType;
}

export interface AllocationResult {
  allocated: string[];
  refused: { serial: string; reason: LocalizedText }[];
  shortBy: number;
}

// Allocating receivers to a batch (DESIGN §6), in chunks of 500 under their locks taken in one
// insert (busy ones, asked by serial, one at a time under their own lock). Called through
// receivers/service.ts, which audits what was allocated.

export const receiverLockKey = (serial: string) => `receiver:${serial}`;

// Parallel per-receiver steps: each holds one lock at a time, so they never wait on each other.
export const PARALLEL = 8;

type Allocatable = Pick<StoredReceiver, 'provinceCode' | 'type' | 'status' | 'batchId'>;

function whyNotAllocatable(batch: BatchRef, r: Allocatable | null): LocalizedText | null {
  // Another province's receiver reads as unknown: its serial says nothing to this batch's officials.
  if (!r || r.provinceCode !== batch.provinceCode)
    return text('không có trong kho của tỉnh', 'not in the province’s stock');
  if (r.type !== batch.receiverType)
    return text(
      `là đầu thu ${r.type}, đợt cần đầu thu ${batch.receiverType}`,
      `it is a ${r.type} receiver; the batch needs ${batch.receiverType}`,
    );
  if (r.status === 'allocated' && r.batchId === batch.id)
    return text('đã được phân cho đợt này', 'already allocated to this batch');
  if (r.status === 'allocated') return text('đã được phân cho một đợt khác', 'allocated to another batch');
  if (r.status !== 'in_stock')
    return text(`đầu thu ${RECEIVER_STATUS_VI[r.status]}`, `the receiver is ${r.status}`);
  return null;
}

/** in_stock → allocated under the receiver's lock; the reason when it cannot be. */
async function allocateOne(batch: BatchRef, serial: string): Promise<LocalizedText | null> {
  try {
    return await withLock(receiverLockKey(serial), async () => {
      const r = await ReceiverModel.findOne(
        { serial },
        { provinceCode: 1, type: 1, lot: 1, supplier: 1, status: 1, batchId: 1 },
      ).lean();
      const why = whyNotAllocatable(batch, r);
      if (why || !r) return why;
      const { modifiedCount } = await ReceiverModel.updateOne(
        { serial, status: 'in_stock' },
        {
          $set: { status: nextReceiverStatus('in_stock', 'allocate'), batchId: batch.id },
          $inc: { version: 1 },
        },
      );
      if (modifiedCount !== 1) return text('vừa được phân cho đợt khác', 'taken by another batch meanwhile');
      await countReceiverMoves([{ ...kindOf(r), from: 'in_stock', to: 'allocated' }]);
      return null;
    });
  } catch (err) {
    if (err instanceof UnavailableError) return text('đang bận, hãy thử lại', 'busy; try again');
    throw err;
  }
}

const CHUNK = 500;

/**
 * Many receivers in stock → allocated, in few round trips: lock them in one insert, read them in
 * one query, write the allocatable ones conditionally on in_stock (bulk-writes.ts). `null` for each
 * one allocated to the batch by this call; busy ones (another request holds their lock) are left out.
 */
async function allocateChunk(batch: BatchRef, serials: string[]): Promise<Map<string, LocalizedText | null>> {
  const out = new Map<string, LocalizedText | null>();
  await withLockSet(serials.map(receiverLockKey), async (held) => {
    const mine = serials.filter((s) => held.has(receiverLockKey(s)));
    if (mine.length === 0) return;
    const docs = await findByKey<StoredReceiver>(ReceiverModel, 'serial', mine);
    const bySerial = new Map(docs.map((d) => [d.serial, d]));
    const writes = [];
    for (const serial of mine) {
      const r = bySerial.get(serial) ?? null;
      const why = whyNotAllocatable(batch, r);
      if (why || !r) out.set(serial, why);
      else writes.push(r);
    }
    const written = await updateEach(
      ReceiverModel,
      writes.map((r) => ({
        _id: r._id,
        expect: { status: 'in_stock' },
        update: {
          $set: { status: nextReceiverStatus('in_stock', 'allocate'), batchId: batch.id },
          $inc: { version: 1 },
        },
      })),
      { status: 1, batchId: 1 },
      (doc) => doc.status === 'allocated' && doc.batchId === batch.id,
    );
    await countReceiverMoves(
      writes
        .filter((r) => written.has(String(r._id)))
        .map((r) => ({ ...kindOf(r), from: 'in_stock' as const, to: 'allocated' as const })),
    );
    for (const r of writes) {
      out.set(
        r.serial,
        written.has(String(r._id))
          ? null
          : text('vừa được phân cho đợt khác', 'taken by another batch meanwhile'),
      );
    }
  });
  return out;
}

export async function allocateBySerials(
  batch: BatchRef,
  raw: string[],
  result: AllocationResult,
): Promise<void> {
  const serials = raw.map(normalizeSerial);
  const outcome = new Map<string, LocalizedText | null>();
  const first = [...new Set(serials)];
  try {
    for (let i = 0; i < first.length; i += CHUNK) {
      const chunk = first.slice(i, i + CHUNK);
      for (const [serial, why] of await allocateChunk(batch, chunk)) outcome.set(serial, why);
      // Busy receivers (locked by another request) wait for their lock one at a time.
      await eachLimited(
        chunk.filter((s) => !outcome.has(s)),
        PARALLEL,
        async (serial) => {
          outcome.set(serial, await allocateOne(batch, serial));
        },
      );
    }
  } finally {
    collect(serials, outcome, result);
  }
}

/** Results in the order asked, whatever order the parallel steps finished in. */
function collect(serials: string[], outcome: Map<string, LocalizedText | null>, result: AllocationResult) {
  const seen = new Set<string>();
  for (const serial of serials) {
    if (seen.has(serial)) {
      result.refused.push({ serial, reason: text('lặp lại trong danh sách', 'repeated in the list') });
      continue;
    }
    seen.add(serial);
    if (!outcome.has(serial)) continue;
    const reason = outcome.get(serial);
    if (reason) result.refused.push({ serial, reason });
    else result.allocated.push(serial);
  }
}

/** The oldest receivers in stock; one lost to a parallel allocation is replaced by the next. */
export async function allocateByCount(
  batch: BatchRef,
  count: number,
  result: AllocationResult,
): Promise<void> {
  const tried = new Set<string>();
  let need = count;
  while (need > 0) {
    // A page of the stock: on the embedded PostgreSQL one sorted, limited query (postgres-reads.ts)
    // where FerretDB would decode every receiver in stock for each round.
    const { docs: found } = await findPage<{ serial: string }>(ReceiverModel, {
      filter: { provinceCode: batch.provinceCode, type: batch.receiverType, status: 'in_stock' },
      sort: { createdAt: 1, serial: 1 },
      skip: 0,
      limit: Math.min(need, CHUNK) + tried.size,
      total: false,
    });
    const candidates = found
      .map((d) => d.serial)
      .filter((s) => !tried.has(s))
      .slice(0, Math.min(need, CHUNK));
    if (candidates.length === 0) break;
    for (const s of candidates) tried.add(s);
    const round: AllocationResult = { allocated: [], refused: [], shortBy: 0 };
    // Busy ones are left to the request holding them; the next round takes the next in stock.
    const outcome = await allocateChunk(batch, candidates);
    collect(
      candidates.filter((c) => outcome.has(c)),
      outcome,
      round,
    );
    result.allocated.push(...round.allocated);
    need -= round.allocated.length;
  }
  result.shortBy = need;
}
