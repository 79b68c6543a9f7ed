import Joi from 'joi';
import { areaCode, page, pageSize, searchText } from '../http/joi-fields';
import { RECEIVER_TYPES } from '../receiver-types';
import { AREA_LEVELS } from '../users/roles';
import type { ListAreasInput, SetProgrammeInput, SetTargetsInput } from './service';
import { TARGETS_BULK_MAX, type CommuneTargetsRow } from './targets';

export const listAreasQuery = Joi.object<ListAreasInput>({
  level: Joi.string().valid(...AREA_LEVELS),
  parentCode: areaCode,
  provinceCode: Joi.string().pattern(/^\d{2}$/, 'province code (2 digits)'),
  q: searchText,
  page,
  pageSize,
});

export const areaCodeParams = Joi.object<{ code: string }>({ code: areaCode.required() });

export const setTargetsBody = Joi.object<SetTargetsInput>({
  poor: Joi.number().integer().min(0).max(1_000_000).required(),
  nearPoor: Joi.number().integer().min(0).max(1_000_000).required(),
  listYear: Joi.number().integer().min(2010).max(2100).required(),
  defaultReceiverType: Joi.string().valid(...RECEIVER_TYPES),
});

// A calendar date, kept as given: Joi's isoDate() would rewrite it to a date-time (which the pattern then
// refuses) and let JavaScript roll 2025-02-30 over into March.
const calendarDate = Joi.string()
  .pattern(/^\d{4}-\d{2}-\d{2}$/, 'date YYYY-MM-DD')
  .custom((value: string, helpers) => {
    const d = new Date(`${value}T00:00:00Z`);
    return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === value
      ? value
      : helpers.error('string.isoDate');
  }, 'calendar date');

export const setProgrammeBody = Joi.object<SetProgrammeInput>({
  switchOffDate: calendarDate.required(),
});

const targetFields = {
  poor: Joi.number().integer().min(0).max(1_000_000).required(),
  nearPoor: Joi.number().integer().min(0).max(1_000_000).required(),
  listYear: Joi.number().integer().min(2010).max(2100).required(),
  defaultReceiverType: Joi.string().valid(...RECEIVER_TYPES),
};

export const setTargetsManyBody = Joi.object<{ rows: CommuneTargetsRow[] }>({
  rows: Joi.array()
    .items(
      Joi.object({
        code: Joi.string()
          .pattern(/^\d{5}$/, 'commune code (5 digits)')
          .required(),
        ...targetFields,
      }),
    )
    .min(1)
    .max(TARGETS_BULK_MAX)
    .required(),
});

export const importTargetsQuery = Joi.object<{ dryRun: boolean }>({ dryRun: Joi.boolean().default(false) });

export const importAreasQuery = importTargetsQuery;

export const targetsTemplateQuery = Joi.object<{ areaCode?: string; lang: 'vi' | 'en' }>({
  areaCode,
  lang: Joi.string().valid('vi', 'en').default('vi'),
});
