import * as areas from '../areas/service';
import { pendingAudit } from '../audit/pending';
import { ConflictError, ForbiddenError, RuleViolationError, text, ValidationError } from '../errors';
import { withLock } from '../database/locks';
import { updateOneAndRead } from '../database/single-writes';
import { isWithinScope, scopeFilter, type Actor } from '../users/roles';
import { eligibilityOf, REASON_TEXT, withDuplicateVerdict, type Eligibility } from './eligibility';
import { HouseholdModel } from './model';
import { settleHouseholdAudit, settleLeftoverAudit } from './pending-audit';
import { type Household } from './service';
import { householdNotFound, loadInScope, toHousehold, type StoredHousehold } from './household';
import { nextStatus, type HouseholdAction } from './status';

// Review and life-cycle transitions (DESIGN §4). Each is: under the household's lock, load it in the
// actor's scope, ask the transition table, write conditionally on the status read, then counters
// and audit. The lock makes the read-check-write atomic on FerretDB too (see locks.ts).

export interface ReviewInput {
  /** When given, the action applies only to this version (the one the reviewer looked at). */
  version?: number;
}
export interface ApproveInput extends ReviewInput {
  /** The reviewer checked the flagged possible duplicates and this household is not one. */
  notDuplicate?: boolean;
}
export interface RejectInput extends ReviewInput {
  reason: string;
  /** Rejected because it duplicates this household. */
  duplicateOf?: string;
}
export interface WithdrawInput extends ReviewInput {
  reason: string;
}

/** A transition's audit action is `household.<past>` (the history's words name each one). */
export const PAST: Record<HouseholdAction, string> = {
  approve: 'approved',
  reject: 'rejected',
  withdraw: 'withdrawn',
  reopen: 'reopened',
  assign: 'assigned',
  release: 'released',
  deliver: 'delivered',
};

type Check = (h: StoredHousehold) => void | Promise<void>;

const changedMeanwhile = (currentVersion: number) =>
  new ConflictError(
    text('Hộ này vừa được sửa; hãy tải lại', 'The household was changed meanwhile; reload it'),
    { currentVersion },
  );

/** Applies one action to one household. `patch` adds fields to the same write. */
export async function transition(
  id: string,
  action: HouseholdAction,
  actor: Actor,
  opts: { version?: number; check?: Check; patch?: (h: StoredHousehold) => Record<string, unknown> } = {},
): Promise<Household> {
  return withLock(`household:${id}`, async () => {
    const before = await loadInScope(id, actor);
    await settleLeftoverAudit(before); // an earlier change's entry, before this change replaces its marker
    if (opts.version !== undefined && opts.version !== before.version) throw changedMeanwhile(before.version);
    const to = nextStatus(before.status, action);
    await opts.check?.(before);
    const patch = opts.patch?.(before) ?? {};
    const version = before.version + 1;
    // The audit entry travels in the same write as the change (audit/pending.ts), then is settled.
    const marker = pendingAudit(
      actor,
      `household.${PAST[action]}`,
      { type: 'household', id, area: before.area },
      {
        before: { status: before.status, version: before.version, statusReason: before.statusReason ?? null },
        after: {
          status: to,
          version,
          statusReason: ('statusReason' in patch ? patch.statusReason : before.statusReason) ?? null,
        },
      },
      version,
    );
    const doc = await updateOneAndRead<StoredHousehold>(
      HouseholdModel,
      { _id: id, status: before.status, version: before.version },
      { $set: { status: to, ...patch, pendingAudit: marker }, $inc: { version: 1 } },
    );
    if (!doc) {
      // Without locks (MongoDB) another request changed it between our read and write: its update won.
      const current = await HouseholdModel.findById(id, { version: 1 }).lean();
      if (!current) throw householdNotFound(id);
      throw changedMeanwhile(current.version);
    }
    await settleHouseholdAudit(id, doc.area, marker);
    return toHousehold(doc, actor);
  });
}

function assertReviewer(actor: Actor): void {
  if (actor.role !== 'official' && actor.role !== 'admin') {
    throw new ForbiddenError(
      text('Chỉ cán bộ cấp trên xã được duyệt danh sách', 'Only officials review households'),
    );
  }
}

/** Eligibility judged now, against the commune's current list year (targets may be set after registration). */
async function currentEligibility(h: StoredHousehold): Promise<Eligibility> {
  const commune = await areas.findArea(h.area.communeCode);
  return eligibilityOf({ ...h, isDuplicate: h.isDuplicate ?? false }, commune?.targets?.listYear ?? 0);
}

