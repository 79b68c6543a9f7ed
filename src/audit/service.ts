import { isDuplicateKeyError } from '../database/duplicate-key';
import { createHash } from 'node:crypto';
import { Types } from 'mongoose';
import { areaFilter, type Actor } from '../users/roles';
import { AuditModel } from './model';
import { auditEntryOf, type AuditedEntity } from './entry';
import type { AuditEntry } from './shapes';
import { totalCapOf } from '../database/list-total';
import { findPage } from '../database/postgres-reads';

export type { AuditEntry } from './shapes';

export interface ListAuditInput {
  /** A province, district or commune inside the actor's area (outside it: nothing found). */
  areaCode?: string;
  entityType?: string;
  entityId?: string;
  actorId?: string;
  action?: string;
  from?: Date;
  to?: Date;
  page: number;
  pageSize: number;
  /**
   * Internal (the .xlsx's keyset paging): only the entries after this one in the list's order
   * (older, or of the same instant with a lower id), the first `pageSize` of them; nothing counted.
   */
  after?: { at: Date; id: string };
}

/** The entries after `last` in the order (at, _id) descending: a keyset page's condition. */
function after(last: { at: Date; id: string }): Record<string, unknown> {
  const id = new Types.ObjectId(last.id);
  return { $or: [{ at: { $lt: last.at } }, { at: { $gte: last.at, $lte: last.at }, _id: { $lt: id } }] };
}

function toAuditEntry(d: {
  _id: unknown;
  at: Date;
  actor: { id: string; username: string; role: string };
  action: string;
  entityType: string;
  entityId: string;
  area?: { provinceCode?: string | null; districtCode?: string | null; communeCode?: string | null } | null;
  before?: unknown;
  after?: unknown;
}): AuditEntry {
  return {
    id: String(d._id),
    at: d.at.toISOString(),
    actor: { id: d.actor.id, username: d.actor.username, role: d.actor.role },
    action: d.action,
    entityType: d.entityType,
    entityId: d.entityId,
    area: d.area?.provinceCode
      ? {
          provinceCode: d.area.provinceCode,
          districtCode: d.area.districtCode ?? null,
          communeCode: d.area.communeCode ?? null,
        }
      : null,
    before: d.before ?? null,
    after: d.after ?? null,
  };
}

/** Called by services after a change is stored: action is '<entity>.<past-tense verb>'. */
export async function record(
  actor: Actor,
  action: string,
  entity: AuditedEntity,
  data: { before?: unknown; after?: unknown },
): Promise<void> {
  await AuditModel.create(auditEntryOf(actor, action, entity, data));
}

export interface AuditManyEntry {
  /** A key naming this change once (bulk steps): writing the same entry again is a no-op. */
  key?: string;
  entity: AuditedEntity;
  before?: unknown;
  after?: unknown;
}

/** The entry id of a keyed change: an ObjectId derived from the key, so a redo collides with it. */
const idForKey = (key: string) => createHash('sha256').update(key).digest('hex').slice(0, 24);

/**
 * One entry per entity of a bulk change (same actor, action and time), written in one insertMany.
 * Keyed entries already written (a resumed job redoing a chunk) are left as they are.
 */
export async function recordMany(actor: Actor, action: string, entries: AuditManyEntry[]): Promise<void> {
  if (entries.length === 0) return;
  const at = new Date();
  const keyed = entries.some((e) => e.key);
  const write = AuditModel.insertMany(
    entries.map(({ key, entity, before, after }) => ({
      ...(key ? { _id: idForKey(`${action}\n${key}`) } : {}),
      ...auditEntryOf(actor, action, entity, { before, after }, at),
    })),
    { ordered: !keyed },
  );
  await write.catch((err: unknown) => {
    const all = [(err as { writeErrors?: unknown }).writeErrors ?? []].flat() as { code?: number }[];
    const onlyRedone = keyed && all.length > 0 && all.every((w) => isDuplicateKeyError(w));
    if (!onlyRedone && !(keyed && isDuplicateKeyError(err))) throw err;
  });
}

/** Admins see everything; an official sees the entries of entities inside their area. */
export async function listAudit(input: ListAuditInput, actor: Actor) {
  const filter: Record<string, unknown> = {
    ...areaFilter(actor.role === 'admin' ? null : actor.scope, input.areaCode),
  };
  if (input.entityType) filter.entityType = input.entityType;
  if (input.entityId) filter.entityId = input.entityId;
  if (input.actorId) filter['actor.id'] = input.actorId;
  if (input.action) filter.action = input.action;
  if (input.from || input.to) {
    filter.at = { ...(input.from ? { $gte: input.from } : {}), ...(input.to ? { $lte: input.to } : {}) };
  }
  if (input.after) Object.assign(filter, after(input.after));
  // Counted exactly within one commune, up to 1,000 wider (list-total.ts): counting the province's
  // 90,000 entries took 55 of a page's 56 ms (34,647 households).
  const { docs, total, totalCapped } = await findPage<Parameters<typeof toAuditEntry>[0]>(AuditModel, {
    filter,
    sort: { at: -1, _id: -1 },
    skip: input.after ? 0 : (input.page - 1) * input.pageSize,
    limit: input.pageSize,
    ...(input.after ? { total: false as const } : { totalCap: totalCapOf(filter) }),
  });
  const items = docs.map(toAuditEntry);
  return { items, total, totalCapped, page: input.page, pageSize: input.pageSize };
}

/** The newest entry of an action, or null. */
export async function latestOf(action: string): Promise<AuditEntry | null> {
  const doc = await AuditModel.findOne({ action }).sort({ at: -1, _id: -1 }).lean();
  return doc ? toAuditEntry(doc) : null;
}

/** Every entry of one entity, oldest first: a household's status history, say. */
export async function historyOf(entityType: string, entityId: string): Promise<AuditEntry[]> {
  const docs = await AuditModel.find({ entityType, entityId }).sort({ at: 1, _id: 1 }).limit(500).lean();
  return docs.map(toAuditEntry);
}
