import { DateTime, Nullable, StringEnum, Type, type Static } from '../openapi/shape';
import { BATCH_STATUSES, FAILURE_REASONS } from '../batches/status';
import { RECEIVER_TYPES } from '../receiver-types';

// GET /reports/batches/:id as the API answers it: the TypeScript type and the OpenAPI schema.

const counts = {
  households: Type.Integer({ description: 'Deliveries of the batch (one per household added)' }),
  pending: Type.Integer(),
  delivered: Type.Integer(),
  failed: Type.Integer({ description: 'Deliveries ended failed (permanent reasons)' }),
  cancelled: Type.Integer({ description: 'Still pending when the batch closed' }),
  failedAttempts: Type.Integer({ description: 'Failed visits, temporary ones included' }),
};

export const BatchReportShape = Type.Object({
  batch: Type.Object({
    id: Type.String(),
    code: Type.String(),
    name: Type.String(),
    phase: Type.Integer(),
    status: StringEnum(BATCH_STATUSES),
    statusText: Type.String(),
    provinceCode: Type.String(),
    provinceName: Type.String(),
    receiverType: StringEnum(RECEIVER_TYPES),
    receiverTypeName: Type.String(),
    plannedStart: Nullable(DateTime()),
    plannedEnd: Nullable(DateTime()),
    startedAt: Nullable(DateTime()),
    closedAt: Nullable(DateTime()),
  }),
  generatedAt: DateTime(),
  totals: Type.Object(counts),
  receivers: Type.Object({
    allocated: Type.Integer({ description: 'Held by the batch, not installed' }),
    installed: Type.Integer(),
    toReturn: Type.Integer({
      description: 'Allocated and not promised to a pending household: what returns to stock at closing',
    }),
  }),
  failureReasons: Type.Array(
    Type.Object({
      reason: StringEnum(FAILURE_REASONS),
      reasonText: Type.String({ description: 'In Vietnamese' }),
      permanent: Type.Boolean(),
      count: Type.Integer(),
    }),
  ),
  byCommune: Type.Array(Type.Object({ communeCode: Type.String(), communeName: Type.String(), ...counts })),
  byInstaller: Type.Array(
    Type.Object({
      userId: Type.String(),
      name: Type.String(),
      delivered: Type.Integer(),
      failed: Type.Integer(),
      failedAttempts: Type.Integer(),
    }),
  ),
});
export type BatchReport = Static<typeof BatchReportShape>;
