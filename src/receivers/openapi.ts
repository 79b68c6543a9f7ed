import { operation, type PathItems } from '../openapi/describe';
import { RECEIVER_COLUMNS } from './import-columns';
import { RECEIVER_FIELDS } from './receiver-fields';
import { RECEIVER_TYPES } from '../receiver-types';
import {
  changeReceiverBody,
  importReceiversQuery,
  listReceiversQuery,
  receiverSerialParams,
  registerReceiversBody,
} from './schemas';
import { RECEIVER_STATUSES } from './status';

const KEEPERS = ['official', 'admin'] as const;

const nullableString = { type: 'string', nullable: true };
const localized = {
  type: 'object',
  properties: { vi: { type: 'string' }, en: { type: 'string' } },
};

const receiver = {
  type: 'object',
  properties: {
    serial: { type: 'string', example: 'VTC-T201-000123', description: 'Unique, upper case' },
    type: { type: 'string', enum: RECEIVER_TYPES },
    model: nullableString,
    supplier: nullableString,
    lot: nullableString,
    provinceCode: { type: 'string', description: 'The province whose stock it belongs to' },
    status: { type: 'string', enum: RECEIVER_STATUSES },
    batchId: { ...nullableString, description: 'While allocated to a batch, and once installed' },
    householdId: { ...nullableString, description: 'Once installed' },
    deliveryId: nullableString,
    installedAt: { type: 'string', format: 'date-time', nullable: true },
    statusReason: { ...nullableString, description: 'Why it was marked defective or lost, or how repaired' },
    version: { type: 'integer' },
    createdBy: { type: 'string' },
    createdAt: { type: 'string', format: 'date-time' },
    updatedAt: { type: 'string', format: 'date-time' },
  },
};

const receiverPage = {
  type: 'object',
  required: ['items', 'total', 'page', 'pageSize'],
  properties: {
    items: { type: 'array', items: receiver },
    total: { type: 'integer' },
    page: { type: 'integer' },
    pageSize: { type: 'integer' },
  },
};

const existing = {
  type: 'object',
  nullable: true,
  description: 'The receiver already registered with this serial',
  properties: {
    provinceCode: { type: 'string' },
    status: { type: 'string', enum: RECEIVER_STATUSES },
    batchId: nullableString,
  },
};

const field = { type: 'string', enum: RECEIVER_FIELDS };

const registrationReport = {
  type: 'object',
  properties: {
    provinceCode: { type: 'string' },
    created: { type: 'integer' },
    rejected: {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          index: { type: 'integer', description: 'Position in `receivers` (from 0)' },
          serial: nullableString,
          field,
          reason: localized,
        },
      },
    },
    duplicates: {
      type: 'array',
      items: {
        type: 'object',
        properties: { index: { type: 'integer' }, serial: { type: 'string' }, existing },
      },
    },
  },
};

const importReport = {
  type: 'object',
  properties: {
    provinceCode: { type: 'string' },
    dryRun: { type: 'boolean' },
    format: { type: 'string', enum: ['csv', 'xlsx'] },
    encoding: { type: 'string', enum: ['utf-8', 'windows-1258', null], nullable: true },
    headerRow: { type: 'integer' },
    ignoredColumns: { type: 'array', items: { type: 'string' } },
    total: { type: 'integer', description: 'Data rows read = valid + rejectedRows + duplicates' },
    valid: { type: 'integer', description: 'Rows created (with dryRun: that would be)' },
    created: { type: 'integer' },
    rejectedRows: { type: 'integer' },
    rejected: {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          row: { type: 'integer', description: 'The spreadsheet row number' },
          serial: nullableString,
          field,
          column: { ...nullableString, description: 'The header as written in the file' },
          reason: localized,
        },
      },
    },
    duplicates: {
      type: 'array',
      items: {
        type: 'object',
        properties: { row: { type: 'integer' }, serial: { type: 'string' }, existing },
      },
    },
  },
};

export const receiverApiPaths: PathItems = {
  '/': {
    post: operation({
      summary: 'Register receivers (serial numbers) into a province’s stock, with a report on every item',
      description:
        'Serials are trimmed and upper-cased and must be 4–40 letters, digits or hyphens. An item with a bad ' +
        'serial or type, or repeating an earlier item, is listed in `rejected` by its index; a serial ' +
        'already registered anywhere is listed in `duplicates` naming the existing record. 201 when at ' +
        'least one receiver was created. A list of which nothing is new answers 409 CONFLICT with the ' +
        'report in `details` (re-sending a list creates nothing twice), or 400 when every item was ' +
        'rejected. Province-level officials register into their own province (the default), admins into any.',
      roles: KEEPERS,
      body: registerReceiversBody,
      responses: { 201: registrationReport },
      errors: [404, 409],
    }),
    get: operation({
      summary: 'Receivers of the actor’s province (admins: any), by serial; filters and serial prefix',
      roles: KEEPERS,
      query: listReceiversQuery,
      responses: { 200: receiverPage },
    }),
  },
  '/import': {
    post: operation({
      summary:
        'Import a receiver list (CSV or .xlsx) into a province’s stock — or with dryRun=true only check it',
      description:
        'The file is the raw request body (at most 20 MB): CSV in UTF-8 (with or without BOM) or ' +
        'Windows-1258, separated by commas, semicolons or tabs; or the first worksheet of an .xlsx ' +
        'workbook. The header row (among the first ten rows) names columns in Vietnamese or English, with ' +
        'or without diacritics; unknown columns are ignored and listed. Rows are reported by their ' +
        'spreadsheet number; a serial already registered is listed in `duplicates`, so importing a file ' +
        'twice creates nothing the second time. Columns:\n\n' +
        RECEIVER_COLUMNS.map(
          (c) => `- **${c.vi}** / \`${c.field}\`${c.required ? ' (required)' : ''}: ${c.accepts}`,
        ).join('\n'),
      roles: KEEPERS,
      query: importReceiversQuery,
      rawBody: {
        contentTypes: ['text/csv', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'],
        description: 'The receiver list file itself (not multipart)',
      },
      responses: { 200: importReport },
      errors: [404, 422],
    }),
  },
  '/{serial}': {
    get: operation({
      summary: 'One receiver (404 outside the actor’s province)',
      roles: KEEPERS,
      params: receiverSerialParams,
      responses: { 200: receiver },
      errors: [404],
    }),
    patch: operation({
      summary: 'Mark a receiver defective or lost (in stock or allocated), or back in stock once repaired',
      description:
        'A receiver marked defective or lost leaves its batch. Other status changes (allocation, ' +
        'installation, return) happen through batches and deliveries. A status that does not allow the ' +
        'action is 422; a stale `version` is 409 with `details.currentVersion`.',
      roles: KEEPERS,
      params: receiverSerialParams,
      body: changeReceiverBody,
      responses: { 200: receiver },
      errors: [404, 409, 422],
    }),
  },
};
