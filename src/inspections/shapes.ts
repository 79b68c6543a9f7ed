import { DateTime, Nullable, StringEnum, Type, type Static } from '../openapi/shape';
import { AREA_LEVELS } from '../users/roles';
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

export const InspectionSampleShape = Type.Object({
  id: Type.String(),
  name: Nullable(Type.String()),
  area: Type.Object({
    code: Type.String(),
    level: StringEnum(AREA_LEVELS),
    provinceCode: Type.String(),
    districtCode: Nullable(Type.String()),
    communeCode: Nullable(Type.String()),
  }),
  seed: Type.String({
    description: 'The seed used (given or generated): the same seed over the same data draws the same sample',
  }),
  rule: Type.Object({
    size: Nullable(Type.Integer()),
    rate: Nullable(Type.Number()),
    deliveredFrom: Nullable(DateTime()),
    deliveredTo: Nullable(DateTime()),
  }),
  counts: Type.Object({
    candidates: Type.Integer({ description: 'Delivered deliveries the sample was drawn from' }),
    communes: Type.Integer({ description: 'Communes of those deliveries' }),
    drawn: Type.Integer(),
    communesCovered: Type.Integer({ description: 'Communes with at least one drawn delivery' }),
  }),
  deliveryIds: Type.Array(Type.String(), { description: 'In visiting order' }),
  createdBy: Type.String(),
  createdAt: DateTime(),
});
export type InspectionSample = Static<typeof InspectionSampleShape>;

/** One line of the field list: the inspection and its commune's name (people read names, not codes). */
export const FieldListInspectionShape = Type.Object({
  ...InspectionShape.properties,
  communeName: Type.String(),
});

export const SampleFieldListShape = Type.Object({
  ...InspectionSampleShape.properties,
  areaName: Type.String({ description: 'The sampled area’s name (province, district or commune)' }),
  provinceName: Type.String(),
  createdByName: Nullable(Type.String({ description: 'Full name of the official who drew the sample' })),
  inspected: Type.Integer({ description: 'Inspections of the sample with a recorded result' }),
  inspections: Type.Array(FieldListInspectionShape, { description: 'In visiting order (`order` 1, 2, …)' }),
});
export type SampleFieldList = Static<typeof SampleFieldListShape>;

/** A sample in the list of drawn samples: without its delivery ids, with the area's name. */
export const SampleListItemShape = Type.Object({
  ...Type.Omit(InspectionSampleShape, ['deliveryIds']).properties,
  areaName: Type.String(),
});
export type SampleListItem = Static<typeof SampleListItemShape>;
