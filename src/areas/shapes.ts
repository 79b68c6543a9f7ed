import { SKIP_KINDS } from '../spreadsheets/skip-rows';
import { SPREADSHEET_KINDS } from '../spreadsheets/read';
import {
  DateOnly,
  DateTime,
  Nullable,
  StringEnum,
  Type,
  type Static,
  LocalizedShape,
} from '../openapi/shape';
import { RECEIVER_TYPES } from '../receiver-types';
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

// Commune targets for many communes (PUT /areas/targets) and from a file (POST /areas/targets/import).

const OUTCOMES = ['updated', 'unchanged', 'rejected'] as const;
const TargetCountsShape = Type.Object({
  updated: Type.Integer(),
  unchanged: Type.Integer({ description: 'Already had these figures: nothing written' }),
  rejected: Type.Integer(),
});
const TargetResultFields = {
  code: Type.String({ description: 'The commune code as sent (padded to 5 digits when valid)' }),
  communeName: Nullable(Type.String()),
  outcome: StringEnum(OUTCOMES),
  reason: Nullable(LocalizedShape),
};

export const TargetsResultShape = Type.Object({
  results: Type.Array(Type.Object(TargetResultFields), { description: 'One per row, in the order sent' }),
  counts: TargetCountsShape,
});

export const TargetsImportReportShape = Type.Object({
  dryRun: Type.Boolean(),
  format: StringEnum(SPREADSHEET_KINDS),
  headerRow: Type.Integer(),
  ignoredColumns: Type.Array(Type.String()),
  total: Type.Integer({ description: 'Commune rows read (blank and skipped rows not counted)' }),
  counts: TargetCountsShape,
  rows: Type.Array(
    Type.Object({
      row: Type.Integer({ description: 'Spreadsheet row number' }),
      ...TargetResultFields,
      field: Nullable(Type.String({ description: 'The field a rejection is about' })),
      column: Nullable(Type.String({ description: 'Its header as written in the file' })),
    }),
  ),
  skipped: Type.Array(
    Type.Object({
      row: Type.Integer(),
      kind: StringEnum(SKIP_KINDS),
      text: Type.String(),
      reason: LocalizedShape,
    }),
  ),
});

// The list in use (GET /areas/catalogue) and an admin's upload of a revised list (POST /areas/import).

const LevelCountsShape = Type.Object({
  province: Type.Integer(),
  district: Type.Integer(),
  commune: Type.Integer(),
});

export const AreaCatalogueShape = Type.Object({
  source: Nullable(Type.String({ description: '"2025", "2024" or the file the list came from' })),
  counts: LevelCountsShape,
  lastImport: Nullable(
    Type.Object(
      { at: DateTime(), created: Type.Integer(), updated: Type.Integer() },
      { description: 'The last import that changed something (its audit entry: action areas.imported)' },
    ),
  ),
});
export type AreaCatalogue = Static<typeof AreaCatalogueShape>;

const UnitShape = Type.Object({
  name: Type.String(),
  type: Type.String(),
  parentCode: Nullable(Type.String()),
});

export const AreaImportReportShape = Type.Object({
  dryRun: Type.Boolean(),
  applied: Type.Boolean({ description: 'True once written (never on a dry run)' }),
  format: StringEnum(SPREADSHEET_KINDS),
  headerRow: Type.Integer(),
  ignoredColumns: Type.Array(Type.String()),
  source: Type.String({ description: 'The list in use, which the file updates' }),
  counts: LevelCountsShape,
  created: Type.Integer({ description: 'Units new to the system' }),
  updated: Type.Integer({ description: 'Units whose name, type or parent changed' }),
  unchanged: Type.Integer(),
  notInList: Type.Integer({
    description: 'Stored units the file lacks: kept (households and users may point at them)',
  }),
  changes: Type.Array(
    Type.Object({
      code: Type.String(),
      level: StringEnum(AREA_LEVELS),
      before: Nullable(UnitShape),
      after: UnitShape,
    }),
    { description: 'New and changed units, the first 500' },
  ),
  notInListAreas: Type.Array(
    Type.Object({ code: Type.String(), name: Type.String(), level: StringEnum(AREA_LEVELS) }),
    { description: 'The first 500 of notInList' },
  ),
  problems: Type.Array(
    Type.Object({
      row: Type.Integer({ description: 'Spreadsheet row number' }),
      field: Type.String(),
      column: Nullable(Type.String({ description: 'Its header as written in the file' })),
      reason: LocalizedShape,
    }),
    { description: 'While any is listed nothing is written' },
  ),
  skipped: Type.Array(Type.Object({ row: Type.Integer(), text: Type.String() }), {
    description: 'Rows with no unit code (titles, totals, signatures)',
  }),
});
export type AreaImportReport = Static<typeof AreaImportReportShape>;
