import { operation, type PathItems } from '../openapi/describe';
import { AREA_LEVELS } from '../users/roles';
import { INSPECTION_RESULTS } from './results';
import { InspectionSampleShape, InspectionShape, SampleFieldListShape, SampleListItemShape } from './shapes';
import {
  drawSampleBody,
  inspectionIdParams,
  inspectionSummaryQuery,
  listInspectionsQuery,
  listSamplesQuery,
  recordInspectionBody,
  sampleFieldListQuery,
  sampleIdParams,
} from './schemas';

const INSPECTORS = ['official', 'admin'] as const;

const str = { type: 'string' };
const nstr = { type: 'string', nullable: true };
const int = { type: 'integer' };

const inspection = InspectionShape;

const sample = InspectionSampleShape;

const figures = {
  sampled: int,
  inspected: int,
  pending: int,
  problems: { ...int, description: 'Inspected with any result but ok' },
  problemRate: {
    type: 'number',
    nullable: true,
    description: 'problems / inspected; null when none inspected',
  },
  results: { type: 'object', properties: Object.fromEntries(INSPECTION_RESULTS.map((r) => [r, int])) },
};

const summary = {
  type: 'object',
  properties: {
    area: {
      type: 'object',
      properties: { code: nstr, name: str, level: { type: 'string', enum: [...AREA_LEVELS, 'nation'] } },
    },
    sampleId: nstr,
    rowLevel: { type: 'string', enum: AREA_LEVELS },
    rows: {
      type: 'array',
      items: {
        type: 'object',
        properties: { areaCode: str, name: str, level: { type: 'string', enum: AREA_LEVELS }, ...figures },
      },
    },
    totals: { type: 'object', properties: figures },
  },
};

export const inspectionApiPaths: PathItems = {
  '/': {
    get: operation({
      summary: 'Inspections in the actor’s area, in each sample’s visiting order',
      roles: INSPECTORS,
      query: listInspectionsQuery,
      responses: {
        200: {
          type: 'object',
          properties: { items: { type: 'array', items: inspection }, total: int, page: int, pageSize: int },
        },
      },
    }),
  },
  '/samples': {
    post: operation({
      summary: 'Draw a reproducible sample of delivered households in an area, to inspect',
      description:
        'Give `size` or `rate` (rounded up). At least one delivered household per commune when the size allows, ' +
        'then the rest in the seed’s order; each drawn delivery gets a pending inspection. ' +
        'Without `seed` one is generated and returned.',
      roles: INSPECTORS,
      body: drawSampleBody,
      responses: { 201: sample },
      errors: [404, 422],
    }),
    get: operation({
      summary: 'The samples drawn in the actor’s area, newest first, with the sampled area’s name',
      description:
        'Officials see the samples of areas inside theirs, admins every one. Items leave out `deliveryIds`.',
      roles: INSPECTORS,
      query: listSamplesQuery,
      responses: {
        200: {
          type: 'object',
          properties: {
            items: { type: 'array', items: SampleListItemShape },
            total: int,
            page: int,
            pageSize: int,
          },
        },
      },
    }),
  },
  '/samples/{id}': {
    get: operation({
      summary: 'One sample and its field list: the inspections in visiting order, with commune names',
      description:
        'The sample (seed, size or rate, who drew it and when, the sampled area’s name) and every inspection of it ' +
        'in visiting order: head’s name, commune name, village, address, phone, serial, handover date, result. ' +
        'Officials see the samples of areas inside theirs, admins every one; another is 404. `format=xlsx`: sheets ' +
        '"Danh sách kiểm tra" (phones and serials as text, dates in Vietnam time, an empty result column for ' +
        'pending households) and "Thông tin mẫu" (province, area, seed, rule, who drew it).',
      roles: INSPECTORS,
      params: sampleIdParams,
      query: sampleFieldListQuery,
      responses: { 200: SampleFieldListShape },
      errors: [404],
      alsoProduces: ['application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'],
    }),
  },
  '/summary': {
    get: operation({
      summary: 'Sampled, inspected and each result per child area, with the problem rate',
      description:
        'Rows: a province’s districts (its communes in a two-level list), a district’s communes, a commune itself; ' +
        'the nation’s provinces for an admin without `areaCode`.',
      roles: INSPECTORS,
      query: inspectionSummaryQuery,
      responses: { 200: summary },
      errors: [404],
    }),
  },
  '/{id}': {
    get: operation({
      summary: 'One inspection',
      roles: INSPECTORS,
      params: inspectionIdParams,
      responses: { 200: inspection },
      errors: [404],
    }),
  },
  '/{id}/result': {
    post: operation({
      summary: 'Record what the inspection found',
      description:
        'Repeating the recorded result returns it unchanged. Changing a recorded result (or its notes) needs the ' +
        'current `version`; a stale or missing one is 409 with `details.currentVersion`.',
      roles: INSPECTORS,
      params: inspectionIdParams,
      body: recordInspectionBody,
      responses: { 200: inspection },
      errors: [404, 409],
    }),
  },
};
