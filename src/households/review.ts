import * as audit from '../audit/service';
import { ConflictError, ForbiddenError, RuleViolationError, text } from '../errors';
import { withLock } from '../locks';
import { isWithinScope, type Actor } from '../users/roles';
import { countTransition } from './counters';
import { REASON_TEXT, withDuplicateVerdict } from './eligibility';
import { HouseholdModel } from './model';
import { householdNotFound, loadInScope, toHousehold, type Household, type StoredHousehold } from './service';
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

const PAST: Record<HouseholdAction, string> = {
  approve: 'approved',
  reject: 'rejected',
  withdraw: 'withdrawn',
  reopen: 'reopened',
  assign: 'assigned',
  release: 'released',
  deliver: 'delivered',
};

type Check = (h: StoredHousehold) => void;

/** Applies one action to one household. `patch` adds fields to the same write. */
export async function transition(
  id: string,
  action: HouseholdAction,
  actor: Actor,
  opts: { version?: number; check?: Check; patch?: (h: StoredHousehold) => Record<string, unknown> } = {},
): Promise<Household> {
  return withLock(`household:${id}`, async () => {
    const before = await loadInScope(id, actor);
    if (opts.version !== undefined && opts.version !== before.version) {
      throw new ConflictError(
        text('Hộ này vừa được sửa; hãy tải lại', 'The household was changed meanwhile; reload it'),
        {
          currentVersion: before.version,
        },
      );
    }
    const to = nextStatus(before.status, action);
    opts.check?.(before);
    const doc = await HouseholdModel.findOneAndUpdate(
      { _id: id, status: before.status, version: before.version },
      { $set: { status: to, ...(opts.patch?.(before) ?? {}) }, $inc: { version: 1 } },
      { returnDocument: 'after' },
    ).lean();
    if (!doc) throw householdNotFound(id);
    await countTransition(doc.area, before.status, to);
    const after = toHousehold(doc, actor);
    await audit.record(
      actor,
      `household.${PAST[action]}`,
      { type: 'household', id, area: after.area },
      {
        before: { status: before.status, version: before.version, statusReason: before.statusReason ?? null },
        after: { status: after.status, version: after.version, statusReason: after.statusReason },
      },
    );
    return after;
  });
}

function assertReviewer(actor: Actor): void {
  if (actor.role !== 'official' && actor.role !== 'admin') {
    throw new ForbiddenError(
      text('Chỉ cán bộ cấp trên xã được duyệt danh sách', 'Only officials review households'),
    );
  }
}

export async function approveHousehold(id: string, input: ApproveInput, actor: Actor): Promise<Household> {
  assertReviewer(actor);
  return transition(id, 'approve', actor, {
    version: input.version,
    check: (h) => {
      if (!h.eligibility.eligible) {
        const reasons = h.eligibility.reasons;
        throw new RuleViolationError(
          text(
            `Hộ không đủ điều kiện: ${reasons.map((r) => REASON_TEXT[r].vi).join('; ')}`,
            `The household is not eligible: ${reasons.map((r) => REASON_TEXT[r].en).join('; ')}`,
          ),
          { reasons },
        );
      }
      if (h.needsDuplicateReview && !input.notDuplicate) {
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
    },
    patch: () => ({ approvedAt: new Date(), statusReason: null, needsDuplicateReview: false }),
  });
}

export async function rejectHousehold(id: string, input: RejectInput, actor: Actor): Promise<Household> {
  assertReviewer(actor);
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
    }),
  });
}
