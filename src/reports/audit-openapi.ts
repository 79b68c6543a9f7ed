import { listAuditQuery } from '../audit/schemas';
import { operation, type PathItems } from '../openapi/describe';
import { AuditLogPageShape } from './audit-log-shapes';

export const auditApiPaths: PathItems = {
  '/': {
    get: operation({
      summary:
        'Audit trail, newest first (admin: all; official: entities inside their area), each entry with the ' +
        "actor's full name, the area's name and what it is about in words; areaCode narrows to a commune " +
        '(one outside the area finds nothing)',
      roles: ['admin', 'official'],
      query: listAuditQuery,
      responses: { 200: AuditLogPageShape },
    }),
  },
};
