import { DateTime, Nullable, StringEnum, Type, type Static, LocalizedShape } from '../openapi/shape';
import { RECEIVER_TYPES } from '../receiver-types';
import { INELIGIBILITY_REASONS } from './eligibility';
import { IMPORT_FIELDS } from './import-columns';
import { SPREADSHEET_KINDS, SPREADSHEET_TEXT_ENCODINGS } from '../spreadsheets/read';
import { SKIP_KINDS } from '../spreadsheets/skip-rows';
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

const ReasonWordsShape = Type.Object({
  code: StringEnum(INELIGIBILITY_REASONS),
  vi: Type.String({ example: 'hộ không có ti vi' }),
  en: Type.String({ example: 'the household has no TV' }),
});

/** A household in a list (GET /households): the household, plus what a reviewer reads in words. */
export const HouseholdListItemShape = Type.Composite([
  HouseholdShape,
  Type.Object({
    communeName: Nullable(Type.String({ example: 'Xã Thanh Hà' })),
    eligibilityReasons: Type.Array(ReasonWordsShape, {
      description: 'Why it is not eligible: each reason as a code and in words (empty when eligible)',
    }),
    duplicate: Type.Object({
      flagged: Type.Boolean({ description: 'A possible duplicate awaiting review (= needsDuplicateReview)' }),
      householdIds: Type.Array(Type.String(), {
        description: 'The other households it may duplicate (GET /households/{id}/duplicates compares them)',
      }),
    }),
  }),
]);
export type HouseholdListItem = Static<typeof HouseholdListItemShape>;

/** A page of GET /households: a province-wide total is counted up to 1,000 (database/list-total.ts). */
export const HouseholdPageShape = Type.Object({
  items: Type.Array(HouseholdListItemShape),
  total: Type.Integer({
    description: 'How many households match; when totalCapped, counting stopped there (1,000) and more match',
    example: 1000,
  }),
  totalCapped: Type.Boolean({
    description:
      'true: more than `total` households match ("Hơn 1.000 hộ"). Only a list wider than one commune ' +
      '(a district, the province) is capped; a commune’s list is always counted exactly',
  }),
  page: Type.Integer({ example: 1 }),
  pageSize: Type.Integer({ example: 50 }),
});
export type HouseholdPage = Static<typeof HouseholdPageShape>;

export const HouseholdDuplicatesShape = Type.Object({
  household: HouseholdListItemShape,
  duplicates: Type.Array(
    Type.Object({
      household: HouseholdListItemShape,
      grounds: StringEnum(DUPLICATE_GROUNDS, {
        description:
          'name_village: same head name (folded) in the same commune and village; phone: same phone',
      }),
      differences: Type.Array(
        Type.Object({
          field: Type.String({ example: 'head.birthYear' }),
          vi: Type.String({ example: 'Năm sinh của chủ hộ' }),
          en: Type.String({ example: "Head's birth year" }),
        }),
        { description: 'The fields whose values differ between the two households, in form order' },
      ),
    }),
  ),
  outOfScope: Type.Integer({
    description: 'Flagged households outside the actor’s area (not shown, as any out-of-scope record)',
  }),
});
export type HouseholdDuplicates = Static<typeof HouseholdDuplicatesShape>;

