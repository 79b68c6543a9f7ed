import { jobSchema } from '../jobs/openapi';
import { operation, type PathItems } from '../openapi/describe';
import {
  addHouseholdsBody,
  allocateReceiversBody,
  batchIdParams,
  createBatchBody,
  editBatchBody,
  listBatchesQuery,
} from './schemas';
import { BatchInstallersShape, BatchProgressShape, BatchShape } from './shapes';

export const MANAGERS = ['official', 'admin'] as const;

export const str = { type: 'string' };
export const int = { type: 'integer' };
const localized = { type: 'object', properties: { vi: str, en: str } };

const batch = BatchShape;

export const pageOf = (item: object) => ({
  type: 'object',
  properties: { items: { type: 'array', items: item }, total: int, page: int, pageSize: int },
});

export const batchApiPaths: PathItems = {
  '/': {
    post: operation({
      summary: 'Plan a batch: communes of one province, receiver type, installers, planned dates',
      roles: MANAGERS,
      body: createBatchBody,
      responses: { 201: batch },
      errors: [404, 422],
    }),
    get: operation({
      summary: 'Batches in the actor’s province (installers: the batches they are on)',
      roles: [...MANAGERS, 'installer'],
      query: listBatchesQuery,
      responses: { 200: pageOf(batch) },
    }),
  },
  '/{id}': {
    get: operation({
      summary:
        'One batch with its installers by name and its progress (by commune and installer, failure reasons)',
      roles: [...MANAGERS, 'installer'],
      params: batchIdParams,
      responses: {
        200: {
          allOf: [
            batch,
            {
              type: 'object',
              required: ['installers', 'progress'],
              properties: { installers: BatchInstallersShape, progress: BatchProgressShape },
            },
          ],
        },
      },
      errors: [404],
    }),
    patch: operation({
      summary: 'Change a planned or in-progress batch: name, notes, planned dates, installers, communes',
      description:
        '`version` must be the batch’s current version (409 otherwise). A commune with pending deliveries ' +
        'cannot be removed (422 naming it). Audited with before/after.',
      roles: MANAGERS,
      params: batchIdParams,
      body: editBatchBody,
      responses: { 200: batch },
      errors: [404, 409, 422],
    }),
  },
  '/{id}/receivers': {
    post: operation({
      summary: 'Allocate receivers from the province’s stock, by serials or by count',
      description:
        'Serials that cannot be allocated are listed in `refused` with the reason; `shortBy` says how many a count could not find.',
      roles: MANAGERS,
      params: batchIdParams,
      body: allocateReceiversBody,
      responses: {
        200: {
          type: 'object',
          properties: {
            allocated: { type: 'array', items: str },
            refused: {
              type: 'array',
              items: { type: 'object', properties: { serial: str, reason: localized } },
            },
            shortBy: int,
            capacity: int,
          },
        },
      },
      errors: [404, 422],
    }),
  },
  '/{id}/households': {
    post: operation({
      summary:
        'Add households: by ids, or (no ids) the oldest approved of the batch’s communes and receiver type',
      description:
        'Never promises more households than allocated receivers not yet promised (422 when ids exceed it): ' +
        'capacity is claimed on the batch’s counter, so parallel requests (and batches sharing communes) ' +
        'never over-promise nor take one household twice. Works in chunks of 500 (one read, one delivery ' +
        'insert, bulk writes per chunk). With `Prefer: respond-async` it answers 202 with a job ' +
        '(`GET /jobs/{id}`, results `added` or `skipped` per household); with an `Idempotency-Key` a retry ' +
        'returns or resumes the same job.',
      roles: MANAGERS,
      params: batchIdParams,
      body: addHouseholdsBody,
      responses: {
        202: jobSchema,
        200: {
          type: 'object',
          properties: {
            added: { type: 'array', items: str },
            refused: {
              type: 'array',
              items: { type: 'object', properties: { householdId: str, reason: localized } },
            },
            capacity: int,
          },
        },
      },
      errors: [404, 422],
    }),
  },
  '/{id}/start': {
    post: operation({
      summary: 'Start the batch: installers may confirm deliveries',
      roles: MANAGERS,
      params: batchIdParams,
      responses: { 200: batch },
      errors: [404, 409, 422],
    }),
  },
  '/{id}/close': {
    post: operation({
      summary:
        'Close the batch: pending deliveries cancelled (households back to approved), unused receivers back to stock',
      description:
        'The status changes at once (no confirmation starts after it); each pending delivery is then ' +
        'cancelled under its own locks, four at a time. A batch with many pending takes a while (about ' +
        '90 ms a delivery at province scale): with `Prefer: respond-async` it answers 202 with a job ' +
        '(`GET /jobs/{id}`: progress, results `cancelled`, or `ended` for one confirmed or failed meanwhile; ' +
        'summary `cancelled`, `returned`); with an `Idempotency-Key` a retry returns the job, or resumes it ' +
        'if it stopped, although the batch is closed by then. A crash midway is finished by `npm run reconcile`.',
      roles: MANAGERS,
      params: batchIdParams,
      responses: {
        202: jobSchema,
        200: {
          type: 'object',
          properties: { batch, cancelled: int, returned: { type: 'array', items: str } },
        },
      },
      errors: [404, 409, 422],
    }),
  },
};
