import * as audit from '../audit/service';
import { ConflictError, RuleViolationError, text } from '../errors';
import { withLock } from '../database/locks';
import { scopeFilter, type Actor } from '../users/roles';
import { differingFields } from './duplicate-differences';
import { toListItems } from './list-items';
import { HouseholdModel } from './model';
import { type Household } from './service';
import { householdNotFound, loadInScope, toHousehold } from './household';
import type { HouseholdDuplicates } from './shapes';
import { findEach } from '../database/bulk-reads';

// Possible duplicates side by side, and the reviewer's "not a duplicate" (DESIGN §4: flagged at
// registration, resolved at review). Rejecting as a duplicate is POST /households/:id/reject with
// duplicateOf (review.ts).

/** The household and each flagged household the actor may see, with the fields that differ. */
export async function householdDuplicates(id: string, actor: Actor): Promise<HouseholdDuplicates> {
  const stored = await loadInScope(id, actor);
  const ids = stored.possibleDuplicates.map((p) => p.householdId).filter((o) => o !== id);
  const others = await findEach(ids, (match) =>
    HouseholdModel.find({ _id: match, ...scopeFilter(actor.scope) }).lean(),
  );
  const byId = new Map(others.map((d) => [String(d._id), toHousehold(d, actor)]));
  const shown = ids.filter((o) => byId.has(o));
  const [household, ...items] = await toListItems([
    toHousehold(stored, actor),
    ...shown.map((o) => byId.get(o) as Household),
  ]);
  return {
    household,
    duplicates: items.map((other) => ({
      household: other,
      grounds: stored.possibleDuplicates.find((p) => p.householdId === other.id)?.grounds ?? 'name_village',
      differences: differingFields(household, other),
    })),
    outOfScope: ids.length - shown.length,
  };
}

export interface NotDuplicateInput {
  /** The version the reviewer compared; a household changed since is a 409. */
  version: number;
}

/**
 * Clears the possible-duplicate flag after the reviewer compared the households: the household can
 * then be approved as any other (its eligibility never counted the flag; only a confirmed duplicate,
 * rejected with duplicateOf, is ineligible). Sent again once cleared, it answers the household as it
 * is, so a retried request changes nothing twice.
 */
export async function clearDuplicateFlag(
  id: string,
  input: NotDuplicateInput,
  actor: Actor,
): Promise<Household> {
  return withLock(`household:${id}`, async () => {
    const before = await loadInScope(id, actor);
    if (!before.needsDuplicateReview) return toHousehold(before, actor);
    if (input.version !== before.version) {
      throw new ConflictError(
        text(
          'Hộ này vừa được sửa; hãy tải lại và so sánh lại',
          'The household was changed meanwhile; reload and compare again',
        ),
        { currentVersion: before.version },
      );
    }
    if (before.status !== 'registered') {
      throw new RuleViolationError(
        text('Chỉ xác nhận không trùng cho hộ đang chờ duyệt', 'Only a household awaiting review is cleared'),
        { status: before.status },
      );
    }
    const doc = await HouseholdModel.findOneAndUpdate(
      { _id: id, version: before.version },
      { $set: { needsDuplicateReview: false }, $inc: { version: 1 } },
      { returnDocument: 'after' },
    ).lean();
    if (!doc) {
      const current = await HouseholdModel.findById(id, { version: 1 }).lean();
      if (!current) throw householdNotFound(id);
      throw new ConflictError(
        text('Hộ này vừa được sửa; hãy tải lại', 'The household was changed meanwhile'),
        {
          currentVersion: current.version,
        },
      );
    }
    const after = toHousehold(doc, actor);
    await audit.record(
      actor,
      'household.duplicate_cleared',
      { type: 'household', id, area: after.area },
      {
        before: {
          needsDuplicateReview: true,
          version: before.version,
          possibleDuplicates: after.possibleDuplicates,
        },
        after: { needsDuplicateReview: false, version: after.version },
      },
    );
    return after;
  });
}