export const HistoryEntryShape = Type.Object({
  at: DateTime(),
  action: Type.String({ example: 'household.approved' }),
  actor: Type.Object({
    id: Type.String(),
    username: Type.String(),
    role: Type.String(),
    fullName: Nullable(
      Type.String({ description: "The user's full name; null for the system or a removed user" }),
    ),
  }),
  status: Nullable(Type.String()),
  reason: Nullable(Type.String()),
  importId: Type.Optional(
    Type.String({
      description: 'For household.imported: the import audit entry (entityType household_import)',
    }),
  ),
  importRow: Type.Optional(
    Type.Integer({ description: 'For household.imported: the spreadsheet row the household came from' }),
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

// The import's row report (POST /households/import).

export const RegisteredHolderShape = Type.Object({
  householdId: Nullable(Type.String()),
  /** The head's name and village, so that the clerk can tell whether it is the same family. */
  headName: Nullable(Type.String()),
  village: Nullable(Type.String()),
  communeCode: Nullable(Type.String()),
  communeName: Nullable(Type.String()),
});
export type RegisteredHolder = Static<typeof RegisteredHolderShape>;

export const RejectedRowShape = Type.Object({
  row: Type.Integer({ description: 'Spreadsheet row number' }),
  field: Nullable(StringEnum(IMPORT_FIELDS)),
  column: Nullable(Type.String({ description: 'The header as written in the file' })),
  value: Nullable(Type.String()),
  reason: LocalizedShape,
});
export type RejectedRow = Static<typeof RejectedRowShape>;

export const HouseholdImportReportShape = Type.Object({
  importId: Nullable(Type.String({ description: 'Audit entity id (household_import); null for a dry run' })),
  communeCode: Type.String(),
  dryRun: Type.Boolean(),
  format: StringEnum(SPREADSHEET_KINDS),
  encoding: Nullable(StringEnum(SPREADSHEET_TEXT_ENCODINGS)),
  headerRow: Type.Integer(),
  ignoredColumns: Type.Array(Type.String()),
  total: Type.Integer({
    description:
      'Household rows read (empty and skipped rows not counted) = valid + rejectedRows + alreadyRegisteredRows',
  }),
  valid: Type.Integer({ description: 'Rows passing every check (created unless dryRun)' }),
  created: Type.Integer(),
  rejectedRows: Type.Integer(),
  alreadyRegisteredRows: Type.Integer({
    description: 'Rows whose national ID is already registered in this commune (the file uploaded again)',
  }),
  skippedRows: Type.Integer({ description: 'Footer, signature and column-number rows, not households' }),
  ineligible: Type.Integer({ description: 'Valid rows registered as not eligible' }),
  alreadyRegistered: Type.Array(
    Type.Composite([
      Type.Object({ row: Type.Integer(), nationalId: Type.String() }),
      RegisteredHolderShape,
      Type.Object({ reason: LocalizedShape }),
    ]),
    { description: '"Đã đăng ký": the row is the household already registered (its id and commune)' },
  ),
  skipped: Type.Array(
    Type.Object({
      row: Type.Integer(),
      kind: StringEnum(SKIP_KINDS),
      text: Type.String({ description: 'The row’s text, cells joined' }),
      reason: LocalizedShape,
    }),
  ),
  ineligibleRows: Type.Array(
    Type.Object({
      row: Type.Integer(),
      reasons: Type.Array(StringEnum(INELIGIBILITY_REASONS)),
      reasonText: Type.Array(LocalizedShape),
    }),
    { description: 'Valid rows that are (or, in a dry run, would be) registered as not eligible' },
  ),
  duplicates: Type.Object({
    inFile: Type.Array(
      Type.Object({ row: Type.Integer(), nationalId: Type.String(), duplicateOfRow: Type.Integer() }),
    ),
    inDatabase: Type.Array(
      Type.Composite([
        Type.Object({ row: Type.Integer(), nationalId: Type.String() }),
        RegisteredHolderShape,
      ]),
      { description: 'National IDs registered in another commune (the household and its commune named)' },
    ),
  }),
  possibleDuplicates: Type.Array(
    Type.Object({
      row: Type.Integer(),
      grounds: StringEnum(DUPLICATE_GROUNDS),
      duplicateOf: Type.Object({
        householdId: Nullable(Type.String({ description: 'null for a row of the file in a dry run' })),
        row: Nullable(Type.Integer()),
      }),
    }),
  ),
  rejected: Type.Array(RejectedRowShape),
});
export type HouseholdImportReport = Static<typeof HouseholdImportReportShape>;
