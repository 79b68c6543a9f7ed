import { DateTime, Nullable, StringEnum, Type, type Static } from '../openapi/shape';
import { INSPECTION_RESULTS, INSPECTION_STATUSES } from './results';

// An inspection as the API answers it: the TypeScript type and the OpenAPI schema.

export const InspectionShape = Type.Object({
  id: Type.String(),
  sampleId: Type.String(),
  order: Type.Integer({ description: 'Place in the sample’s visiting order (1, 2, …)' }),
  deliveryId: Type.String(),
  batchId: Type.String(),
  householdId: Type.String(),
  area: Type.Object({
    provinceCode: Type.String(),
    districtCode: Nullable(Type.String()),
    communeCode: Type.String(),
  }),
  village: Type.String(),
  household: Type.Object({
    fullName: Type.String(),
    address: Nullable(Type.String()),
    phone: Nullable(Type.String()),
  }),
  serial: Nullable(Type.String()),
  deliveredAt: Nullable(DateTime()),
  status: StringEnum(INSPECTION_STATUSES),
  result: Nullable(StringEnum(INSPECTION_RESULTS)),
  notes: Nullable(Type.String()),
  inspectedBy: Nullable(Type.String()),
  inspectedAt: Nullable(DateTime()),
  version: Type.Integer(),
  createdAt: DateTime(),
  updatedAt: DateTime(),
});
export type Inspection = Static<typeof InspectionShape>;
