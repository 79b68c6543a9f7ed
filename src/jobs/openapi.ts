import { operation, type PathItems } from '../openapi/describe';
import { jobIdParams } from './schemas';

const localized = { type: 'object', properties: { vi: { type: 'string' }, en: { type: 'string' } } };

/** The job a long request answers with (202), and `GET /jobs/:id` shows. */
export const jobSchema = {
  type: 'object',
  required: ['id', 'kind', 'status', 'done', 'counts'],
  properties: {
    id: { type: 'string' },
    kind: {
      type: 'string',
      description: 'households.approve, households.reject, batches.add_households, batches.allocate',
    },
    status: {
      type: 'string',
      enum: ['running', 'done', 'failed', 'interrupted'],
      description:
        '`interrupted`: its process died (lease ran out). Retry the same request with the same ' +
        'Idempotency-Key to resume a failed or interrupted job; done chunks are not redone.',
    },
    total: { type: 'integer', nullable: true, description: 'Items to work on (null until planned)' },
    done: { type: 'integer', description: 'Items worked on so far' },
    counts: { type: 'object', additionalProperties: { type: 'integer' }, description: 'Per outcome' },
    reasons: {
      type: 'object',
      additionalProperties: { type: 'integer' },
      description: 'Skipped, per reason',
    },
    summary: { type: 'object', nullable: true, description: 'Kind-specific totals once done' },
    error: {
      type: 'object',
      nullable: true,
      properties: { code: { type: 'string' }, message: localized },
    },
    results: {
      type: 'array',
      nullable: true,
      description: 'Per item, in the order asked; null while running',
      items: {
        type: 'object',
        required: ['id', 'outcome'],
        properties: {
          id: { type: 'string' },
          outcome: { type: 'string', description: 'approved, rejected, added, allocated or skipped' },
          reason: {
            type: 'string',
            description:
              'When skipped: not_found (unknown or outside your area), wrong_status, stale_version, ' +
              'ineligible, flagged_duplicate, busy, in_other_batch, wrong_type, no_capacity…',
          },
          message: localized,
        },
        additionalProperties: true,
      },
    },
    createdAt: { type: 'string', format: 'date-time' },
    updatedAt: { type: 'string', format: 'date-time' },
    finishedAt: { type: 'string', format: 'date-time', nullable: true },
  },
};

export const jobApiPaths: PathItems = {
  '/{id}': {
    get: operation({
      summary: 'A job started by a bulk request: progress (done/total), and per-item results once finished',
      description: 'Only its creator (and admins) see a job; anyone else gets 404.',
      roles: ['admin', 'official', 'commune_staff', 'installer'],
      params: jobIdParams,
      responses: { 200: jobSchema },
      errors: [404],
    }),
  },
};
