import Joi from 'joi';
import { areaCode, objectId, page, pageSize } from '../http/joi-fields';
import { INSPECTION_RESULTS, INSPECTION_STATUSES } from './results';
import type { DrawSampleInput, ListSamplesInput } from './samples';
import { MAX_SAMPLE_SIZE } from './sampling';
import type { ListInspectionsInput, RecordInspectionInput } from './service';
import type { InspectionSummaryInput } from './summary';

export const drawSampleBody = Joi.object<DrawSampleInput>({
  areaCode: areaCode.required(),
  seed: Joi.alternatives().try(Joi.string().trim().min(1).max(100), Joi.number().integer()),
  rate: Joi.number().greater(0).max(1),
  size: Joi.number().integer().min(1).max(MAX_SAMPLE_SIZE),
  deliveredFrom: Joi.date().iso(),
  deliveredTo: Joi.date()
    .iso()
    .when('deliveredFrom', { is: Joi.exist(), then: Joi.date().min(Joi.ref('deliveredFrom')) }),
  name: Joi.string().trim().max(200).allow(null, ''),
}).xor('rate', 'size');

export const inspectionIdParams = Joi.object<{ id: string }>({ id: objectId.required() });

export const recordInspectionBody = Joi.object<RecordInspectionInput>({
  result: Joi.string()
    .valid(...INSPECTION_RESULTS)
    .required(),
  notes: Joi.string().trim().max(1000).allow(null, ''),
  inspectedAt: Joi.date().iso(),
  version: Joi.number().integer().min(1),
});

export const listInspectionsQuery = Joi.object<ListInspectionsInput>({
  sampleId: objectId,
  areaCode,
  status: Joi.string().valid(...INSPECTION_STATUSES),
  result: Joi.string().valid(...INSPECTION_RESULTS),
  page,
  pageSize,
});

export const inspectionSummaryQuery = Joi.object<InspectionSummaryInput>({ areaCode, sampleId: objectId });

export const sampleIdParams = Joi.object<{ id: string }>({ id: objectId.required() });

export const sampleFieldListQuery = Joi.object<{ format: 'json' | 'xlsx' }>({
  format: Joi.string().valid('json', 'xlsx').default('json'),
});

export const listSamplesQuery = Joi.object<ListSamplesInput>({ page, pageSize });
