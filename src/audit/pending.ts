import { isDuplicateKeyError } from '../database/duplicate-key';
import { insertAndClearInPostgres } from '../database/postgres-insert-clear';
import type { AnyModel } from '../database/postgres-reads';
import { createHash } from 'node:crypto';
import { Schema, Types } from 'mongoose';
import type { Actor } from '../users/roles';
import { auditEntryFields, AuditModel } from './model';
import { auditEntryOf, type AuditedEntity } from './entry';

// Acknowledged means stored, audit included (issue 10 item 1, DESIGN §7.4–5). A change writes its
// audit entry as a pending-audit marker inside the same document write as the change itself, so
// the two are stored together or not at all. The audit insert then uses an _id derived from the
// marker's key (one per change), so writing it twice stores it once; clearing the marker is
// conditional on that key, so a later change's marker is never cleared by an earlier flush. A crash
// between the change and the clear leaves the marker, and `reconcile` writes the missing entries.

export interface PendingAudit {
  /** Names the change once: `<entity>:<id>:<action>:<version>`. */
  key: string;
  /** Always true while pending: lets reconcile find markers with one flat equality. */
  open: true;
  at: Date;
  actor: { id: string; username: string; role: string };
  action: string;
  entityType: string;
  entityId: string;
  area: { provinceCode: string | null; districtCode: string | null; communeCode: string | null };
  before: unknown;
  after: unknown;
}

/** The schema field each audited model adds (`pendingAudit: pendingAuditField`). */
export const pendingAuditField = {
  type: new Schema(
    { key: { type: String, required: true }, open: { type: Boolean, required: true }, ...auditEntryFields },
    { _id: false, minimize: false },
  ),
  default: null,
};

/** The audit entry of a change, to store in the change's own write. */
export function pendingAudit(
  actor: Actor,
  action: string,
  entity: AuditedEntity,
  data: { before?: unknown; after?: unknown },
  version: number | string,
): PendingAudit {
  return {
    key: `${entity.type}:${entity.id}:${action}:${version}`,
    open: true,
    ...auditEntryOf(actor, action, entity, data),
  };
}

/** The audit entry id of a marker: an ObjectId-sized hex derived from its key. */
export const auditIdOf = (key: string) =>
  createHash('sha256').update(`pending\n${key}`).digest('hex').slice(0, 24);

/** The audit entry of a marker, as AuditModel.create would store it. */
function entryOf(p: PendingAudit, overrides: { after?: unknown }) {
  return {
    _id: auditIdOf(p.key),
    at: p.at,
    actor: p.actor,
    action: p.action,
    entityType: p.entityType,
    entityId: p.entityId,
    area: p.area,
    before: p.before ?? null,
    after: overrides.after ?? p.after ?? null,
  };
}

/**
 * The entry exactly as AuditModel.create stores it (cast, keys in the schema's order, `_id` first and
 * `__v` last; test/integration/postgres-insert-clear.test.ts compares the two rows), built by hand:
 * a Mongoose document built only to be read back cost about 1 ms a change (profiled).
 */
function storedEntryOf(p: PendingAudit, overrides: { after?: unknown }): Record<string, unknown> {
  const e = entryOf(p, overrides);
  return {
    _id: new Types.ObjectId(e._id),
    at: new Date(e.at),
    actor: { id: e.actor.id, username: e.actor.username, role: e.actor.role },
    action: e.action,
    entityType: e.entityType,
    entityId: e.entityId,
    area: {
      provinceCode: e.area.provinceCode ?? null,
      districtCode: e.area.districtCode ?? null,
      communeCode: e.area.communeCode ?? null,
    },
    before: e.before,
    after: e.after,
    __v: 0,
  };
}

/** Stores the marker's audit entry once (a second insert meets the first one's _id). */
export async function writePendingAudit(p: PendingAudit, overrides: { after?: unknown } = {}): Promise<void> {
  try {
    await AuditModel.create(entryOf(p, overrides));
  } catch (err) {
    if (!isDuplicateKeyError(err)) throw err; // written before (a redo)
  }
}

/** The document carrying a marker: its model (which the entity's own service gives) and id. */
export interface MarkedDocument {
  model: AnyModel;
  id: unknown;
}

/**
 * Writes the marker's audit entry, then clears the marker on its document (an update of `{_id,
 * 'pendingAudit.key': key}` to `pendingAudit: null`, so a later change's marker is never cleared by
 * this one). On the embedded PostgreSQL both are one statement (postgres-insert-clear.ts). The
 * caller holds the entity's lock.
 */
export async function settlePendingAudit(
  p: PendingAudit,
  marked: MarkedDocument,
  overrides: { after?: unknown } = {},
): Promise<void> {
  const entry = storedEntryOf(p, overrides);
  const clear = { ...marked, field: 'pendingAudit', key: p.key };
  if ((await insertAndClearInPostgres({ model: AuditModel, doc: entry }, clear)) === 'written') return;
  await writePendingAudit(p, overrides);
  // Clearing the marker is bookkeeping, not a change of the record: `timestamps: false` keeps
  // updatedAt (and an answer repeated to a retry) that of the change itself.
  await marked.model.updateOne(
    { _id: marked.id, 'pendingAudit.key': p.key },
    { $set: { pendingAudit: null } },
    { timestamps: false },
  );
}

/** Narrows a stored marker (lean documents type it loosely). */
export function storedPendingAudit(v: unknown): PendingAudit | null {
  const p = v as Partial<PendingAudit> | null | undefined;
  return p && p.open === true && typeof p.key === 'string' ? (p as PendingAudit) : null;
}

export interface LeftoverAudits {
  /** Markers older than the grace period: their request is over, so reconcile settles them. */
  found: PendingAudit[];
  /** Entity ids of markers younger than the grace period, left to the requests that may still run. */
  recent: string[];
}

/**
 * Reconcile's pass over one collection's documents carrying a marker (`{'pendingAudit.open': true}`):
 * `settle` (which takes the entity's lock and re-reads it) runs for those older than `olderThan`,
 * unless `dryRun`.
 */
export async function settleLeftovers<D extends { pendingAudit?: unknown }>(
  docs: AsyncIterable<D>,
  olderThan: Date,
  dryRun: boolean,
  settle: (d: D) => Promise<unknown>,
): Promise<LeftoverAudits> {
  const out: LeftoverAudits = { found: [], recent: [] };
  for await (const d of docs) {
    const p = storedPendingAudit(d.pendingAudit);
    if (!p) continue;
    if (p.at > olderThan) {
      out.recent.push(p.entityId);
      continue;
    }
    out.found.push(p);
    if (!dryRun) await settle(d);
  }
  return out;
}
