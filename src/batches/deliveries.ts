import { Types } from 'mongoose';
import { NotFoundError, text } from '../errors';
import { seesFullNationalId } from '../households/service';
import { maskNationalId } from '../households/phone';
import { findOneByKey } from '../database/bulk-reads';
import { findAll, findPage } from '../database/postgres-reads';
import { isWithinScope, type Actor, type AreaPath } from '../users/roles';
import { DeliveryModel, type DeliveryDoc } from './delivery-model';
import { BatchModel } from './model';
import type { Delivery } from './shapes';
import { isPermanentFailure, type BatchStatus, type DeliveryStatus, type FailureReason } from './status';
import { isoOrNull as iso } from '../vietnam-time';

// Reading deliveries: who sees which (DESIGN §6, §9), and their shape. Confirm and fail are in
// handover.ts.

export type { Delivery } from './shapes';

export type StoredDelivery = DeliveryDoc & { _id: Types.ObjectId; createdAt: Date; updatedAt: Date };

export function toDelivery(d: StoredDelivery, actor: Actor): Delivery {
  const reason = (d.failureReason ?? null) as FailureReason | null;
  const loc = d.location;
  return {
    id: String(d._id),
    batchId: d.batchId,
    householdId: d.householdId,
    area: {
      provinceCode: d.area.provinceCode,
      districtCode: d.area.districtCode ?? null,
      communeCode: d.area.communeCode,
    },
    village: d.village,
    household: {
      fullName: d.household.fullName,
      nationalId: seesFullNationalId(actor) ? d.household.nationalId : maskNationalId(d.household.nationalId),
      address: d.household.address ?? null,
      phone: d.household.phone ?? null,
    },
    status: d.status,
    serial: d.serial ?? null,
    recipientName: d.recipientName ?? null,
    recipientIdLast4: d.recipientIdLast4 ?? null,
    recipientIsHead: d.recipientIsHead ?? null,
    recipientRelation: d.recipientRelation ?? null,
    handoverNumber: d.handoverNumber ?? null,
    deliveredAt: iso(d.deliveredAt),
    signalReceived: d.signalReceived ?? null,
    location:
      loc && typeof loc.lat === 'number' && typeof loc.lng === 'number'
        ? { lat: loc.lat, lng: loc.lng, accuracyM: loc.accuracyM ?? null }
        : null,
    hasPhoto: Boolean(d.photoId),
    notes: d.notes ?? null,
    attempts: (d.attempts ?? []).map((a) => ({
      at: a.at.toISOString(),
      reason: a.reason as FailureReason,
      notes: a.notes ?? null,
      by: a.by,
    })),
    attemptCount: d.attempts?.length ?? 0,
    failureReason: reason,
    failureKind: reason ? (isPermanentFailure(reason) ? 'permanent' : 'temporary') : null,
    failedAt: iso(d.failedAt),
    cancelledAt: iso(d.cancelledAt),
    completedBy: d.completedBy ?? null,
    version: d.version,
    createdAt: d.createdAt.toISOString(),
    updatedAt: d.updatedAt.toISOString(),
  };
}

export const deliveryNotFound = (id: string) =>
  new NotFoundError(text(`Không tìm thấy lượt lắp đặt ${id}`, `No delivery ${id}`));

/** The ids of the batches an installer is on (their whole world of deliveries). */
export async function batchIdsOf(installerId: string): Promise<string[]> {
  const docs = await findAll<{ _id: unknown }>(BatchModel, { installerIds: installerId }, { fields: [] });
  return docs.map((b) => String(b._id));
}

/**
 * Whether the actor may see the delivery: admins all; officials inside their area; installers only
 * those of batches they are on (`installerIds`, of the delivery's batch). Pure: the one statement of
 * the rule, for loadDeliveryWithBatch and its callers.
 */
export function deliveryInScope(
  d: { area: AreaPath },
  installerIds: readonly unknown[] | null,
  actor: Actor,
): boolean {
  if (actor.role === 'admin') return true;
  if (actor.role === 'official') return isWithinScope(actor.scope, d.area);
  return (
    actor.role === 'installer' &&
    actor.scope?.provinceCode === d.area.provinceCode &&
    (installerIds ?? []).map(String).includes(actor.id)
  );
}

/** What a delivery's ending checks of its batch. */
export interface BatchOfDelivery {
  status: BatchStatus;
  startedAt?: Date | null;
  installerIds?: unknown[];
}

/**
 * A delivery the actor may see (deliveryInScope) and its batch (null once deleted): one read of the
 * batch serves the installer's scope and an ending's check of the batch's status. Both by key
 * (bulk-reads.ts). Anything out of scope is NotFoundError, like an unknown id.
 */
export async function loadDeliveryWithBatch(
  id: string,
  actor: Actor,
): Promise<{ delivery: StoredDelivery; batch: BatchOfDelivery | null }> {
  if (!Types.ObjectId.isValid(id)) throw deliveryNotFound(id);
  const d = await findOneByKey<StoredDelivery>(DeliveryModel, '_id', id);
  if (!d) throw deliveryNotFound(id);
  const batch = await findOneByKey<BatchOfDelivery>(BatchModel, '_id', d.batchId);
  if (!deliveryInScope(d, batch?.installerIds ?? null, actor)) throw deliveryNotFound(id);
  return { delivery: d, batch };
}

/** A delivery the actor may see (deliveryInScope); anything else is NotFoundError. */
export async function loadDeliveryInScope(id: string, actor: Actor): Promise<StoredDelivery> {
  return (await loadDeliveryWithBatch(id, actor)).delivery;
}

export async function getDelivery(id: string, actor: Actor): Promise<Delivery> {
  return toDelivery(await loadDeliveryInScope(id, actor), actor);
}

export interface ListDeliveriesInput {
  batchId?: string;
  status?: DeliveryStatus;
  communeCode?: string;
  /** Only deliveries of batches the actor installs for (installers always). */
  mine?: boolean;
  page: number;
  pageSize: number;
}

export async function deliveryFilter(input: Omit<ListDeliveriesInput, 'page' | 'pageSize'>, actor: Actor) {
  const filter: Record<string, unknown> = {};
  if (actor.role !== 'admin' && actor.scope) {
    filter['area.provinceCode'] = actor.scope.provinceCode;
    if (actor.scope.level === 'district') filter['area.districtCode'] = actor.scope.code;
  }
  if (actor.role === 'installer' || input.mine) {
    const mine = await batchIdsOf(actor.id);
    filter.batchId = input.batchId
      ? mine.includes(input.batchId)
        ? input.batchId
        : '__not_yours__'
      : { $in: mine };
  } else if (input.batchId) filter.batchId = input.batchId;
  if (input.status) filter.status = input.status;
  if (input.communeCode) filter['area.communeCode'] = input.communeCode;
  return filter;
}

export async function listDeliveries(input: ListDeliveriesInput, actor: Actor) {
  const filter = await deliveryFilter(input, actor);
  // One SQL query on the embedded default (findPage): through FerretDB, which sorts every match
  // itself and decodes the whole collection for an installer's `batchId: {$in}`, an installer's
  // list took 13 s on a province holding 30,000 deliveries.
  const { docs, total } = await findPage<StoredDelivery>(DeliveryModel, {
    filter,
    sort: { 'area.communeCode': 1, village: 1, createdAt: 1, _id: 1 },
    skip: (input.page - 1) * input.pageSize,
    limit: input.pageSize,
  });
  return { items: docs.map((d) => toDelivery(d, actor)), total, page: input.page, pageSize: input.pageSize };
}
