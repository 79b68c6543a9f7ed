import { operation, type PathItems } from '../openapi/describe';
import { XLSX_TYPE } from '../spreadsheets/xlsx';
import { COVERAGE_COLUMNS } from './coverage-columns';
import { PROGRESS_COLUMNS } from './progress-columns';
import { coverageReportQuery, progressReportQuery } from './schemas';

const READERS = ['admin', 'official', 'commune_staff'] as const;

const int = { type: 'integer' };
const rate = (description: string) => ({ type: 'number', nullable: true, description });
const day = (description: string) => ({ type: 'string', format: 'date', nullable: true, description });
const level = { type: 'string', enum: ['province', 'district', 'commune'] };
const reportArea = {
  type: 'object',
  properties: {
    code: { type: 'string', nullable: true, description: 'null for the nation' },
    name: { type: 'string' },
    level: { type: 'string', enum: ['nation', 'province', 'district', 'commune'] },
  },
};

const coverageFigures = {
  target: { type: 'integer', nullable: true, description: 'poor + nearPoor of the communes with targets' },
  registered: {
    type: 'integer',
    description: 'households in status registered, i.e. awaiting review (not the number ever registered)',
  },
  registeredTotal: { type: 'integer', description: 'every household on record, whatever its status' },
  pendingReview: { type: 'integer', description: 'awaiting an official’s review (= registered)' },
  notYetDelivered: { type: 'integer', description: 'approved + assigned: approved, no receiver yet' },
  remaining: { type: 'integer', description: 'the work left: pendingReview + notYetDelivered' },
  approved: int,
  assigned: int,
  delivered: int,
  rejected: int,
  withdrawn: int,
  failedAttempts: int,
  eligible: { type: 'integer', description: 'approved + assigned + delivered' },
  coverage: rate('delivered / eligible (a fraction, unrounded); null when eligible is 0'),
  completeness: rate('(registered + approved + assigned + delivered) / target; null without a target'),
  switchOffDate: day('the province’s analog switch-off date'),
};

const coverageRow = {
  type: 'object',
  properties: { code: { type: 'string' }, name: { type: 'string' }, level, ...coverageFigures },
};

const coverageReport = {
  type: 'object',
  required: ['area', 'level', 'rows', 'totals'],
  properties: {
    area: reportArea,
    level: { ...level, description: 'the level of the rows' },
    rows: { type: 'array', items: coverageRow },
    totals: {
      type: 'object',
      description: 'the whole area: every row, before belowRate',
      properties: { ...reportArea.properties, ...coverageFigures },
    },
  },
};

const progressFigures = {
  eligible: int,
  delivered: int,
  coverage: rate('delivered / eligible; null when eligible is 0'),
  ratePerDay: { type: 'number', description: 'deliveries per day over the recent window' },
  awaitingReview: { type: 'integer', description: 'registered households awaiting review' },
  notYetDelivered: {
    type: 'integer',
    description: 'eligible − delivered: approved or assigned, no receiver yet',
  },
  remaining: { type: 'integer', description: 'the work left: awaitingReview + notYetDelivered' },
  complete: { type: 'boolean' },
  projectedDate: day(
    'today + ceil(remaining / ratePerDay) days (the backlog awaiting review included); null when the rate is 0 or nothing is left or eligible',
  ),
  daysToComplete: { type: 'integer', nullable: true },
  switchOffDate: day('the province’s analog switch-off date'),
  willMissSwitchOff: {
    type: 'boolean',
    nullable: true,
    description:
      'projectedDate after switchOffDate, or work left with no recent delivery; null without a date or nothing eligible',
  },
};

const progressReport = {
  type: 'object',
  properties: {
    area: reportArea,
    level: { ...level, description: 'the level of the rows' },
    today: { type: 'string', format: 'date', description: 'today in Vietnam (UTC+7)' },
    windowDays: int,
    granularity: { type: 'string', enum: ['day', 'week'] },
    from: { type: 'string', format: 'date' },
    to: { type: 'string', format: 'date' },
    series: {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          period: { type: 'string', format: 'date', description: 'the day, or the Monday of the week' },
          delivered: int,
          cumulative: { type: 'integer', description: 'all deliveries up to the end of the period' },
        },
      },
    },
    ...progressFigures,
    rows: {
      type: 'array',
      items: {
        type: 'object',
        properties: { code: { type: 'string' }, name: { type: 'string' }, level, ...progressFigures },
      },
    },
  },
};

export const reportApiPaths: PathItems = {
  '/coverage': {
    get: operation({
      summary: 'Coverage per area below `areaCode` (default: the actor’s area; the nation for admins)',
      description:
        'One row per province (of the nation), district or commune (of a province: `level=commune`, or a ' +
        'two-level list), commune (of a district); a commune gives one row for itself. Figures come from the ' +
        'per-commune counters. Rows are sorted by `sort` (nulls last) and, with `belowRate`, kept only when ' +
        'coverage is below it or null. An area outside the actor’s scope is 404.\n\n' +
        'With `format=csv`: the rows, then a totals line (UTF-8 with BOM, CRLF); `lang=vi` (default) gives ' +
        'Vietnamese headers, `lang=en` the keys. Rates are percentages with one decimal. `format=xlsx` gives ' +
        'the same rows and columns as an .xlsx workbook (area codes and dates as text, figures as numbers). ' +
        'Columns, in order:\n\n' +
        COVERAGE_COLUMNS.map((c) => `- \`${c.key}\` — ${c.vi}: ${c.meaning}`).join('\n'),
      roles: READERS,
      query: coverageReportQuery,
      responses: { 200: coverageReport },
      errors: [404],
      alsoProduces: ['text/csv', XLSX_TYPE],
    }),
  },
  '/progress': {
    get: operation({
      summary: 'Deliveries per day or week, the recent rate and the projected date of full coverage',
      description:
        'For the area (default: the actor’s) and each area below it. Days are Vietnam days (UTC+7). The rate ' +
        'is deliveries per day over the last `windowDays` days up to today, starting no earlier than the ' +
        'area’s first delivery. projectedDate = today + ceil((eligible − delivered) / rate) days; ' +
        'willMissSwitchOff compares it with the province’s switch-off date. `remaining` is everything left: ' +
        '`awaitingReview` (registered, not yet reviewed) + `notYetDelivered` (approved or assigned). ' +
        '`willMiss=true` keeps only the rows that will miss the switch-off date (the totals stay the whole ' +
        'area’s).\n\nWith `format=csv` or `format=xlsx`: the rows, then the area as a totals line, ' +
        '(`lang=vi` Vietnamese headers, `lang=en` the keys; in .xlsx codes and dates are text). Columns:\n\n' +
        PROGRESS_COLUMNS.map((c) => `- \`${c.key}\` — ${c.vi}: ${c.meaning}`).join('\n'),
      roles: READERS,
      query: progressReportQuery,
      responses: { 200: progressReport },
      errors: [404],
      alsoProduces: ['text/csv', XLSX_TYPE],
    }),
  },
};
