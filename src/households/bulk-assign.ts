import * as audit from '../audit/service';
import { findByIds } from '../database/bulk-reads';
import { updateEach } from '../database/bulk-writes';
import { AppError, text, type LocalizedText } from '../errors';
import { withLockSet } from '../database/lock-set';
import type { Actor } from '../users/roles';
import { countTransitionOnce } from './counters';
import { assignToBatch } from './delivery-steps';
import { HouseholdModel } from './model';
import { type StoredHousehold } from './household';

// Many households approved → assigned at once, for a batch adding households in chunks (the
// household's side of batches/assignment.ts). Same steps as bulk review: one lock insert, one read,
// conditional writes carrying the chunk's marker, then counter moves and audit entries keyed by
// it, so a resumed job redoing the chunk lands them once. Busy households go one at a time.

export interface BulkStepContext {
  /** Recognises households moved by an earlier run of the same job. */
  jobId: string;
  /** This run's chunk: stored on each household written (`bulkOp`). */
  marker: string;
}

const changed = text('hộ vừa thay đổi trạng thái', 'the household changed meanwhile');

/** For each id: null when it is now assigned to the batch (by this step or an earlier run), else why not. */
export async function assignManyToBatch(
  ids: string[],
  batchId: string,
  ctx: BulkStepContext,
  actor: Actor,
): Promise<Map<string, LocalizedText | null>> {
  const key = (id: string) => `household:${id}`;
  const out = await withLockSet(ids.map(key), async (held) => {
    const result = new Map<string, LocalizedText | null>();
    const mine = ids.filter((id) => held.has(key(id)));
    const docs = await findByIds<StoredHousehold>(HouseholdModel, mine);
    const moved: { d: (typeof docs)[number]; marker: string; version: number }[] = [];
    const writes: (typeof docs)[number][] = [];
    for (const d of docs) {
      const earlier =
        d.status === 'assigned' && d.batchId === batchId && d.bulkOp?.startsWith(`${ctx.jobId}.`);
      if (earlier && d.bulkOp) moved.push({ d, marker: d.bulkOp, version: d.version - 1 });
      else if (d.status === 'approved') writes.push(d);
      else result.set(String(d._id), changed);
    }
    const written = await updateEach(
      HouseholdModel,
      writes.map((d) => ({
        _id: d._id,
        expect: { status: 'approved', version: d.version },
        update: { $set: { status: 'assigned', batchId, bulkOp: ctx.marker }, $inc: { version: 1 } },
      })),
      { status: 1, bulkOp: 1 },
      (doc) => doc.status === 'assigned' && doc.bulkOp === ctx.marker,
    );
    for (const d of writes) {
      if (written.has(String(d._id))) moved.push({ d, marker: ctx.marker, version: d.version });
      else result.set(String(d._id), changed);
    }
    const groups = new Map<string, typeof moved>();
    for (const m of moved) {
      const k = `${m.marker}|${m.d.area.communeCode}`;
      groups.set(k, [...(groups.get(k) ?? []), m]);
    }
    for (const ms of groups.values()) {
      await countTransitionOnce(ms[0].marker, ms[0].d.area, 'approved', 'assigned', ms.length);
    }
    await audit.recordMany(
      actor,
      'household.assigned',
      moved.map(({ d, marker, version }) => ({
        key: `${marker}:${String(d._id)}`,
        entity: { type: 'household', id: String(d._id), area: d.area },
        before: { status: 'approved', version, statusReason: d.statusReason ?? null },
        after: { status: 'assigned', version: version + 1, statusReason: d.statusReason ?? null },
      })),
    );
    for (const m of moved) result.set(String(m.d._id), null);
    return result;
  });
  for (const id of ids) {
    if (out.has(id)) continue;
    try {
      await assignToBatch(id, batchId, actor);
      out.set(id, null);
    } catch (err) {
      if (!(err instanceof AppError)) throw err;
      out.set(id, changed);
    }
  }
  return out;
}
