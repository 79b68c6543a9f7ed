import { isDuplicateKeyError } from '../database/duplicate-key';
import { Types } from 'mongoose';
import * as areas from '../areas/service';
import * as audit from '../audit/service';
import { ConflictError, ForbiddenError, NotFoundError, RuleViolationError, text } from '../errors';
import { withLock } from '../database/locks';
import { checkCommunes, checkDates, checkInstallers } from './plan-checks';
import type { ReceiverType } from '../receiver-types';
import { managesProvince, type Actor } from '../users/roles';
import { BatchModel, type BatchDoc } from './model';
import type { Batch } from './shapes';
import { assertBatchAllows, type BatchStatus } from './status';
import { isoOrNull as iso } from '../vietnam-time';

// Batches (DESIGN §6): planning (its checks in plan-checks.ts), state, and who may see them.
// Receivers, households and deliveries of a batch are in allocation.ts, assignment.ts and deliveries.ts.

export interface BatchFields {
  name: string;
  phase: number;
  communeCodes: string[];
  receiverType: ReceiverType;
  installerIds: string[];
  plannedStart?: Date | null;
  plannedEnd?: Date | null;
  notes?: string | null;
}

export interface CreateBatchInput extends BatchFields {
  provinceCode: string;
}

export interface ListBatchesInput {
  provinceCode?: string;
  status?: BatchStatus;
  communeCode?: string;
  mine?: boolean;
  page: number;
  pageSize: number;
}

export type { Batch } from './shapes';

export type StoredBatch = BatchDoc & { _id: Types.ObjectId; createdAt: Date; updatedAt: Date };

export function toBatch(d: StoredBatch): Batch {
  return {
    id: String(d._id),
    code: d.code,
    name: d.name,
    phase: d.phase,
    provinceCode: d.provinceCode,
    communeCodes: [...d.communeCodes],
    receiverType: d.receiverType,
    installerIds: [...d.installerIds],
    plannedStart: iso(d.plannedStart),
    plannedEnd: iso(d.plannedEnd),
    status: d.status,
    startedAt: iso(d.startedAt),
    closedAt: iso(d.closedAt),
    notes: d.notes ?? null,
    version: d.version,
    createdBy: d.createdBy,
    createdAt: d.createdAt.toISOString(),
    updatedAt: d.updatedAt.toISOString(),
  };
}

export const batchNotFound = (id: string) =>
  new NotFoundError(text(`Không tìm thấy đợt lắp đặt ${id}`, `No batch ${id}`));

/** Who sees a batch: admins; officials of its province; installers on it. Others get 404. */
export function seesBatch(
  actor: Actor,
  b: { provinceCode: string; installerIds: readonly string[] },
): boolean {
  if (actor.role === 'admin') return true;
  if (actor.scope?.provinceCode !== b.provinceCode) return false;
  if (actor.role === 'official') return true;
  return actor.role === 'installer' && b.installerIds.includes(actor.id);
}

/** Who plans a batch: admins and officials of the whole province (DESIGN §9). */
export function assertMayManageBatch(actor: Actor, provinceCode: string): void {
  if (!managesProvince(actor, provinceCode)) {
    throw new ForbiddenError(
      text('Chỉ cán bộ cấp tỉnh lập và điều hành đợt lắp đặt', 'Only province officials manage batches'),
    );
  }
}

export async function loadBatch(id: string, actor: Actor): Promise<StoredBatch> {
  if (!Types.ObjectId.isValid(id)) throw batchNotFound(id);
  const doc = await BatchModel.findById(id).lean();
  if (!doc || !seesBatch(actor, doc)) throw batchNotFound(id);
  return doc;
}

export async function getBatch(id: string, actor: Actor): Promise<Batch> {
  return toBatch(await loadBatch(id, actor));
}

/** The next free code of a province's phase: "25-D1-001", "25-D1-002"… (the unique index decides races). */
async function insertWithCode(fields: Record<string, unknown>, provinceCode: string, phase: number) {
  const prefix = `${provinceCode}-D${phase}-`;
  for (let attempt = 0; attempt < 5; attempt++) {
    const n = (await BatchModel.countDocuments({ provinceCode, phase })) + 1 + attempt;
    try {
      return await BatchModel.create({ ...fields, code: prefix + String(n).padStart(3, '0') });
    } catch (err) {
      if (!isDuplicateKeyError(err)) throw err;
    }
  }
  throw new ConflictError(
    text('Đang có đợt khác được tạo; hãy thử lại', 'Another batch was being created; retry'),
  );
}

