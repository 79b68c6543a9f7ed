import { isDuplicateKeyError } from '../database/duplicate-key';
import { Types } from 'mongoose';
import * as areas from '../areas/service';
import { pendingAudit } from '../audit/pending';
import * as audit from '../audit/service';
import { RuleViolationError, text } from '../errors';
import { withLock } from '../database/locks';
import { areaFilter, type Actor } from '../users/roles';
import * as users from '../users/service';
import { escapeRegExp, foldVietnamese } from '../vietnamese';
import { findPage } from '../database/postgres-reads';
import { totalCapOf } from '../database/list-total';
import { eligibilityOf } from './eligibility';
import { HouseholdModel } from './model';
import { type HouseholdStatus } from './status';
import { findPossibleDuplicates } from './duplicates';
import { toListItems } from './list-items';
import { defaultSort, sortSpecOf, type HouseholdSort } from './list-order';
import { settleHouseholdAudit } from './pending-audit';
import type { Household, HouseholdWithHistory } from './shapes';
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

export interface RegisterHouseholdInput extends HouseholdFields {
  communeCode: string;
}

export type { Household, HouseholdWithHistory } from './shapes';
export type { HeadInput, HouseholdFields, StoredHousehold } from './household';
export { findHousehold, householdNotFound, loadInScope, seesFullNationalId, toHousehold } from './household';
export { editHousehold, type EditHouseholdInput } from './editing';

async function communeOf(code: string) {
  const commune = await areas.getArea(code);
  if (commune.level !== 'commune') {
    throw new RuleViolationError(
      text(`${commune.name} không phải cấp xã`, `${commune.name} is not a commune`),
      {
        field: 'communeCode',
      },
    );
  }
  return commune;
}

/**
 * Flags a just-stored household's possible duplicates. Checked after the insert, not before: of two
 * registrations of the same person racing, the later check sees the other (DESIGN §4: flag, not block).
 */
async function flagPossibleDuplicates(doc: StoredHousehold): Promise<StoredHousehold> {
  const found = await findPossibleDuplicates(
    doc.area.communeCode,
    doc.village,
    doc.head.fullName,
    doc.phone ?? null,
    String(doc._id),
  );
  if (found.length === 0) return doc;
  // Under the household's lock: an edit of the new household may already be under way (FerretDB).
  const flagged = await withLock(`household:${String(doc._id)}`, () =>
    HouseholdModel.findOneAndUpdate(
      { _id: doc._id },
      { $set: { possibleDuplicates: found, needsDuplicateReview: true } },
      { returnDocument: 'after' },
    ).lean(),
  );
  return flagged ?? doc;
}

export async function registerHousehold(raw: RegisterHouseholdInput, actor: Actor): Promise<Household> {
  const commune = await communeOf(raw.communeCode);
  assertMayRegisterIn(actor, commune);
  const input = normalizeFields(raw);
  const existing = await existingWithNationalId(input.head.nationalId);
  if (existing) throw duplicateNationalId(input.head.nationalId, existing);

  const area = {
    provinceCode: commune.provinceCode,
    districtCode: commune.districtCode,
    communeCode: commune.code,
  };
  const eligibility = eligibilityOf({ ...input, isDuplicate: false }, commune.targets?.listYear ?? 0);
  const _id = new Types.ObjectId();
  const id = String(_id);
  // Stored with the household itself, so a registration stored is never one without its audit entry.
  const marker = pendingAudit(
    actor,
    'household.registered',
    { type: 'household', id, area },
    { after: { status: 'registered', version: 1, village: input.village, head: input.head } },
    1,
  );
  let doc;
  try {
    doc = await HouseholdModel.create({
      _id,
      ...input,
      area,
      villageFolded: foldVietnamese(input.village),
      head: { ...input.head, fullNameFolded: foldVietnamese(input.head.fullName) },
      receiverType: input.receiverType ?? commune.defaultReceiverType ?? 'dvb-t2',
      status: 'registered',
      eligibility,
      possibleDuplicates: [],
      needsDuplicateReview: false,
      createdBy: actor.id,
      pendingAudit: marker,
    });
  } catch (err) {
    // Two registrations of the same person raced past the check above: the unique index decided.
    const raced = isDuplicateKeyError(err) ? await existingWithNationalId(input.head.nationalId) : null;
    if (raced) throw duplicateNationalId(input.head.nationalId, raced);
    throw err;
  }
  const household = toHousehold(await flagPossibleDuplicates(doc.toObject()), actor);
  // Under the lock: FerretDB writes the whole document back on update, so an unlocked marker clear
  // could undo a change of the new household made meanwhile (locks.ts).
  await withLock(`household:${id}`, () => settleHouseholdAudit(id, area, marker, { after: household }));
  return household;
}

