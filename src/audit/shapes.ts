import { DateTime, Nullable, Type, type Static } from '../openapi/shape';

// An audit entry as the API answers it: the TypeScript type and the OpenAPI component.

export const AuditEntryShape = Type.Object({
  id: Type.String(),
  at: DateTime(),
  actor: Type.Object({ id: Type.String(), username: Type.String(), role: Type.String() }),
  action: Type.String({ example: 'household.registered' }),
  entityType: Type.String({ example: 'household' }),
  entityId: Type.String(),
  area: Nullable(
    Type.Object({
      provinceCode: Type.String(),
      districtCode: Nullable(Type.String()),
      communeCode: Nullable(Type.String()),
    }),
  ),
  before: Type.Unknown(),
  after: Type.Unknown(),
});
export type AuditEntry = Static<typeof AuditEntryShape>;
