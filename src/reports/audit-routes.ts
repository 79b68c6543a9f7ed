import { apiRouter } from '../http/api-router';
import { actorOf, requireRole } from '../http/auth';
import { parseQuery } from '../http/validate';
import { listAuditQuery } from '../audit/schemas';
import { listAuditLog } from './audit-log';

export const auditRoutes = apiRouter();

auditRoutes.get('/', requireRole('admin', 'official'), async (req, res) => {
  const input = parseQuery(listAuditQuery, req.query);
  res.json(await listAuditLog(input, actorOf(req)));
});
