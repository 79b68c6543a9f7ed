import * as audit from '../audit/service';
import { RuleViolationError, text, type LocalizedText } from '../errors';
import { assignManyToBatch } from '../households/bulk-assign';
import * as householdSteps from '../households/delivery-steps';
import type { BatchCandidate } from '../households/delivery-steps';
import {
  inlineRun,
  jobChunkSize,
  requestHashOf,
  startJob,
  type Job,
  type JobItemResult,
  type JobRun,
} from '../jobs/service';
import * as receivers from '../receivers/service';
import type { Actor } from '../users/roles';
import { capacityLeft, claimCapacity, releaseCapacity } from './capacity';
import { DeliveryModel } from './delivery-model';
import { createDeliveries } from './pending-deliveries';
import { assertMayManageBatch, loadBatch, withManagedBatch, type StoredBatch } from './service';
import { assertBatchAllows } from './status';

// Promising receivers to households (DESIGN §6), in chunks of a few hundred (issue 9): per chunk,
// claim capacity on the batch's counter (capacity.ts: never more households than receivers), read
// the households in one query, create their pending deliveries in one insert (the unique slot
// refuses a household already in a batch), move them approved → assigned in bulk (households/
// bulk-assign.ts), delete the deliveries of those that could not be moved, audit, and give back
// the unused claim. Run inside one request, or as a job (jobs/service.ts) resumable by its key.

export interface AddHouseholdsInput {
  /** Explicit households; or, when absent, the oldest approved of the batch's communes. */
  householdIds?: string[];
  /** With auto-selection: at most this many (default: as many as receivers allow). */
  limit?: number;
}

export interface AddHouseholdsResult {
  added: string[];
  refused: { householdId: string; reason: LocalizedText }[];
  /** Allocated receivers not yet promised, after this call. */
  capacity: number;
}

/** What one read of the oldest approved households looks ahead for auto-add (a batch's size). */
const MAX_BATCH_HOUSEHOLDS = 5_000;

/** Allocated receivers of the batch not yet promised (installed ones are delivered). */
export const capacityOf = capacityLeft;

function whyNot(batch: StoredBatch, h: BatchCandidate | null): LocalizedText | null {
  if (!h || h.area.provinceCode !== batch.provinceCode) return text('không tìm thấy hộ', 'no such household');
  if (!batch.communeCodes.includes(h.area.communeCode))
    return text('hộ không thuộc các xã của đợt', 'not in one of the batch’s communes');
  // Assigned to this batch: an earlier run of the same job may have stopped after moving it.
  if (h.status !== 'approved' && !(h.status === 'assigned' && h.batchId === String(batch._id)))
    return text(`hộ đang ở trạng thái ${h.status}, chưa thể xếp đợt`, `the household is ${h.status}`);
  if (h.receiverType !== batch.receiverType)
    return text(`hộ cần đầu thu ${h.receiverType}`, `the household needs a ${h.receiverType} receiver`);
  return null;
}

const noCapacity = text('đợt không còn đầu thu chưa hứa cho hộ nào', 'no receiver of the batch is left');
const inOtherBatch = text('hộ đã có trong một đợt lắp đặt khác', 'the household is already in a batch');

async function addChunk(
  batch: StoredBatch,
  candidates: (BatchCandidate | null)[],
  ids: string[],
  claimed: number,
  ctx: { jobId: string; marker: string },
  actor: Actor,
): Promise<JobItemResult[]> {
  const why = new Map<string, LocalizedText>();
  const take: BatchCandidate[] = [];
  candidates.forEach((h, i) => {
    const reason = whyNot(batch, h);
    if (reason || !h) why.set(ids[i], reason ?? text('không tìm thấy hộ', 'no such household'));
    else if (take.length < claimed) take.push(h);
    else why.set(ids[i], noCapacity);
  });
  const deliveries = await createDeliveries(batch, take, actor);
  for (const h of take) if (!deliveries.has(h.id)) why.set(h.id, inOtherBatch);
  const pending = take.filter((h) => deliveries.has(h.id));
  const moved = await assignManyToBatch(
    pending.map((h) => h.id),
    String(batch._id),
    ctx,
    actor,
  );
  const undo: string[] = [];
  for (const h of pending) {
    const reason = moved.get(h.id);
    if (reason === null) continue;
    why.set(h.id, reason ?? text('hộ vừa thay đổi trạng thái', 'the household changed meanwhile'));
    // Only a delivery this call created: an existing one belongs to whoever assigned the household.
    const d = deliveries.get(h.id);
    if (d?.created) undo.push(d.deliveryId);
  }
  if (undo.length) await DeliveryModel.deleteMany({ _id: { $in: undo }, status: 'pending' });
  const added = pending.filter((h) => !why.has(h.id));
  await audit.recordMany(
    actor,
    'delivery.created',
    added.map((h) => ({
      key: `${ctx.jobId}:${h.id}`,
      entity: { type: 'delivery', id: deliveries.get(h.id)?.deliveryId ?? '', area: h.area },
      after: { status: 'pending', batchId: String(batch._id), householdId: h.id },
    })),
  );
  return ids.map((id) => {
    const reason = why.get(id);
    return reason ? { id, outcome: 'skipped', message: reason } : { id, outcome: 'added' };
  });
}

interface ChunkPlan {
  ids: string[];
  claimed: number;
}