export async function createBatch(input: CreateBatchInput, actor: Actor): Promise<Batch> {
  const province = await areas.getArea(input.provinceCode);
  if (province.level !== 'province') {
    throw new RuleViolationError(
      text(`${province.name} không phải cấp tỉnh`, `${province.name} is not a province`),
    );
  }
  assertMayManageBatch(actor, province.code);
  checkDates(input.plannedStart, input.plannedEnd);
  const communeCodes = await checkCommunes(province.code, input.communeCodes);
  const installerIds = await checkInstallers(province.code, input.installerIds, actor);
  const doc = await insertWithCode(
    {
      ...input,
      provinceCode: province.code,
      communeCodes,
      installerIds,
      status: 'planned',
      createdBy: actor.id,
    },
    province.code,
    input.phase,
  );
  const batch = toBatch(doc.toObject());
  await audit.record(
    actor,
    'batch.created',
    { type: 'batch', id: batch.id, area: { provinceCode: batch.provinceCode } },
    {
      after: batch,
    },
  );
  return batch;
}

export async function listBatches(input: ListBatchesInput, actor: Actor) {
  const filter: Record<string, unknown> = {};
  if (actor.role !== 'admin') filter.provinceCode = actor.scope?.provinceCode ?? '__none__';
  if (input.provinceCode) {
    filter.provinceCode =
      filter.provinceCode && filter.provinceCode !== input.provinceCode
        ? '__outside_scope__'
        : input.provinceCode;
  }
  if (actor.role === 'installer' || input.mine) filter.installerIds = actor.id;
  if (input.status) filter.status = input.status;
  if (input.communeCode) filter.communeCodes = input.communeCode;
  const [docs, total] = await Promise.all([
    BatchModel.find(filter)
      .sort({ createdAt: -1, _id: -1 })
      .skip((input.page - 1) * input.pageSize)
      .limit(input.pageSize)
      .lean(),
    BatchModel.countDocuments(filter),
  ]);
  return { items: docs.map(toBatch), total, page: input.page, pageSize: input.pageSize };
}

/**
 * Runs `work` on a batch the actor manages, under the batch's lock (on MongoDB too: capacity is
 * read across collections). `work` sees the batch as stored now.
 */
export function withManagedBatch<T>(
  id: string,
  actor: Actor,
  work: (batch: StoredBatch) => Promise<T>,
): Promise<T> {
  return withLock(
    `batch:${id}`,
    async () => {
      const batch = await loadBatch(id, actor);
      assertMayManageBatch(actor, batch.provinceCode);
      return work(batch);
    },
    { always: true, waitMs: 30_000, leaseMs: 120_000 },
  );
}

/** Sets the batch's status (and a timestamp) conditionally on the status read under the lock. */
export async function setBatchStatus(
  batch: StoredBatch,
  to: BatchStatus,
  at: 'startedAt' | 'closedAt',
  actor: Actor,
  action: string,
): Promise<Batch> {
  const doc = await BatchModel.findOneAndUpdate(
    { _id: batch._id, status: batch.status },
    { $set: { status: to, [at]: new Date() }, $inc: { version: 1 } },
    { returnDocument: 'after' },
  ).lean();
  if (!doc)
    throw new ConflictError(
      text('Đợt vừa được thay đổi; hãy tải lại', 'The batch changed meanwhile; reload it'),
    );
  const after = toBatch(doc);
  await audit.record(
    actor,
    action,
    { type: 'batch', id: after.id, area: { provinceCode: after.provinceCode } },
    {
      before: { status: batch.status },
      after: { status: after.status },
    },
  );
  return after;
}

export async function startBatch(id: string, actor: Actor): Promise<Batch> {
  return withManagedBatch(id, actor, async (batch) => {
    assertBatchAllows(batch.status, 'start');
    if (batch.installerIds.length === 0) {
      throw new RuleViolationError(text('Đợt chưa có thợ lắp đặt nào', 'The batch has no installers yet'), {
        field: 'installerIds',
      });
    }
    return setBatchStatus(batch, 'in_progress', 'startedAt', actor, 'batch.started');
  });
}
