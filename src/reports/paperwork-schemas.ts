import Joi from 'joi';
import { objectId } from '../http/joi-fields';
import type { ReportLanguage } from './coverage-columns';
import type { AcceptanceInput } from './acceptance';
import type { InventoryReportInput } from './inventory';

// Query schemas of the stock and paperwork reports (inventory, batch report, acceptance papers).

const provinceCode = Joi.string().pattern(/^\d{2}$/, 'province code (2 digits)');

export const inventoryReportQuery = Joi.object<
  InventoryReportInput & { format: 'json' | 'csv' | 'xlsx'; lang: ReportLanguage }
>({
  provinceCode,
  batchId: objectId,
  format: Joi.string().valid('json', 'csv', 'xlsx').default('json'),
  lang: Joi.string().valid('vi', 'en').default('vi'),
});

export const batchReportParams = Joi.object<{ id: string }>({ id: objectId.required() });

export const batchReportQuery = Joi.object<{ format: 'json' | 'xlsx' }>({
  format: Joi.string().valid('json', 'xlsx').default('json'),
});

export const acceptanceReportQuery = Joi.object<AcceptanceInput & { format: 'json' | 'xlsx' }>({
  batchId: objectId,
  areaCode: Joi.string().pattern(/^\d{5}$/, 'commune code (5 digits)'),
  format: Joi.string().valid('json', 'xlsx').default('json'),
}).xor('batchId', 'areaCode');
