import { Types } from 'mongoose';
import * as areas from '../areas/service';
import { ConflictError, ForbiddenError, NotFoundError, text, ValidationError } from '../errors';
import type { ReceiverType } from '../receiver-types';
import { findOneByKey } from '../database/bulk-reads';
import { isWithinScope, type Actor, type AreaPath } from '../users/roles';
import { toNfc } from '../vietnamese';
import { HouseholdModel, type HouseholdDoc } from './model';
import { maskNationalId, normalizePhone } from './phone';
import type { Household } from './shapes';

// The households feature's kernel, used by its use cases and (through service.ts) by batches: a
// household as the API shows it, the scoped load, and the field normalisation every write shares.
// Stored (lean) documents stay inside the feature; other features get a Household.

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

/** Households outside the actor's area answer NotFoundError, like unknown ids. */
export async function loadInScope(id: string, actor: Actor): Promise<StoredHousehold> {
  if (!Types.ObjectId.isValid(id)) throw householdNotFound(id);
  // By key (bulk-reads.ts), the area checked here: every change of a household starts with this.
  const doc = await findOneByKey<StoredHousehold>(HouseholdModel, '_id', id);
  if (!doc || !isWithinScope(actor.scope, doc.area)) throw householdNotFound(id);
  return doc;
}

/** The household as `actor` may see it; outside their area it answers NotFoundError. */
export async function findHousehold(id: string, actor: Actor): Promise<Household> {
  return toHousehold(await loadInScope(id, actor), actor);
}

export async function existingWithNationalId(nationalId: string) {
  const other = await findOneByKey<StoredHousehold>(HouseholdModel, 'head.nationalId', nationalId);
  if (!other) return null;
  const commune = await areas.findArea(other.area.communeCode);
  return {
    householdId: String(other._id),
    headName: other.head.fullName,
    village: other.village ?? null,
    communeCode: other.area.communeCode,
    communeName: commune?.name ?? null,
  };
}

/** "the household of <head> (<village>, <commune>)": the words a clerk recognises a family by. */
export function holderWords(h: {
  headName: string | null;
  village: string | null;
  communeName: string | null;
  communeCode: string | null;
}) {
  const where = [h.village, h.communeName ?? h.communeCode].filter(Boolean).join(', ');
  return {
    vi: `${h.headName ? `hộ của ${h.headName}` : 'một hộ khác'}${where ? ` (${where})` : ''}`,
    en: `${h.headName ? `the household of ${h.headName}` : 'another household'}${where ? ` (${where})` : ''}`,
  };
}

export function duplicateNationalId(
  nationalId: string,
  existing: {
    householdId: string;
    headName: string | null;
    village: string | null;
    communeCode: string;
    communeName: string | null;
  },
) {
  const holder = holderWords(existing);
  return new ConflictError(
    text(
      `Số CCCD/CMND ${nationalId} đã được đăng ký cho ${holder.vi}; hãy mở hộ đó thay vì đăng ký lại`,
      `National ID ${nationalId} is already registered for ${holder.en}; open that household instead of registering it again`,
    ),
    { field: 'head.nationalId', existing },
  );
}
