import { operation, type PathItems } from '../openapi/describe';
import { COVERAGE_COLUMNS } from './coverage-columns';
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
  registered: int,
  pendingReview: { type: 'integer', description: '= registered (awaiting review)' },
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
  remaining: { type: 'integer', description: 'eligible − delivered' },
  complete: { type: 'boolean' },
  projectedDate: day(
    'today + ceil(remaining / ratePerDay) days; null when the rate is 0 or nothing is eligible',
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
        'Vietnamese headers, `lang=en` the keys. Rates are percentages with one decimal. Columns, in order:\n\n' +
        COVERAGE_COLUMNS.map((c) => `- \`${c.key}\` — ${c.vi}: ${c.meaning}`).join('\n'),
      roles: READERS,
      query: coverageReportQuery,
      responses: { 200: coverageReport },
      errors: [404],
      alsoProduces: ['text/csv'],
    }),
  },
  '/progress': {
    get: operation({
      summary: 'Deliveries per day or week, the recent rate and the projected date of full coverage',
      description:
        'For the area (default: the actor’s) and each area below it. Days are Vietnam days (UTC+7). The rate ' +
        'is deliveries per day over the last `windowDays` days up to today, starting no earlier than the ' +
        'area’s first delivery. projectedDate = today + ceil((eligible − delivered) / rate) days; ' +
        'willMissSwitchOff compares it with the province’s switch-off date.',
      roles: READERS,
      query: progressReportQuery,
      responses: { 200: progressReport },
      errors: [404],
    }),
  },
};