/**
 * The next chunk's households: the explicit list's slice, or the oldest approved not yet tried.
 * The oldest are read for the whole run at once (`ahead` of them, at most a batch's worth) and
 * handed out chunk by chunk; read again only when used up, since each read sorts every approved
 * household of the batch's communes.
 */
async function nextIds(
  batch: StoredBatch,
  input: AddHouseholdsInput,
  n: number,
  want: number,
  tried: Set<string>,
  queue: { ids: string[]; ahead: number },
) {
  if (input.householdIds) return input.householdIds.slice(n * jobChunkSize(), (n + 1) * jobChunkSize());
  let fresh = queue.ids.filter((id) => !tried.has(id));
  if (fresh.length < want) {
    const found = await householdSteps.oldestApproved(
      batch.communeCodes,
      batch.receiverType,
      Math.max(want, queue.ahead) + tried.size,
    );
    fresh = found.map((c) => c.id).filter((id) => !tried.has(id));
  }
  queue.ids = fresh.slice(want);
  return fresh.slice(0, want);
}

/** Adds households in chunks (see above); `run` keeps chunk plans and results across a resume. */
export async function addHouseholds(
  batchId: string,
  input: AddHouseholdsInput,
  actor: Actor,
  run: JobRun = inlineRun(),
): Promise<AddHouseholdsResult> {
  const batch = await loadBatch(batchId, actor);
  assertMayManageBatch(actor, batch.provinceCode);
  assertBatchAllows(batch.status, 'add_households');
  const ids = input.householdIds ? [...new Set(input.householdIds)] : undefined;
  const capacity = await capacityLeft(batchId);
  if (ids && ids.length > capacity && !run.chunk(0)) {
    throw new RuleViolationError(
      text(
        `Đợt chỉ còn ${capacity} đầu thu chưa hứa cho hộ nào; hãy phân thêm đầu thu trước`,
        `The batch has only ${capacity} receivers not yet promised; allocate more first`,
      ),
      { capacity, requested: ids.length },
    );
  }
  const limit = ids ? ids.length : (input.limit ?? Number.MAX_SAFE_INTEGER);
  const tried = new Set<string>();
  const queue = { ids: [] as string[], ahead: Math.min(limit, capacity, MAX_BATCH_HOUSEHOLDS) };
  const ctxOf = (n: number) => ({ jobId: run.jobId, marker: `${run.jobId}.${run.runId}.${n}` });
  for (let n = 0; ; n++) {
    const stored = run.chunk(n);
    if (stored?.results) {
      for (const id of (stored.plan as ChunkPlan).ids) tried.add(id);
      continue;
    }
    let plan = stored?.plan as ChunkPlan | undefined;
    if (!plan) {
      const addedSoFar = run.results().filter((r) => r.outcome === 'added').length;
      const want = Math.min(jobChunkSize(), limit - addedSoFar);
      const next =
        want > 0 ? await nextIds(batch, { ...input, householdIds: ids }, n, want, tried, queue) : [];
      if (next.length === 0) break;
      // Claimed before the deliveries exist and saved with the plan: a resumed run reuses the claim.
      plan = { ids: next, claimed: await claimCapacity(batchId, next.length) };
      if (plan.claimed === 0 && !ids) {
        break;
      }
      await run.savePlans([plan], n);
    }
    for (const id of plan.ids) tried.add(id);
    const candidates = await householdSteps.batchCandidatesOf(plan.ids);
    const results = await addChunk(batch, candidates, plan.ids, plan.claimed, ctxOf(n), actor);
    await run.saveResults(n, results);
    // Given back after the results are stored: a crash in between leaves the claim unused (safe).
    await releaseCapacity(batchId, plan.claimed - results.filter((r) => r.outcome === 'added').length);
  }
  const all = run.results();
  return {
    added: all.filter((r) => r.outcome === 'added').map((r) => r.id),
    refused: all
      .filter((r) => r.outcome !== 'added')
      .map((r) => ({ householdId: r.id, reason: r.message ?? noCapacity })),
    capacity: await capacityLeft(batchId),
  };
}

/**
 * addHouseholds as a job (`Prefer: respond-async`): checks the batch now (404, 403, 422 answer at
 * once), then works in the background; a retry with the same Idempotency-Key resumes it.
 */
export async function addHouseholdsAsJob(
  batchId: string,
  input: AddHouseholdsInput,
  idempotencyKey: string | undefined,
  actor: Actor,
): Promise<Job> {
  const batch = await loadBatch(batchId, actor);
  assertMayManageBatch(actor, batch.provinceCode);
  assertBatchAllows(batch.status, 'add_households');
  const kind = 'batches.add_households';
  return startJob(
    { kind, actor, idempotencyKey, requestHash: requestHashOf(kind, batchId, input) },
    async (run) => {
      const { added, capacity } = await addHouseholds(batchId, input, actor, run);
      return { added: added.length, capacity };
    },
  );
}

export async function allocateToBatch(
  batchId: string,
  input: { serials?: string[]; count?: number },
  actor: Actor,
) {
  return withManagedBatch(batchId, actor, async (batch) => {
    assertBatchAllows(batch.status, 'allocate');
    const result = await receivers.allocateReceivers(
      { id: batchId, provinceCode: batch.provinceCode, receiverType: batch.receiverType },
      input,
      actor,
    );
    return { ...result, capacity: await capacityOf(batchId) };
  });
}
