import * as areas from '../areas/service';
import { findByIds } from '../database/bulk-reads';
import * as audit from '../audit/service';
import { updateEach } from '../database/bulk-writes';
import { AppError, NotFoundError, text, type LocalizedText } from '../errors';
import type { JobItemResult } from '../jobs/service';
import { withLockSet } from '../database/lock-set';
import { isWithinScope, type Actor } from '../users/roles';
import { countTransitionOnce } from './counters';
import { eligibilityOf, REASON_TEXT, withDuplicateVerdict } from './eligibility';
import { HouseholdModel } from './model';
import { approveHousehold, rejectHousehold } from './review';
import { type StoredHousehold } from './household';
import { canTransition, type HouseholdStatus } from './status';

export type BulkReviewAction = 'approve' | 'reject';

export interface BulkReviewTarget {
  id: string;
  /** When given, only this version (the one the reviewer looked at) is reviewed. */
  version?: number;
}

export const BULK_SKIP_REASONS = [
  'not_found',
  'wrong_status',
  'stale_version',
  'ineligible',
  'flagged_duplicate',
  'busy',
] as const;
export type BulkSkipReason = (typeof BULK_SKIP_REASONS)[number];

// One chunk of a bulk review (see bulk-review.ts), in bounded round trips: lock the chunk's
// households in one insert, read them in one query, judge each as a single review would, write
// the transitions with the chunk's marker (`bulkOp`), then the counter moves and audit entries,
// both keyed by that marker so that a resumed job redoing the chunk lands them only once.

const TO: Record<BulkReviewAction, HouseholdStatus> = { approve: 'approved', reject: 'rejected' };

type Result = JobItemResult;

const skipped = (id: string, reason: BulkSkipReason, message: LocalizedText, more = {}): Result => ({
  id,
  outcome: 'skipped',
  reason,
  message,
  ...more,
});

// Unknown ids and ids outside the actor's area read the same (DESIGN §9).
export const notFound = (id: string) =>
  skipped(id, 'not_found', text('không tìm thấy hộ', 'no such household'));

/** The commune's official list year, read once per commune per run. */
export type ListYears = Map<string, Promise<number>>;
function listYearOf(years: ListYears, communeCode: string): Promise<number> {
  let y = years.get(communeCode);
  if (!y) {
    y = areas.findArea(communeCode).then((a) => a?.targets?.listYear ?? 0);
    years.set(communeCode, y);
  }
  return y;
}

/** What a single review would decide for this household: the fields to write, or why not. */
async function judge(
  action: BulkReviewAction,
  t: BulkReviewTarget,
  d: StoredHousehold,
  reason: string | undefined,
  years: ListYears,
): Promise<{ skip: Result } | { patch: Record<string, unknown> }> {
  if (t.version !== undefined && t.version !== d.version) {
    const message = text('hộ vừa được sửa; hãy tải lại', 'changed meanwhile; reload');
    return { skip: skipped(t.id, 'stale_version', message, { currentVersion: d.version }) };
  }
  if (!canTransition(d.status, action)) {
    const message = text(`hộ đang ở trạng thái ${d.status}, chưa duyệt được`, `the household is ${d.status}`);
    return { skip: skipped(t.id, 'wrong_status', message, { status: d.status }) };
  }
  if (action === 'reject') {
    return {
      patch: {
        statusReason: reason ?? null,
        isDuplicate: false,
        needsDuplicateReview: false,
        eligibility: withDuplicateVerdict(d.eligibility, false),
      },
    };
  }
  const eligibility = eligibilityOf(
    { ...d, isDuplicate: d.isDuplicate ?? false },
    await listYearOf(years, d.area.communeCode),
  );
  if (!eligibility.eligible) {
    const rs = eligibility.reasons;
    const message = text(
      `không đủ điều kiện: ${rs.map((r) => REASON_TEXT[r].vi).join('; ')}`,
      `not eligible: ${rs.map((r) => REASON_TEXT[r].en).join('; ')}`,
    );
    return { skip: skipped(t.id, 'ineligible', message, { reasons: rs }) };
  }
  if (d.needsDuplicateReview) {
    const message = text(
      'hộ có thể trùng với hộ khác: xem và duyệt riêng hộ này (notDuplicate) hoặc từ chối vì trùng',
      'possibly a duplicate: review it on its own (notDuplicate) or reject it as a duplicate',
    );
    return { skip: skipped(t.id, 'flagged_duplicate', message) };
  }
  return { patch: { approvedAt: new Date(), statusReason: null, needsDuplicateReview: false, eligibility } };
}

interface Moved {
  d: Pick<StoredHousehold, '_id' | 'area'>;
  marker: string;
  before: { status: HouseholdStatus; version: number; statusReason: string | null };
  after: { status: HouseholdStatus; version: number; statusReason: string | null };
}

