import { DateTime, Nullable, StringEnum, Type, type Static } from '../openapi/shape';
import { RECEIVER_TYPES } from '../receivers/receiver-types';
import { BATCH_STATUSES, DELIVERY_STATUSES, FAILURE_REASONS } from './status';

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
