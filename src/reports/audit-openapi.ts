import { auditLogQuery } from './schemas';
import { operation, type PathItems } from '../openapi/describe';
import { XLSX_TYPE } from '../spreadsheets/xlsx';
import { AuditLogPageShape } from './audit-log-shapes';

export const auditApiPaths: PathItems = {
  '/': {
    get: operation({
      summary:
        'Audit trail, newest first (admin: all; official: entities inside their area), each entry with the ' +
        "actor's full name, the area's name and what it is about in words; areaCode narrows to a commune " +
        '(one outside the area finds nothing). format=xlsx: every matching entry (up to 100,000, newest first) ' +
        'as a workbook in the same words (lang=vi|en), then the codes as text',
      roles: ['admin', 'official'],
      query: auditLogQuery,
      responses: { 200: AuditLogPageShape },
      alsoProduces: [XLSX_TYPE],
    }),
  },
};
