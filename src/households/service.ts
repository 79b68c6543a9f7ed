import { Types } from 'mongoose';
import * as areas from '../areas/service';
import { pendingAudit } from '../audit/pending';
import * as audit from '../audit/service';
import {
  ConflictError,
  ForbiddenError,
  NotFoundError,
  RuleViolationError,
  text,
  ValidationError,
} from '../errors';
import { isDuplicateKeyError } from '../database/db';
import { withLock } from '../database/locks';
import type { ReceiverType } from '../receiver-types';
import { isWithinScope, scopeFilter, type Actor, type AreaPath } from '../users/roles';
import { escapeRegExp, foldVietnamese, toNfc } from '../vietnamese';
import { findPage } from '../database/postgres-reads';
import { eligibilityOf } from './eligibility';
import { HouseholdModel, type HouseholdDoc } from './model';
import { maskNationalId, normalizePhone } from './phone';
import { CONTACT_FIELDS, editableFields, type HouseholdStatus } from './status';
import { findPossibleDuplicates } from './duplicates';
import { toListItems } from './list-items';
import { defaultSort, sortSpecOf, type HouseholdSort } from './list-order';
import { settleHouseholdAudit } from './pending-audit';
import type { Household, HouseholdWithHistory } from './shapes';

export interface HeadInput {
  fullName: string;
  nationalId: string;
  birthYear?: number | null;
  gender?: 'male' | 'female' | 'other' | null;
}

export interface HouseholdFields {
  village: string;
  address?: string | null;
  head: HeadInput;
  phone?: string | null;
  povertyStatus: 'poor' | 'near_poor';
  povertyCertificateNo?: string | null;
  povertyListYear: number;
  memberCount?: number | null;
  hasTv: boolean;
  hasPaidTv: boolean;
  hasDigitalTv: boolean;
  receiverType?: ReceiverType;
  notes?: string | null;
}

export interface RegisterHouseholdInput extends HouseholdFields {
  communeCode: string;
}

export type EditHouseholdInput = Partial<HouseholdFields> & { version: number };

export type { Household, HouseholdWithHistory } from './shapes';

export type StoredHousehold = HouseholdDoc & { _id: Types.ObjectId; createdAt: Date; updatedAt: Date };

/** National IDs are shown whole only to roles that need them (DESIGN §9). */
export function seesFullNationalId(actor: Actor): boolean {
  return actor.role !== 'installer';
}

export function toHousehold(d: StoredHousehold, actor: Actor): Household {
  return {
    id: String(d._id),
    area: {
      provinceCode: d.area.provinceCode,
      districtCode: d.area.districtCode ?? null,
      communeCode: d.area.communeCode,
    },
    village: d.village,
    address: d.address ?? null,
    head: {
      fullName: d.head.fullName,
      nationalId: seesFullNationalId(actor) ? d.head.nationalId : maskNationalId(d.head.nationalId),
      birthYear: d.head.birthYear ?? null,
      gender: d.head.gender ?? null,
    },
    phone: d.phone ?? null,
    povertyStatus: d.povertyStatus,
    povertyCertificateNo: d.povertyCertificateNo ?? null,
    povertyListYear: d.povertyListYear,
    memberCount: d.memberCount ?? null,
    hasTv: d.hasTv,
    hasPaidTv: d.hasPaidTv,
    hasDigitalTv: d.hasDigitalTv,
    receiverType: d.receiverType as ReceiverType,
    notes: d.notes ?? null,
    status: d.status,
    statusReason: d.statusReason ?? null,
    eligibility: { eligible: d.eligibility.eligible, reasons: [...d.eligibility.reasons] },
    possibleDuplicates: d.possibleDuplicates.map((p) => ({ householdId: p.householdId, grounds: p.grounds })),
    needsDuplicateReview: d.needsDuplicateReview ?? false,
    approvedAt: d.approvedAt ? d.approvedAt.toISOString() : null,
    batchId: d.batchId ?? null,
    receiverSerial: d.receiverSerial ?? null,
    deliveredAt: d.deliveredAt ? d.deliveredAt.toISOString() : null,
    version: d.version,
    createdBy: d.createdBy,
    createdAt: d.createdAt.toISOString(),
    updatedAt: d.updatedAt.toISOString(),
  };
}

export const householdNotFound = (id: string) =>
  new NotFoundError(text(`Không tìm thấy hộ gia đình ${id}`, `No household ${id}`));

/** Commune staff write in their own commune; officials and admins read (and review) in their area. */
export function assertMayRegisterIn(actor: Actor, commune: AreaPath): void {
  const ok =
    actor.role === 'admin' || (actor.role === 'commune_staff' && isWithinScope(actor.scope, commune));
  if (!ok) {
    throw new ForbiddenError(
      text(
        'Chỉ cán bộ xã của xã này được đăng ký hộ',
        'Only the staff of this commune register its households',
      ),
    );
  }
}