/** Counters and audit of the moved households, keyed by their markers: safe to repeat. */
async function finishMoved(action: BulkReviewAction, moved: Moved[], actor: Actor): Promise<void> {
  const groups = new Map<string, Moved[]>();
  for (const m of moved) {
    const k = `${m.marker}|${m.d.area.communeCode}`;
    groups.set(k, [...(groups.get(k) ?? []), m]);
  }
  for (const ms of groups.values()) {
    await countTransitionOnce(ms[0].marker, ms[0].d.area, 'registered', TO[action], ms.length);
  }
  await audit.recordMany(
    actor,
    action === 'approve' ? 'household.approved' : 'household.rejected',
    moved.map((m) => ({
      key: `${m.marker}:${String(m.d._id)}`,
      entity: { type: 'household', id: String(m.d._id), area: m.d.area },
      before: m.before,
      after: m.after,
    })),
  );
}

/** One chunk, under its households' locks. `jobId` recognises an earlier run's marker. */
async function reviewLocked(
  action: BulkReviewAction,
  targets: BulkReviewTarget[],
  ctx: { jobId: string; marker: string; reason?: string; years: ListYears },
  actor: Actor,
): Promise<Map<string, Result>> {
  const out = new Map<string, Result>();
  const to = TO[action];
  const docs = await findByIds<StoredHousehold>(
    HouseholdModel,
    targets.map((t) => t.id),
  );
  const byId = new Map(docs.map((d) => [String(d._id), d]));
  const moved: Moved[] = [];
  const writes: { t: BulkReviewTarget; d: StoredHousehold; patch: Record<string, unknown> }[] = [];
  for (const t of targets) {
    const d = byId.get(t.id);
    if (!d || !isWithinScope(actor.scope, d.area)) out.set(t.id, notFound(t.id));
    else if (d.status === to && d.bulkOp?.startsWith(`${ctx.jobId}.`)) {
      // Moved by an earlier run of this job that stopped before reporting it.
      const statusReason = d.statusReason ?? null;
      moved.push({
        d,
        marker: d.bulkOp,
        before: { status: 'registered', version: d.version - 1, statusReason: null },
        after: { status: to, version: d.version, statusReason },
      });
    } else {
      const verdict = await judge(action, t, d, ctx.reason, ctx.years);
      if ('patch' in verdict) writes.push({ t, d, patch: verdict.patch });
      else out.set(t.id, verdict.skip);
    }
  }
  const written = await updateEach(
    HouseholdModel,
    writes.map(({ d, patch }) => ({
      _id: d._id,
      expect: { status: d.status, version: d.version },
      update: { $set: { status: to, ...patch, bulkOp: ctx.marker }, $inc: { version: 1 } },
    })),
    { _id: 1, status: 1, bulkOp: 1, version: 1 },
    (doc) => doc.status === to && doc.bulkOp === ctx.marker,
  );
  for (const { t, d, patch } of writes) {
    if (!written.has(t.id)) {
      // Only without locks (MongoDB): another request changed it between our read and write.
      out.set(
        t.id,
        skipped(t.id, 'stale_version', text('hộ vừa thay đổi; hãy tải lại', 'changed meanwhile')),
      );
      continue;
    }
    moved.push({
      d,
      marker: ctx.marker,
      before: { status: d.status, version: d.version, statusReason: d.statusReason ?? null },
      after: {
        status: to,
        version: d.version + 1,
        statusReason: (patch.statusReason as string | null) ?? null,
      },
    });
  }
  await finishMoved(action, moved, actor);
  for (const m of moved)
    out.set(String(m.d._id), { id: String(m.d._id), outcome: to, version: m.after.version });
  return out;
}

/** A household whose lock was busy, through the single review (which waits for its lock). */
async function reviewOne(
  action: BulkReviewAction,
  t: BulkReviewTarget,
  reason: string | undefined,
  actor: Actor,
) {
  try {
    const h =
      action === 'approve'
        ? await approveHousehold(t.id, { version: t.version }, actor)
        : await rejectHousehold(t.id, { version: t.version, reason: reason ?? '' }, actor);
    return { id: t.id, outcome: TO[action], version: h.version };
  } catch (err) {
    if (err instanceof NotFoundError) return notFound(t.id);
    if (!(err instanceof AppError)) throw err;
    const reason: BulkSkipReason =
      err.code === 'CONFLICT' ? 'stale_version' : err.code === 'UNAVAILABLE' ? 'busy' : 'wrong_status';
    return skipped(t.id, reason, err.text);
  }
}

const OBJECT_ID = /^[0-9a-f]{24}$/i;

export async function reviewChunk(
  action: BulkReviewAction,
  targets: BulkReviewTarget[],
  ctx: { jobId: string; marker: string; reason?: string; years: ListYears },
  actor: Actor,
): Promise<Result[]> {
  const valid = targets.filter((t) => OBJECT_ID.test(t.id));
  const lockKey = (id: string) => `household:${id}`;
  const out = await withLockSet(
    valid.map((t) => lockKey(t.id)),
    (held) =>
      reviewLocked(
        action,
        valid.filter((t) => held.has(lockKey(t.id))),
        ctx,
        actor,
      ),
  );
  for (const t of valid) {
    if (!out.has(t.id)) out.set(t.id, await reviewOne(action, t, ctx.reason, actor));
  }
  return targets.map((t) => out.get(t.id) ?? notFound(t.id));
}
