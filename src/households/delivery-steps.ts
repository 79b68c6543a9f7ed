import type { ReceiverType } from '../receiver-types';
import * as audit from '../audit/service';
import { findByIds } from '../database/bulk-reads';
import { findPage } from '../database/postgres-reads';
import type { Actor } from '../users/roles';
import { HouseholdModel } from './model';
import { transition } from './review';
import { type Household } from './service';
import { type StoredHousehold } from './household';

// The household's side of a delivery (DESIGN §4, §6), called by the batches feature. Each is one
// conditional transition under the household's lock, with its counters and audit entry; a
// RuleViolationError means the household is no longer in the state the step expects.

/** approved → assigned, remembering the batch. */
export function assignToBatch(id: string, batchId: string, actor: Actor): Promise<Household> {
  return transition(id, 'assign', actor, { patch: () => ({ batchId }) });
}

/** assigned → approved: a temporary failure or a closed batch; it keeps its place (approvedAt). */
export function releaseFromBatch(id: string, reason: string, actor: Actor): Promise<Household> {
  return transition(id, 'release', actor, { patch: () => ({ batchId: null, statusReason: reason }) });
}

/** assigned → delivered, with the receiver handed over. Final. */
export function markHouseholdDelivered(
  id: string,
  serial: string,
  deliveredAt: Date,
  actor: Actor,
): Promise<Household> {
  return transition(id, 'deliver', actor, {
    patch: () => ({ receiverSerial: serial, deliveredAt, statusReason: null }),
  });
}

/** assigned → withdrawn: a permanent failure (moved, deceased, refused…). */
export function withdrawAfterFailure(id: string, reason: string, actor: Actor): Promise<Household> {
  return transition(id, 'withdraw', actor, { patch: () => ({ batchId: null, statusReason: reason }) });
}

/** Assigned households, for reconcile: id, batch and last change only, streamed. */
export async function* assignedHouseholds(): AsyncGenerator<{
  id: string;
  batchId: string | null;
  updatedAt: Date;
}> {
  const cursor = HouseholdModel.find({ status: 'assigned' }, { batchId: 1, updatedAt: 1 }).lean().cursor();
  for await (const h of cursor)
    yield { id: String(h._id), batchId: h.batchId ?? null, updatedAt: h.updatedAt };
}

export async function householdStatusOf(
  id: string,
): Promise<{ status: string; batchId: string | null; updatedAt: Date } | null> {
  const h = await HouseholdModel.findById(id, { status: 1, batchId: 1, updatedAt: 1 }).lean();
  return h ? { status: h.status, batchId: h.batchId ?? null, updatedAt: h.updatedAt } : null;
}

/** What a batch needs of a household it may take: where it is, its state, whom to visit. */
export interface BatchCandidate {
  id: string;
  area: { provinceCode: string; districtCode: string | null; communeCode: string };
  village: string;
  status: string;
  /** The batch it is assigned to, if any. */
  batchId: string | null;
  receiverType: string;
  head: { fullName: string; nationalId: string };
  address: string | null;
  phone: string | null;
  approvedAt: Date | null;
}

type CandidateDoc = Omit<BatchCandidate, 'id' | 'area' | 'address' | 'phone' | 'approvedAt' | 'batchId'> & {
  batchId?: string | null;
  _id: unknown;
  area: { provinceCode: string; districtCode?: string | null; communeCode: string };
  address?: string | null;
  phone?: string | null;
  approvedAt?: Date | null;
};

const toCandidate = (d: CandidateDoc): BatchCandidate => ({
  id: String(d._id),
  area: {
    provinceCode: d.area.provinceCode,
    districtCode: d.area.districtCode ?? null,
    communeCode: d.area.communeCode,
  },
  village: d.village,
  status: d.status,
  batchId: d.batchId ?? null,
  receiverType: d.receiverType,
  head: { fullName: d.head.fullName, nationalId: d.head.nationalId },
  address: d.address ?? null,
  phone: d.phone ?? null,
  approvedAt: d.approvedAt ?? null,
});

/** The households of `ids` (null for an unknown one), for a batch to check and take: one query. */
export async function batchCandidatesOf(ids: string[]): Promise<(BatchCandidate | null)[]> {
  const valid = ids.filter((id) => /^[0-9a-f]{24}$/i.test(id));
  const docs = await findByIds<StoredHousehold>(HouseholdModel, valid);
  const byId = new Map(docs.map((d) => [String(d._id), toCandidate(d)]));
  return ids.map((id) => byId.get(id) ?? null);
}

/**
 * Approved households of these communes needing this receiver type, oldest approval first: their
 * ids only (the caller reads the ones it takes with batchCandidatesOf, a chunk at a time).
 */
export async function oldestApproved(
  communeCodes: readonly string[],
  receiverType: ReceiverType,
  n: number,
): Promise<{ id: string }[]> {
  if (n <= 0) return [];
  // One query per commune (each uses the commune/status/type/approvedAt index on MongoDB; on the
  // embedded PostgreSQL one sorted, limited SQL query, where FerretDB decoded and sorted every
  // approved household of the commune: 36 ms each, 4.6 s for a province's 126), merged.
  const perCommune = await Promise.all(
    communeCodes.map(async (communeCode) => {
      const { docs } = await findPage<Pick<StoredHousehold, '_id' | 'approvedAt'>>(HouseholdModel, {
        filter: { 'area.communeCode': communeCode, status: 'approved', receiverType },
        sort: { approvedAt: 1, _id: 1 },
        skip: 0,
        limit: n,
        total: false,
        fields: ['approvedAt'],
      });
      return docs;
    }),
  );
  return perCommune
    .flat()
    .map((d) => ({ id: String(d._id), approvedAt: d.approvedAt ?? null }))
    .sort(
      (a, b) => (a.approvedAt?.getTime() ?? 0) - (b.approvedAt?.getTime() ?? 0) || a.id.localeCompare(b.id),
    )
    .slice(0, n)
    .map(({ id }) => ({ id }));
}

/**
 * A delivered household's receiver swapped by an official (a wrong scan, a receiver replaced): the
 * serial it holds changes, its status does not. Audited here, as every household change.
 */
export async function rebindReceiver(id: string, from: string, to: string, actor: Actor): Promise<void> {
  const doc = await HouseholdModel.findOneAndUpdate(
    { _id: id, status: 'delivered', receiverSerial: from },
    { $set: { receiverSerial: to }, $inc: { version: 1 } },
    { returnDocument: 'after' },
  ).lean();
  if (!doc) return; // already rebound (a retry), or not delivered: the receivers decide invariant 1
  await audit.record(
    actor,
    'household.receiver_swapped',
    { type: 'household', id, area: doc.area },
    { before: { receiverSerial: from }, after: { receiverSerial: to, version: doc.version } },
  );
}
