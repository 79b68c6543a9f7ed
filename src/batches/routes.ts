import { type Request } from 'express';
import { apiRouter } from '../http/api-router';
import { actorOf, requireRole } from '../http/auth';
import { parse, parseQuery } from '../http/validate';
import { addHouseholds, addHouseholdsAsJob, allocateToBatch } from './assignment';
import { closeBatch, closeBatchAsJob } from './closing';
import { batchDetailOf } from './detail';
import { editBatch } from './editing';
import {
  addHouseholdsBody,
  allocateReceiversBody,
  batchIdParams,
  createBatchBody,
  editBatchBody,
  idempotencyKey,
  listBatchesQuery,
} from './schemas';
import * as batches from './service';

export const batchRoutes = apiRouter();

const MANAGERS = ['official', 'admin'] as const;

batchRoutes.post('/', requireRole(...MANAGERS), async (req, res) => {
  res.status(201).json(await batches.createBatch(parse(createBatchBody, req.body), actorOf(req)));
});

batchRoutes.get('/', requireRole(...MANAGERS, 'installer'), async (req, res) => {
  res.json(await batches.listBatches(parseQuery(listBatchesQuery, req.query), actorOf(req)));
});

batchRoutes.get('/:id', requireRole(...MANAGERS, 'installer'), async (req, res) => {
  const { id } = parse(batchIdParams, req.params);
  res.json(await batchDetailOf(id, actorOf(req)));
});

batchRoutes.patch('/:id', requireRole(...MANAGERS), async (req, res) => {
  const { id } = parse(batchIdParams, req.params);
  res.json(await editBatch(id, parse(editBatchBody, req.body), actorOf(req)));
});

batchRoutes.post('/:id/receivers', requireRole(...MANAGERS), async (req, res) => {
  const { id } = parse(batchIdParams, req.params);
  res.json(await allocateToBatch(id, parse(allocateReceiversBody, req.body), actorOf(req)));
});

/** `Prefer: respond-async` (RFC 7240): run as a job, answer 202 with it (GET /jobs/:id). */
const wantsJob = (req: Request) => /\brespond-async\b/i.test(req.get('prefer') ?? '');
const jobKeyOf = (req: Request) => {
  const raw = req.get('idempotency-key');
  return raw === undefined ? undefined : parse(idempotencyKey, raw);
};

batchRoutes.post('/:id/households', requireRole(...MANAGERS), async (req, res) => {
  const { id } = parse(batchIdParams, req.params);
  const input = parse(addHouseholdsBody, req.body);
  if (!wantsJob(req)) {
    res.json(await addHouseholds(id, input, actorOf(req)));
    return;
  }
  const job = await addHouseholdsAsJob(id, input, jobKeyOf(req), actorOf(req));
  res.status(202).location(`/api/v1/jobs/${job.id}`).json(job);
});

batchRoutes.post('/:id/start', requireRole(...MANAGERS), async (req, res) => {
  const { id } = parse(batchIdParams, req.params);
  res.json(await batches.startBatch(id, actorOf(req)));
});

batchRoutes.post('/:id/close', requireRole(...MANAGERS), async (req, res) => {
  const { id } = parse(batchIdParams, req.params);
  if (!wantsJob(req)) {
    res.json(await closeBatch(id, actorOf(req)));
    return;
  }
  const job = await closeBatchAsJob(id, jobKeyOf(req), actorOf(req));
  res.status(202).location(`/api/v1/jobs/${job.id}`).json(job);
});
