import * as areas from '../areas/service';
import * as audit from '../audit/service';
import { ConflictError, RuleViolationError, text } from '../errors';
import { isDuplicateKeyError } from '../database/duplicate-key';
import { withLock } from '../database/locks';
import { type Actor } from '../users/roles';
import { foldVietnamese } from '../vietnamese';
import { eligibilityOf } from './eligibility';
import { HouseholdModel } from './model';
import { CONTACT_FIELDS, editableFields } from './status';
import { findPossibleDuplicates } from './duplicates';
import type { Household } from './shapes';
import {
  assertMayRegisterIn,
  duplicateNationalId,
  existingWithNationalId,
  loadInScope,
  normalizeFields,
  toHousehold,
  type HouseholdFields,
  type StoredHousehold,
} from './household';

export type EditHouseholdInput = Partial<HouseholdFields> & { version: number };

function staleVersion(current: number) {
  return new ConflictError(
    text(
      'Hộ này vừa được người khác sửa; hãy tải lại rồi sửa tiếp',
      'The household was changed meanwhile; reload it and edit again',
    ),
    { currentVersion: current },
  );
}

type EditChanges = Partial<HouseholdFields>;

const sameValue = (a: unknown, b: unknown) => (a ?? null) === (b ?? null);

/** The fields of `input` whose value differs from the stored one: resending a value is no change. */
function changedFields(before: StoredHousehold, input: EditChanges): EditChanges {
  const changes: Record<string, unknown> = {};
  for (const [field, value] of Object.entries(input)) {
    if (field === 'head') continue;
    if (!sameValue(before[field as keyof StoredHousehold], value)) changes[field] = value;
  }
  const head = input.head;
  if (head) {
    const keys = ['fullName', 'nationalId', 'birthYear', 'gender'] as const;
    if (keys.some((k) => k in head && !sameValue(before.head[k], head[k]))) changes.head = head;
  }
  return changes;
}

function assertEditable(before: StoredHousehold, changes: EditChanges, actor: Actor): void {
  const allowed = actor.role === 'admin' ? 'all' : editableFields(before.status);
  if (allowed === 'all') return;
  const refused = Object.keys(changes).filter(
    (f) => allowed === 'none' || !(CONTACT_FIELDS as readonly string[]).includes(f),
  );
  if (refused.length) {
    throw new RuleViolationError(
      text(
        `Hộ ${before.status}: không sửa được ${refused.join(', ')}`,
        `A ${before.status} household's ${refused.join(', ')} cannot be changed`,
      ),
      { status: before.status, fields: refused },
    );
  }
}

/** The $set of an edit: folded forms, eligibility and (when name, village or phone moved) duplicate flags. */
async function editedValues(before: StoredHousehold, changes: EditChanges): Promise<Record<string, unknown>> {
  const set: Record<string, unknown> = { ...changes };
  if (changes.village) set.villageFolded = foldVietnamese(changes.village);
  const head = { ...before.head, ...changes.head };
  if (changes.head) {
    set.head = { ...head, fullNameFolded: foldVietnamese(head.fullName) };
    if (head.nationalId !== before.head.nationalId) {
      const existing = await existingWithNationalId(head.nationalId);
      if (existing) throw duplicateNationalId(head.nationalId, existing);
    }
  }
  const merged = { ...before, ...set } as StoredHousehold;
  const commune = await areas.findArea(before.area.communeCode);
  set.eligibility = eligibilityOf(merged, commune?.targets?.listYear ?? 0);
  if ('village' in changes || 'phone' in changes || head.fullName !== before.head.fullName) {
    // A renamed or moved household may now match another (or no longer): flag it again for review.
    const found = await findPossibleDuplicates(
      before.area.communeCode,
      merged.village,
      head.fullName,
      merged.phone ?? null,
      String(before._id),
    );
    set.possibleDuplicates = found;
    if (before.status === 'registered') set.needsDuplicateReview = found.length > 0;
  }
  return set;
}

/**
 * Optimistic concurrency: the edit names the version it was made on; a stale one is 409 with the
 * current version. An edit that changes nothing stores nothing and keeps the version.
 */
export async function editHousehold(id: string, raw: EditHouseholdInput, actor: Actor): Promise<Household> {
  return withLock(`household:${id}`, async () => {
    const before = await loadInScope(id, actor);
    if (actor.role !== 'admin') assertMayRegisterIn(actor, before.area);
    if (raw.version !== before.version) throw staleVersion(before.version);
    const { version: _version, ...input } = normalizeFields(raw);
    const changes = changedFields(before, input);
    if (Object.keys(changes).length === 0) return toHousehold(before, actor);
    assertEditable(before, changes, actor);
    const set = await editedValues(before, changes);
    const doc = await HouseholdModel.findOneAndUpdate(
      { _id: id, version: before.version },
      { $set: set, $inc: { version: 1 } },
      { returnDocument: 'after' },
    )
      .lean()
      .catch(async (err: unknown) => {
        // Another edit or registration took this national ID between the check and the write.
        const nationalId = (set.head as { nationalId?: string } | undefined)?.nationalId;
        const raced =
          isDuplicateKeyError(err) && nationalId ? await existingWithNationalId(nationalId) : null;
        throw raced && nationalId ? duplicateNationalId(nationalId, raced) : err;
      });
    if (!doc) throw staleVersion((await HouseholdModel.findById(id, { version: 1 }).lean())?.version ?? 0);
    const after = toHousehold(doc, actor);
    const action = before.status === 'delivered' ? 'household.corrected' : 'household.edited';
    await audit.record(
      actor,
      action,
      { type: 'household', id, area: after.area },
      { before: toHousehold(before, actor), after },
    );
    return after;
  });
}
