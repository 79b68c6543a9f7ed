import { DateTime, Nullable, StringEnum, Type, type Static } from '../openapi/shape';
import { RECEIVER_TYPES } from '../receiver-types';
import { BATCH_STATUSES, DELIVERY_STATUSES, FAILURE_REASONS, type FailureReason } from './status';

// Batches and deliveries as the API answers them: the TypeScript types and the OpenAPI schemas.

export const BatchShape = Type.Object({
  id: Type.String(),
  code: Type.String({ example: '25-D1-001' }),
  name: Type.String(),
  phase: Type.Integer(),
  provinceCode: Type.String(),
  communeCodes: Type.Array(Type.String()),
  receiverType: StringEnum(RECEIVER_TYPES),
  installerIds: Type.Array(Type.String()),
  plannedStart: Nullable(DateTime()),
  plannedEnd: Nullable(DateTime()),
  status: StringEnum(BATCH_STATUSES),
  startedAt: Nullable(DateTime()),
  closedAt: Nullable(DateTime()),
  notes: Nullable(Type.String()),
  version: Type.Integer(),
  createdBy: Type.String(),
  createdAt: DateTime(),
  updatedAt: DateTime(),
});
export type Batch = Static<typeof BatchShape>;

export const FAILURE_KINDS = ['temporary', 'permanent'] as const;

export const DeliveryShape = Type.Object({
  id: Type.String(),
  batchId: Type.String(),
  householdId: Type.String(),
  area: Type.Object({
    provinceCode: Type.String(),
    districtCode: Nullable(Type.String()),
    communeCode: Type.String(),
  }),
  village: Type.String(),
  household: Type.Object(
    {
      fullName: Type.String(),
      nationalId: Type.String(),
      address: Nullable(Type.String()),
      phone: Nullable(Type.String()),
    },
    { description: 'As when added to the batch; nationalId masked (last four digits) for installers' },
  ),
  status: StringEnum(DELIVERY_STATUSES),
  serial: Nullable(Type.String()),
  recipientName: Nullable(Type.String()),
  recipientIdLast4: Nullable(Type.String()),
  recipientIsHead: Nullable(Type.Boolean()),
  recipientRelation: Nullable(
    Type.String({ description: 'How the recipient is related to the head, when not the head' }),
  ),
  handoverNumber: Nullable(
    Type.String({ example: '000123/2026/BB-BG', description: 'Set at confirmation, per province and year' }),
  ),
  deliveredAt: Nullable(DateTime()),
  signalReceived: Nullable(Type.Boolean()),
  location: Nullable(
    Type.Object({
      lat: Type.Number(),
      lng: Type.Number(),
      accuracyM: Nullable(Type.Number({ description: 'metres' })),
    }),
  ),
  hasPhoto: Type.Boolean(),
  notes: Nullable(Type.String()),
  attempts: Type.Array(
    Type.Object({
      at: DateTime(),
      reason: StringEnum(FAILURE_REASONS),
      notes: Nullable(Type.String()),
      by: Type.String(),
    }),
    { description: 'Failed visits, oldest first; a temporary one leaves the delivery pending for a revisit' },
  ),
  attemptCount: Type.Integer(),
  failureReason: Nullable(StringEnum(FAILURE_REASONS)),
  failureKind: Nullable(StringEnum(FAILURE_KINDS)),
  failedAt: Nullable(DateTime()),
  cancelledAt: Nullable(DateTime()),
  completedBy: Nullable(Type.String()),
  version: Type.Integer(),
  createdAt: DateTime(),
  updatedAt: DateTime(),
});
export type Delivery = Static<typeof DeliveryShape>;

const StatusCounts = Type.Object({
  pending: Type.Integer(),
  delivered: Type.Integer(),
  failed: Type.Integer(),
  cancelled: Type.Integer(),
});

/** GET /batches/:id's `progress` (batches/progress.ts). */
export const BatchProgressShape = Type.Object({
  receivers: Type.Object({ allocated: Type.Integer(), installed: Type.Integer() }),
  capacity: Type.Integer({ description: 'Allocated receivers not yet promised to a household' }),
  deliveries: StatusCounts,
  // Only the reasons that occurred: an object with a property per reason, each optional.
  failedReasons: Type.Unsafe<Partial<Record<FailureReason, number>>>({
    type: 'object',
    properties: Object.fromEntries(FAILURE_REASONS.map((r) => [r, { type: 'integer' }])),
  }),
  byCommune: Type.Array(Type.Object({ communeCode: Type.String(), ...StatusCounts.properties })),
  byInstaller: Type.Array(
    Type.Object({
      userId: Type.String(),
      fullName: Nullable(Type.String({ description: 'Null when no account has that id (any more)' })),
      delivered: Type.Integer(),
      failed: Type.Integer(),
    }),
    {
      description:
        'By the user who confirmed or failed the deliveries (pending ones have none yet), on the batch or not',
    },
  ),
});
export type BatchProgress = Static<typeof BatchProgressShape>;

/** GET /batches/:id's `installers`: the batch's installers by name, locked accounts included. */
export const BatchInstallersShape = Type.Array(
  Type.Object({
    id: Type.String(),
    fullName: Nullable(Type.String({ description: 'Null when no account has that id (any more)' })),
    active: Type.Boolean({ description: 'False for a locked account' }),
  }),
  { description: 'In the order of installerIds' },
);
export type BatchDetail = Batch & {
  installers: Static<typeof BatchInstallersShape>;
  progress: BatchProgress;
};

export const WorklistShape = Type.Object({
  communes: Type.Array(
    Type.Object({
      communeCode: Type.String(),
      communeName: Type.String(),
      pending: Type.Integer(),
      total: Type.Integer(),
      counts: StatusCounts,
      villages: Type.Array(
        Type.Object({
          village: Type.String(),
          total: Type.Integer(),
          counts: StatusCounts,
          deliveries: Type.Array(DeliveryShape),
        }),
      ),
    }),
  ),
  total: Type.Integer(),
});
export type Worklist = Static<typeof WorklistShape>;

export const OfflinePackShape = Type.Object({
  batch: Type.Object({
    id: Type.String(),
    code: Type.String(),
    name: Type.String(),
    status: StringEnum(BATCH_STATUSES),
    receiverType: StringEnum(RECEIVER_TYPES),
    plannedStart: Nullable(DateTime()),
    plannedEnd: Nullable(DateTime()),
    startedAt: Nullable(DateTime()),
    closedAt: Nullable(DateTime()),
    version: Type.Integer(),
  }),
  communes: Type.Array(Type.Object({ code: Type.String(), name: Type.String() })),
  deliveries: Type.Array(DeliveryShape),
  serials: Type.Array(Type.String(), {
    description: 'Receivers allocated to the batch and not yet installed (to check a scan offline)',
  }),
  generatedAt: DateTime(),
});
export type OfflinePack = Static<typeof OfflinePackShape>;
