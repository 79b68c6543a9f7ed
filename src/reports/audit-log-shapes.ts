import { AuditEntryShape } from '../audit/shapes';
import { Nullable, Type, type Static } from '../openapi/shape';

// An audit entry as GET /audit answers it: the stored entry with the words a person reads it by.

export const AuditLogEntryShape = Type.Composite([
  Type.Omit(AuditEntryShape, ['actor']),
  Type.Object({
    actor: Type.Object({
      id: Type.String(),
      username: Type.String(),
      role: Type.String(),
      fullName: Nullable(Type.String({ description: 'null for the system or an account that is gone' })),
    }),
    areaName: Nullable(Type.String({ description: 'The commune (else district, province) of the entry' })),
    subject: Nullable(
      Type.String({
        description:
          "What the entry is about in words: the household's head, the batch's name, the serial, the user's full name",
        example: 'Nguyễn Thị Hoà',
      }),
    ),
    householdId: Nullable(Type.String({ description: 'The household concerned (households, deliveries)' })),
    batchId: Nullable(Type.String({ description: 'The batch concerned (batches, deliveries)' })),
    reason: Nullable(
      Type.String({ description: 'The reason the change gives in words (rejection, withdrawal)' }),
    ),
    failureReason: Nullable(
      Type.String({ description: "A failed visit's reason (a delivery failure code)", example: 'absent' }),
    ),
  }),
]);
export type AuditLogEntry = Static<typeof AuditLogEntryShape>;

/** A page of GET /audit: wider than one commune, the total is counted up to 1,000 (database/list-total.ts). */
export const AuditLogPageShape = Type.Object({
  items: Type.Array(AuditLogEntryShape),
  total: Type.Integer({
    description: 'How many entries match; when totalCapped, counting stopped there (1,000) and more match',
  }),
  totalCapped: Type.Boolean({
    description:
      'true: more than `total` entries match ("Hơn 1.000 mục"); a commune’s entries are counted exactly',
  }),
  page: Type.Integer(),
  pageSize: Type.Integer(),
});
export type AuditLogPage = Static<typeof AuditLogPageShape>;
