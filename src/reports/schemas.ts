import Joi from 'joi';
import { listAuditQuery } from '../audit/schemas';
import type { ListAuditInput } from '../audit/service';
import { areaCode } from '../http/joi-fields';
import { AREA_LEVELS } from '../users/roles';
import { COVERAGE_SORTS, SORT_ORDERS } from './coverage';
import type { ReportLanguage } from './coverage-columns';
import { DEFAULT_WINDOW_DAYS, type ProgressReportInput } from './progress';
import type { CoverageReportInput } from './service';

// A calendar date, kept as given (as areas/schemas.ts does): isoDate() would turn it into a date-time
// and let JavaScript roll 2025-02-30 over into March.
const calendarDate = Joi.string()
  .pattern(/^\d{4}-\d{2}-\d{2}$/, 'date YYYY-MM-DD')
  .custom((value: string, helpers) => {
    const d = new Date(`${value}T00:00:00Z`);
    return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === value
      ? value
      : helpers.error('string.isoDate');
  }, 'calendar date');

export const coverageReportQuery = Joi.object<
  CoverageReportInput & { format: 'json' | 'csv' | 'xlsx'; lang: ReportLanguage }
>({
  areaCode,
  level: Joi.string().valid(...AREA_LEVELS),
  belowRate: Joi.number().min(0).max(1),
  sort: Joi.string()
    .valid(...COVERAGE_SORTS)
    .default('code'),
  order: Joi.string()
    .valid(...SORT_ORDERS)
    .default('asc'),
  format: Joi.string().valid('json', 'csv', 'xlsx').default('json'),
  lang: Joi.string().valid('vi', 'en').default('vi'),
});

export const progressReportQuery = Joi.object<
  ProgressReportInput & { format: 'json' | 'csv' | 'xlsx'; lang: ReportLanguage }
>({
  areaCode,
  level: Joi.string().valid(...AREA_LEVELS),
  granularity: Joi.string().valid('day', 'week').default('day'),
  from: calendarDate,
  to: calendarDate,
  windowDays: Joi.number().integer().min(1).max(365).default(DEFAULT_WINDOW_DAYS),
  willMiss: Joi.boolean().valid(true),
  format: Joi.string().valid('json', 'csv', 'xlsx').default('json'),
  lang: Joi.string().valid('vi', 'en').default('vi'),
});

/** GET /audit: the trail's filters, and the page as JSON or the whole filtered trail as .xlsx. */
export const auditLogQuery = (listAuditQuery as Joi.ObjectSchema).keys({
  format: Joi.string().valid('json', 'xlsx').default('json'),
  lang: Joi.string().valid('vi', 'en').default('vi'),
}) as Joi.ObjectSchema<ListAuditInput & { format: 'json' | 'xlsx'; lang: ReportLanguage }>;
