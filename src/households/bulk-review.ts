import * as areas from '../areas/service';
import { ForbiddenError, NotFoundError, text } from '../errors';
import { jobChunkSize, requestHashOf, startJob, type Job, type JobRun } from '../jobs/service';
import { isWithinScope, type Actor } from '../users/roles';
import {
  reviewChunk,
  type BulkReviewAction,
  type BulkReviewTarget,
  type ListYears,
} from './bulk-review-chunk';
import { foldVietnamese } from '../vietnamese';
import { HouseholdModel } from './model';

// Bulk review (issue 9): `POST /households/approve` and `/reject` over up to 10,000 households, as
// a job (jobs/service.ts) in chunks. Per chunk, in bounded round trips: lock the chunk's households
// in one insert (lock-set.ts), read them in one query, judge each with the same rules as a single
// review, write the transitions (conditional on the status and version read), then move the
// counters and write the audit entries, both keyed by the chunk's marker (`bulkOp`, stored on each
// household in the same write). A resumed job redoing a chunk finds its own marker on households
// it already moved, reports them as done, and re-applies the keyed counter moves and audit entries,
// which land only once. Households whose lock is busy go through the single-household path.

export const BULK_REVIEW_MAX = 10_000;

/**
 * Flat equality filters only, one query per commune (each scans one commune on FerretDB): the
 * communes named, or every commune of `areaCode` (a commune, district or province in the actor's
 * area), as the list's filter of the same name.
 */
export interface BulkReviewFilter {
  communeCodes?: string[];
  areaCode?: string;
  village?: string;
  eligible?: boolean;
  needsDuplicateReview?: boolean;
  /** The list's name for needsDuplicateReview. */
  duplicate?: boolean;
}

export interface BulkReviewInput {
  ids?: (string | BulkReviewTarget)[];
  filter?: BulkReviewFilter;
  /** Required to reject. */
  reason?: string;
}

function assertReviewer(actor: Actor): void {
  if (actor.role !== 'official' && actor.role !== 'admin') {
    throw new ForbiddenError(
      text('Chỉ cán bộ cấp trên xã được duyệt danh sách', 'Only officials review households'),
    );
  }
}

function targetsOfIds(ids: (string | BulkReviewTarget)[]): BulkReviewTarget[] {
  const seen = new Set<string>();
  const out: BulkReviewTarget[] = [];
  for (const raw of ids) {
    const t = typeof raw === 'string' ? { id: raw } : raw;
    if (seen.has(t.id)) continue;
    seen.add(t.id);
    out.push(t);
  }
  return out;
}

/**
 * The filter's communes, each inside the actor's area (else 404, like any area): those named, or
 * those of `areaCode`, resolved once when the job starts so a retry reviews the same communes.
 */
async function checkFilterCommunes(filter: BulkReviewFilter, actor: Actor): Promise<BulkReviewFilter> {
  const outside = (code: string) =>
    new NotFoundError(text(`Không tìm thấy đơn vị ${code}`, `No area ${code}`), { areaCode: code });
  if (filter.areaCode) {
    const area = await areas.findArea(filter.areaCode);
    if (!area || !isWithinScope(actor.scope, area)) throw outside(filter.areaCode);
    const communes = await areas.communesUnder(filter.areaCode);
    return { ...filter, communeCodes: communes.map((c) => c.code) };
  }
  for (const code of filter.communeCodes ?? []) {
    const a = await areas.findArea(code);
    if (!a || a.level !== 'commune' || !isWithinScope(actor.scope, a)) throw outside(code);
  }
  return filter;
}

async function targetsOfFilter(filter: BulkReviewFilter): Promise<BulkReviewTarget[]> {
  const out: BulkReviewTarget[] = [];
  for (const communeCode of [...new Set(filter.communeCodes ?? [])]) {
    const q: Record<string, unknown> = { 'area.communeCode': communeCode, status: 'registered' };
    if (filter.village) q.villageFolded = foldVietnamese(filter.village);
    if (filter.eligible !== undefined) q['eligibility.eligible'] = filter.eligible;
    if (filter.needsDuplicateReview !== undefined) q.needsDuplicateReview = filter.needsDuplicateReview;
    if (filter.duplicate !== undefined) q.needsDuplicateReview = filter.duplicate;
    const docs = await HouseholdModel.find(q, { _id: 1 })
      .limit(BULK_REVIEW_MAX - out.length)
      .lean();
    out.push(...docs.map((d) => ({ id: String(d._id) })).sort((a, b) => a.id.localeCompare(b.id)));
    if (out.length >= BULK_REVIEW_MAX) break;
  }
  return out;
}

async function runBulkReview(action: BulkReviewAction, input: BulkReviewInput, run: JobRun, actor: Actor) {
  if (!run.chunk(0)) {
    const targets = input.ids
      ? targetsOfIds(input.ids)
      : await targetsOfFilter(input.filter ?? { communeCodes: [] });
    const size = jobChunkSize();
    const plans = Array.from({ length: Math.ceil(targets.length / size) }, (_, i) =>
      targets.slice(i * size, (i + 1) * size),
    );
    await run.savePlans(plans);
  }
  let total = 0;
  const years: ListYears = new Map();
  for (let n = 0; run.chunk(n); n++) total += (run.chunk(n)?.plan as BulkReviewTarget[]).length;
  await run.setTotal(total);
  for (let n = 0; ; n++) {
    const chunk = run.chunk(n);
    if (!chunk) break;
    if (chunk.results) continue;
    const marker = `${run.jobId}.${run.runId}.${n}`;
    const ctx = { jobId: run.jobId, marker, reason: input.reason, years };
    await run.saveResults(n, await reviewChunk(action, chunk.plan as BulkReviewTarget[], ctx, actor));
  }
  return { total };
}

/**
 * Starts (or, retried with the same Idempotency-Key, returns or resumes) the bulk review job.
 * Throws at once for a wrong role or a filter commune outside the actor's area.
 */
export async function bulkReview(
  action: BulkReviewAction,
  input: BulkReviewInput,
  idempotencyKey: string | undefined,
  actor: Actor,
): Promise<Job> {
  assertReviewer(actor);
  const filter = input.filter ? await checkFilterCommunes(input.filter, actor) : undefined;
  const kind = `households.${action}`;
  return startJob({ kind, actor, idempotencyKey, requestHash: requestHashOf(kind, '', input) }, (run) =>
    runBulkReview(action, { ...input, filter }, run, actor),
  );
}
