import { Router } from 'express';
import { actorOf, requireRole } from '../http/auth';
import { parseQuery } from '../http/validate';
import { listAuditQuery } from './schemas';
import * as audit from './service';

export const auditRoutes = Router();

auditRoutes.get('/', requireRole('admin', 'official'), async (req, res) => {
  const input = parseQuery(listAuditQuery, req.query);
  res.json(await audit.listAudit(input, actorOf(req)));
});
