import { operation, type PathItems } from '../openapi/describe';
import { AREA_LEVELS } from '../users/roles';
import { INSPECTION_RESULTS } from './results';
import { InspectionShape } from './shapes';
import {
  drawSampleBody,
  inspectionIdParams,
  inspectionSummaryQuery,
  listInspectionsQuery,
  recordInspectionBody,
} from './schemas';

const INSPECTORS = ['official', 'admin'] as const;

const str = { type: 'string' };
const nstr = { type: 'string', nullable: true };
const int = { type: 'integer' };
const date = { type: 'string', format: 'date-time' };
const ndate = { ...nstr, format: 'date-time' };

const inspection = InspectionShape;

const sample = {
  type: 'object',
  properties: {
    id: str,
    name: nstr,
    area: {
      type: 'object',
      properties: {
        code: str,
        level: { type: 'string', enum: AREA_LEVELS },
        provinceCode: str,
        districtCode: nstr,
        communeCode: nstr,
      },
    },
    seed: {
      ...str,
      description:
        'The seed used (given or generated): the same seed over the same data draws the same sample',
    },
    rule: {
      type: 'object',
      properties: {
        size: { ...int, nullable: true },
        rate: { type: 'number', nullable: true },
        deliveredFrom: ndate,
        deliveredTo: ndate,
      },
    },
    counts: {
      type: 'object',
      properties: { candidates: int, communes: int, drawn: int, communesCovered: int },
    },
    deliveryIds: { type: 'array', items: str, description: 'In visiting order' },
    createdBy: str,
    createdAt: date,
  },
};

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
