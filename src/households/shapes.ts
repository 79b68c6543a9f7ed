import { DateTime, Nullable, StringEnum, Type, type Static } from '../openapi/shape';
import { RECEIVER_TYPES } from '../receivers/receiver-types';
import { INELIGIBILITY_REASONS } from './eligibility';
import { DUPLICATE_GROUNDS, GENDERS, POVERTY_STATUSES } from './model';
import { HOUSEHOLD_STATUSES } from './status';

// The household as the API answers it: the TypeScript type and the OpenAPI component come from here.

export const HouseholdAreaShape = Type.Object({
  provinceCode: Type.String({ example: '25' }),
  districtCode: Nullable(Type.String()),
  communeCode: Type.String({ example: '07888' }),
});

export const EligibilityShape = Type.Object({
  eligible: Type.Boolean(),
  reasons: Type.Array(StringEnum(INELIGIBILITY_REASONS)),
});

export const PossibleDuplicateShape = Type.Object({
  householdId: Type.String(),
  grounds: StringEnum(DUPLICATE_GROUNDS),
});

export const HouseholdShape = Type.Object({
  id: Type.String(),
  area: HouseholdAreaShape,
  village: Type.String({ example: 'Thôn Đồng Sơn' }),
  address: Nullable(Type.String()),
  head: Type.Object({
    fullName: Type.String({ example: 'Nguyễn Thị Hoà' }),
    nationalId: Type.String({ description: 'Masked to the last four digits for installers' }),
    birthYear: Nullable(Type.Integer()),
    gender: Nullable(StringEnum(GENDERS)),
  }),
  phone: Nullable(Type.String({ example: '0912345678' })),
  povertyStatus: StringEnum(POVERTY_STATUSES),
  povertyCertificateNo: Nullable(Type.String()),
  povertyListYear: Type.Integer(),
  memberCount: Nullable(Type.Integer()),
  hasTv: Type.Boolean(),
  hasPaidTv: Type.Boolean(),
  hasDigitalTv: Type.Boolean(),
  receiverType: StringEnum(RECEIVER_TYPES),
  notes: Nullable(Type.String()),
  status: StringEnum(HOUSEHOLD_STATUSES),
  statusReason: Nullable(Type.String()),
  eligibility: EligibilityShape,
  possibleDuplicates: Type.Array(PossibleDuplicateShape),
  needsDuplicateReview: Type.Boolean(),
  approvedAt: Nullable(DateTime()),
  batchId: Nullable(Type.String({ description: 'The batch it is assigned to or was delivered in' })),
  receiverSerial: Nullable(Type.String({ description: 'The receiver handed over, once delivered' })),
  deliveredAt: Nullable(DateTime()),
  version: Type.Integer(),
  createdBy: Type.String(),
  createdAt: DateTime(),
  updatedAt: DateTime(),
});
export type Household = Static<typeof HouseholdShape>;

export const HistoryEntryShape = Type.Object({
  at: DateTime(),
  action: Type.String({ example: 'household.approved' }),
  actor: Type.Object({ id: Type.String(), username: Type.String(), role: Type.String() }),
  status: Nullable(Type.String()),
  reason: Nullable(Type.String()),
  importId: Type.Optional(
    Type.String({
      description: 'For household.imported: the import audit entry (entityType household_import)',
    }),
  ),
});
export type HistoryEntry = Static<typeof HistoryEntryShape>;

export const HouseholdWithHistoryShape = Type.Composite([
  HouseholdShape,
  Type.Object({
    history: Type.Array(HistoryEntryShape, {
      description: 'The audit entries of the household, oldest first, from its registration or import',
    }),
  }),
]);
export type HouseholdWithHistory = Static<typeof HouseholdWithHistoryShape>;
