import { operation, page, type PathItems } from '../openapi/describe';
import { XLSX_TYPE } from '../spreadsheets/xlsx';
import {
  areaCodeParams,
  importTargetsQuery,
  listAreasQuery,
  setProgrammeBody,
  setTargetsBody,
  setTargetsManyBody,
  targetsTemplateQuery,
} from './schemas';
import { TargetsImportReportShape, TargetsResultShape } from './shapes';
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