function assertApprovable(h: StoredHousehold, eligibility: Eligibility, notDuplicate: boolean): void {
  if (!eligibility.eligible) {
    const reasons = eligibility.reasons;
    throw new RuleViolationError(
      text(
        `Hộ không đủ điều kiện: ${reasons.map((r) => REASON_TEXT[r].vi).join('; ')}`,
        `The household is not eligible: ${reasons.map((r) => REASON_TEXT[r].en).join('; ')}`,
      ),
      { reasons },
    );
  }
  if (h.needsDuplicateReview && !notDuplicate) {
    throw new RuleViolationError(
      text(
        'Hộ có thể trùng với hộ khác: kiểm tra rồi duyệt với notDuplicate=true, hoặc từ chối vì trùng',
        'The household may duplicate another: check, then approve with notDuplicate=true or reject it as a duplicate',
      ),
      {
        possibleDuplicates: h.possibleDuplicates.map((p) => ({
          householdId: p.householdId,
          grounds: p.grounds,
        })),
      },
    );
  }
}

export async function approveHousehold(id: string, input: ApproveInput, actor: Actor): Promise<Household> {
  assertReviewer(actor);
  let eligibility: Eligibility | undefined;
  return transition(id, 'approve', actor, {
    version: input.version,
    check: async (h) => {
      eligibility = await currentEligibility(h);
      assertApprovable(h, eligibility, input.notDuplicate ?? false);
    },
    patch: () => ({ approvedAt: new Date(), statusReason: null, needsDuplicateReview: false, eligibility }),
  });
}

export async function rejectHousehold(id: string, input: RejectInput, actor: Actor): Promise<Household> {
  assertReviewer(actor);
  if (input.duplicateOf && input.duplicateOf !== id) await assertDuplicateTarget(input.duplicateOf, actor);
  return transition(id, 'reject', actor, {
    version: input.version,
    check: (h) => {
      if (input.duplicateOf && input.duplicateOf === String(h._id)) {
        throw new RuleViolationError(
          text('Một hộ không thể trùng với chính nó', 'A household cannot duplicate itself'),
        );
      }
    },
    patch: (h) => {
      const isDuplicate = Boolean(input.duplicateOf);
      return {
        statusReason: input.duplicateOf
          ? `${input.reason} (duplicate of ${input.duplicateOf})`
          : input.reason,
        isDuplicate,
        needsDuplicateReview: false,
        eligibility: withDuplicateVerdict(h.eligibility, isDuplicate),
      };
    },
  });
}

/** The household a rejected one duplicates must exist in the reviewer's area (ids cannot be probed). */
async function assertDuplicateTarget(duplicateOf: string, actor: Actor): Promise<void> {
  const found = await HouseholdModel.exists({ _id: duplicateOf, ...scopeFilter(actor.scope) });
  if (!found) {
    throw new ValidationError(
      text(`Không tìm thấy hộ ${duplicateOf} để đánh dấu trùng`, `No household ${duplicateOf} to duplicate`),
      [
        {
          path: 'duplicateOf',
          type: 'household.unknown',
          message: text('duplicateOf: không có hộ này', 'duplicateOf: no such household'),
        },
      ],
    );
  }
}

/** Officials in their area; commune staff in their own commune (moved, deceased, duplicate). */
export async function withdrawHousehold(id: string, input: WithdrawInput, actor: Actor): Promise<Household> {
  const allowed =
    actor.role === 'admin' ||
    actor.role === 'official' ||
    (actor.role === 'commune_staff' && actor.scope !== null);
  if (!allowed)
    throw new ForbiddenError(
      text('Vai trò của bạn không rút được hộ', 'Your role may not withdraw households'),
    );
  return transition(id, 'withdraw', actor, {
    version: input.version,
    check: (h) => {
      if (actor.role === 'commune_staff' && !isWithinScope(actor.scope, h.area)) throw householdNotFound(id);
      // An assigned household has a pending delivery: it leaves through that delivery's failure
      // (permanent reason), which closes the delivery too (DESIGN §6, invariant 2).
      if (h.status === 'assigned') {
        throw new RuleViolationError(
          text(
            'Hộ đã xếp đợt lắp đặt: ghi nhận lắp đặt không thành (lý do lâu dài) trong đợt để rút hộ',
            'The household is assigned to a batch: fail its delivery with a permanent reason instead',
          ),
          { status: h.status, action: 'withdraw' },
        );
      }
    },
    patch: () => ({ statusReason: input.reason }),
  });
}

export async function reopenHousehold(id: string, input: ReviewInput, actor: Actor): Promise<Household> {
  assertReviewer(actor);
  return transition(id, 'reopen', actor, {
    version: input.version,
    patch: (h) => ({
      statusReason: null,
      isDuplicate: false,
      approvedAt: null,
      eligibility: withDuplicateVerdict(h.eligibility, false),
      // Whatever made it a possible (or confirmed) duplicate is reviewed again before approval.
      needsDuplicateReview: h.isDuplicate || h.possibleDuplicates.length > 0,
    }),
  });
}
