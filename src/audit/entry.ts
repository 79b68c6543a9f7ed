import type { Actor, AreaPath } from '../users/roles';

/** What an audit entry is about: the changed entity and the area it belongs to. */
export interface AuditedEntity {
  type: string;
  id: string;
  area?: AreaPath | null;
}

/** The stored form of an audit entry (without its _id). */
export function auditEntryOf(
  actor: Actor,
  action: string,
  entity: AuditedEntity,
  data: { before?: unknown; after?: unknown },
  at = new Date(),
) {
  return {
    at,
    actor: { id: actor.id, username: actor.username, role: actor.role },
    action,
    entityType: entity.type,
    entityId: entity.id,
    area: {
      provinceCode: entity.area?.provinceCode ?? null,
      districtCode: entity.area?.districtCode ?? null,
      communeCode: entity.area?.communeCode ?? null,
    },
    before: data.before ?? null,
    after: data.after ?? null,
  };
}