/** Normalised, validated values shared by registration, edits and import. Throws ValidationError. */
export function normalizeFields<T extends Partial<HouseholdFields>>(input: T): T {
  const out: T = { ...input };
  if (input.village !== undefined) out.village = toNfc(input.village);
  // The forms send "" for a cleared optional field; it is stored as null, like one never given.
  for (const f of ['address', 'notes', 'povertyCertificateNo', 'phone'] as const) {
    if (input[f] === '') out[f] = null;
  }
  if (input.address) out.address = toNfc(input.address);
  if (input.notes) out.notes = toNfc(input.notes);
  // An edit may send part of the head (only the national ID, say).
  if (input.head?.fullName !== undefined) out.head = { ...input.head, fullName: toNfc(input.head.fullName) };
  if (input.phone) {
    const phone = normalizePhone(input.phone);
    if (!phone) {
      throw new ValidationError(text('Số điện thoại không hợp lệ', 'Invalid phone number'), [
        {
          path: 'phone',
          message: text(
            'phone: không phải số điện thoại Việt Nam (di động hoặc cố định)',
            'phone: not a Vietnamese mobile or landline number',
          ),
        },
      ]);
    }
    out.phone = phone;
  }
  return out;
}

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

export async function existingWithNationalId(nationalId: string) {
  const other = await HouseholdModel.findOne(
    { 'head.nationalId': nationalId },
    { area: 1, 'head.fullName': 1 },
  ).lean();
  if (!other) return null;
  const commune = await areas.findArea(other.area.communeCode);
  return {
    householdId: String(other._id),
    communeCode: other.area.communeCode,
    communeName: commune?.name ?? null,
  };
}

export function duplicateNationalId(
  nationalId: string,
  existing: { householdId: string; communeCode: string; communeName: string | null },
) {
  return new ConflictError(
    text(
      `Số CCCD/CMND ${nationalId} đã được đăng ký cho hộ ${existing.householdId} (${existing.communeName ?? existing.communeCode})`,
      `National ID ${nationalId} is already registered for household ${existing.householdId} in ${existing.communeName ?? existing.communeCode}`,
    ),
    { field: 'head.nationalId', existing },
  );
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
    const raced =
      (err as { code?: number }).code === 11000 ? await existingWithNationalId(input.head.nationalId) : null;
    if (raced) throw duplicateNationalId(input.head.nationalId, raced);
    throw err;
  }
  const household = toHousehold(await flagPossibleDuplicates(doc.toObject()), actor);
  // Under the lock: FerretDB writes the whole document back on update, so an unlocked marker clear
  // could undo a change of the new household made meanwhile (locks.ts).
  await withLock(`household:${id}`, () => settleHouseholdAudit(id, area, marker, { after: household }));
  return household;
}

/** Households outside the actor's area answer NotFoundError, like unknown ids. */
export async function loadInScope(id: string, actor: Actor): Promise<StoredHousehold> {
  if (!Types.ObjectId.isValid(id)) throw householdNotFound(id);
  const doc = await HouseholdModel.findOne({ _id: id, ...scopeFilter(actor.scope) }).lean();
  if (!doc) throw householdNotFound(id);
  return doc;
}

export async function getHousehold(id: string, actor: Actor): Promise<HouseholdWithHistory> {
  const household = toHousehold(await loadInScope(id, actor), actor);
  const history = (await audit.historyOf('household', id)).map((e) => {
    const after = e.after as {
      status?: string;
      statusReason?: string;
      importId?: string;
      row?: number;
    } | null;
    return {
      at: e.at,
      action: e.action,
      actor: e.actor,
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
  const filter: Record<string, unknown> = { ...scopeFilter(actor.scope) };
  if (input.areaCode) {
    const field =
      input.areaCode.length === 2
        ? 'provinceCode'
        : input.areaCode.length === 3
          ? 'districtCode'
          : 'communeCode';
    const scoped = filter[`area.${field}`];
    // Asking for an area outside one's scope finds nothing, as if it had no households.
    filter[`area.${field}`] = scoped && scoped !== input.areaCode ? '__outside_scope__' : input.areaCode;
  }
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
  const { docs, total } = await findPage<StoredHousehold>(HouseholdModel, {
    filter,
    sort: sortSpecOf(input.sort ?? defaultSort(input.status)),
    skip: (input.page - 1) * input.pageSize,
    limit: input.pageSize,
  });
  const items = await toListItems(docs.map((d) => toHousehold(d, actor)));
  return { items, total, page: input.page, pageSize: input.pageSize };
}

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
