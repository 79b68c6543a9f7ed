import { apiRouter } from '../http/api-router';
import { actorOf, anyRole } from '../http/auth';
import { parse } from '../http/validate';
import { jobIdParams } from './schemas';
import * as jobs from './service';

export const jobRoutes = apiRouter();

jobRoutes.get('/:id', anyRole, async (req, res) => {
  const { id } = parse(jobIdParams, req.params);
  res.json(await jobs.getJob(id, actorOf(req)));
});
