import { operation, page, type PathItems } from '../openapi/describe';
import { listAuditQuery } from './schemas';

export const auditApiPaths: PathItems = {
  '/': {
    get: operation({
      summary: 'Audit trail, newest first (admin: all; official: entities inside their area)',
      roles: ['admin', 'official'],
      query: listAuditQuery,
      responses: { 200: page('AuditEntry') },
    }),
  },
};
