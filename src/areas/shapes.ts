import { DateOnly, DateTime, Nullable, StringEnum, Type, type Static } from '../openapi/shape';
import { RECEIVER_TYPES } from '../receivers/receiver-types';
import { AREA_LEVELS } from '../users/roles';

// The area as the API answers it: the TypeScript type and the OpenAPI component come from here.

export const AreaShape = Type.Object({
  code: Type.String({ example: '25' }),
  name: Type.String({ example: 'Tỉnh Phú Thọ' }),
  level: StringEnum(AREA_LEVELS),
  type: Type.String({ example: 'Tỉnh' }),
  parentCode: Nullable(Type.String()),
  provinceCode: Type.String(),
  districtCode: Nullable(Type.String()),
  communeCode: Nullable(Type.String()),
  targets: Nullable(
    Type.Object({
      poor: Type.Integer(),
      nearPoor: Type.Integer(),
      listYear: Type.Integer(),
      updatedAt: DateTime(),
    }),
  ),
  defaultReceiverType: Nullable(StringEnum(RECEIVER_TYPES)),
  switchOffDate: Nullable(DateOnly()),
});
export type Area = Static<typeof AreaShape>;

export const AreaDetailShape = Type.Composite([
  AreaShape,
  Type.Object({
    childCounts: Type.Object({ districts: Type.Integer(), communes: Type.Integer() }),
  }),
]);
export type AreaDetail = Static<typeof AreaDetailShape>;
