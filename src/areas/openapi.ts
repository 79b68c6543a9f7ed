import { operation, page, type PathItems } from '../openapi/describe';
import { XLSX_TYPE } from '../spreadsheets/xlsx';
import {
  areaCodeParams,
  importAreasQuery,
  importTargetsQuery,
  listAreasQuery,
  setProgrammeBody,
  setTargetsBody,
  setTargetsManyBody,
  targetsTemplateQuery,
} from './schemas';
import { AREA_LIST_FILE_COLUMNS } from './area-list-file';
import {
  AreaCatalogueShape,
  AreaImportReportShape,
  TargetsImportReportShape,
  TargetsResultShape,
} from './shapes';
import { TARGET_COLUMNS } from './targets-columns';

const ALL = ['admin', 'official', 'commune_staff', 'installer'] as const;

export const areaApiPaths: PathItems = {
  '/': {
    get: operation({
      summary: 'Provinces, districts and communes; q searches names with or without diacritics',
      roles: ALL,
      query: listAreasQuery,
      responses: { 200: page('Area') },
    }),
  },
  '/catalogue': {
    get: operation({
      summary: 'The administrative list in use: its source, its units by level, its last import',
      roles: ALL,
      responses: { 200: AreaCatalogueShape },
    }),
  },
  '/import': {
    post: operation({
      summary:
        'Update the list in use from a revised list (.xlsx or CSV) — or with dryRun=true only check it',
      description:
        'For when the State merges, renames or creates units. The file is the raw body (at most 20 MB), ' +
        'first worksheet; the header is found among the first ten rows and rows with no unit code (titles, ' +
        'totals, signatures) are skipped and listed. Codes that lost their leading zeros are padded. Units ' +
        'are matched by code: new ones are created, a changed name, type or parent is updated, targets and ' +
        'switch-off dates are kept; units the file lacks are kept too (households and users may point at ' +
        'them) and counted in `notInList`. The file is checked as a whole: while a row has a problem nothing ' +
        'is written (a dry run lists the problems; an import answers 400 with them in `details.problems`). ' +
        'A list of the other shape (districts where the stored list has none, or the reverse) answers 422. ' +
        'A retry writes nothing new; a change is audited as `areas.imported`. Uploads sent at once are ' +
        'applied in turn, each against what the one before stored (the second of two identical ones reports ' +
        'no change). Columns:\n\n' +
        AREA_LIST_FILE_COLUMNS.map(
          (c) =>
            `- **${c.vi}** / \`${c.field}\`${c.required ? ' (required)' : ''}; also: ${c.aliases.join(', ')}`,
        ).join('\n'),
      roles: ['admin'],
      query: importAreasQuery,
      rawBody: {
        contentTypes: [XLSX_TYPE, 'text/csv'],
        description: 'The list itself (not multipart)',
      },
      responses: { 200: AreaImportReportShape },
      errors: [422],
    }),
  },
  '/targets': {
    put: operation({
      summary: 'Set the targets of many communes at once (the targets table), with a result per row',
      description:
        'Up to 2,000 rows `{code, poor, nearPoor, listYear, defaultReceiverType?}`. Each row is `updated`, ' +
        '`unchanged` (already these figures: a retry writes nothing) or `rejected` with the reason in words ' +
        '(a code unknown or outside the actor’s area, a district or province, a code repeated). Each update ' +
        'is audited as `area.targets_set`.',
      roles: ['admin', 'official'],
      body: setTargetsManyBody,
      responses: { 200: TargetsResultShape },
    }),
  },
  '/targets/import': {
    post: operation({
      summary: 'Import commune targets from an .xlsx (or CSV) sheet — or with dryRun=true only check it',
      description:
        'The file is the raw body (at most 5 MB), first worksheet. The header row is found among the first ' +
        'ten rows (title rows above it are skipped); column numbers, totals, the date line and signatures ' +
        'below are skipped and listed in `skipped`. A commune code that Excel turned into a number (7888) ' +
        'is padded back to 5 digits. Every commune row is reported by its spreadsheet number. Columns:\n\n' +
        TARGET_COLUMNS.map(
          (c) => `- **${c.vi}** / \`${c.field}\`${c.required ? ' (required)' : ''}: ${c.accepts}`,
        ).join('\n'),
      roles: ['admin', 'official'],
      query: importTargetsQuery,
      rawBody: {
        contentTypes: [XLSX_TYPE, 'text/csv'],
        description: 'The targets sheet itself (not multipart)',
      },
      responses: { 200: TargetsImportReportShape },
    }),
  },
  '/targets/template': {
    get: operation({
      summary: 'The targets sheet (.xlsx) of an area’s communes, pre-filled with their current targets',
      description:
        '`areaCode` defaults to the actor’s area; outside it 404. The commune code column is text (leading ' +
        'zeros stay); a second sheet explains each column. Fill it in and send it to `POST /areas/targets/import`.',
      roles: ['admin', 'official'],
      query: targetsTemplateQuery,
      responses: { 200: { type: 'string' } },
      produces: XLSX_TYPE,
      errors: [404],
    }),
  },
  '/{code}': {
    get: operation({
      summary: 'One area with the number of districts and communes below it',
      roles: ALL,
      params: areaCodeParams,
      responses: { 200: 'AreaDetail' },
      errors: [404],
    }),
  },
  '/{code}/targets': {
    put: operation({
      summary: 'Set a commune’s official targets (poor, near-poor, list year) and default receiver type',
      roles: ['admin', 'official'],
      params: areaCodeParams,
      body: setTargetsBody,
      responses: { 200: 'Area' },
      errors: [404, 422],
    }),
  },
  '/{code}/programme': {
    put: operation({
      summary: 'Set a province’s analog switch-off date (admin or an official of that province)',
      roles: ['admin', 'official'],
      params: areaCodeParams,
      body: setProgrammeBody,
      responses: { 200: 'Area' },
      errors: [404, 422],
    }),
  },
};