export async function getHousehold(id: string, actor: Actor): Promise<HouseholdWithHistory> {
  const household = toHousehold(await loadInScope(id, actor), actor);
  const entries = await audit.historyOf('household', id);
  // The people behind the entries: a clerk reads "Nguyễn Thị Hoa", not a login name.
  const nameOf = await users.fullNamesOf(entries.map((e) => e.actor.id));
  const history = entries.map((e) => {
    const after = e.after as {
      status?: string;
      statusReason?: string;
      importId?: string;
      row?: number;
    } | null;
    return {
      at: e.at,
      action: e.action,
      actor: { ...e.actor, fullName: nameOf.get(e.actor.id) ?? null },
      status: after?.status ?? null,
      reason: after?.statusReason ?? null,
      ...(e.action === 'household.imported' && after?.importId ? { importId: after.importId } : {}),
      ...(e.action === 'household.imported' && typeof after?.row === 'number'
        ? { importRow: after.row }
        : {}),
    };
  });
  return { ...household, history };
}

export interface ListHouseholdsInput {
  areaCode?: string;
  status?: HouseholdStatus;
  village?: string;
  eligible?: boolean;
  needsDuplicateReview?: boolean;
  /** Flagged possible duplicates awaiting review (the review queue's filter; = needsDuplicateReview). */
  duplicate?: boolean;
  q?: string;
  /** Default: oldest first for status=registered (the review queue), else newest first. */
  sort?: HouseholdSort;
  page: number;
  pageSize: number;
}

/** The Mongo filter for a list or export: the actor's scope AND the requested filters. */
export function householdFilter(
  input: Omit<ListHouseholdsInput, 'page' | 'pageSize'>,
  actor: Actor,
): Record<string, unknown> {
  // Asking for an area outside one's scope finds nothing, as if it had no households.
  const filter: Record<string, unknown> = { ...areaFilter(actor.scope, input.areaCode) };
  if (input.status) filter.status = input.status;
  if (input.village) filter.villageFolded = foldVietnamese(input.village);
  if (input.eligible !== undefined) filter['eligibility.eligible'] = input.eligible;
  if (input.needsDuplicateReview !== undefined) filter.needsDuplicateReview = input.needsDuplicateReview;
  if (input.duplicate !== undefined) filter.needsDuplicateReview = input.duplicate;
  if (input.q) {
    const q = input.q.trim();
    // A name search stays a flat filter (FerretDB pushes the other fields down beside it); digits
    // may be the start of an ID or part of a phone.
    if (/^\d{4,12}$/.test(q))
      filter.$or = [{ 'head.nationalId': { $regex: `^${q}` } }, { phone: { $regex: escapeRegExp(q) } }];
    else filter['head.fullNameFolded'] = { $regex: escapeRegExp(foldVietnamese(q)) };
  }
  return filter;
}

export async function listHouseholds(input: ListHouseholdsInput, actor: Actor) {
  const filter = householdFilter(input, actor);
  const { docs, total, totalCapped } = await findPage<StoredHousehold>(HouseholdModel, {
    filter,
    sort: sortSpecOf(input.sort ?? defaultSort(input.status)),
    skip: (input.page - 1) * input.pageSize,
    limit: input.pageSize,
    totalCap: totalCapOf(filter),
  });
  const items = await toListItems(docs.map((d) => toHousehold(d, actor)));
  return { items, total, totalCapped, page: input.page, pageSize: input.pageSize };
}
