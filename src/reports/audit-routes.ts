import { apiRouter } from '../http/api-router';
import { actorOf, requireRole } from '../http/auth';
import { parseQuery } from '../http/validate';
import { streamDownload } from '../http/download';
import { xlsxStream, XLSX_TYPE } from '../spreadsheets/xlsx';
import { auditLogColumns } from './audit-log-columns';
import { auditLogQuery } from './schemas';
import { auditLogRows, listAuditLog } from './audit-log';

export const auditRoutes = apiRouter();

auditRoutes.get('/', requireRole('admin', 'official'), async (req, res) => {
  const { format, lang, ...input } = parseQuery(auditLogQuery, req.query);
  if (format === 'json') {
    res.json(await listAuditLog(input, actorOf(req)));
    return;
  }
  const { page: _page, pageSize: _size, ...filters } = input;
  const day = new Date().toISOString().slice(0, 10);
  const area = filters.areaCode ?? (lang === 'vi' ? 'dia-ban' : 'area');
  res.attachment(`${lang === 'vi' ? 'nhat-ky' : 'audit-trail'}-${area}-${day}.xlsx`);
  res.type(XLSX_TYPE);
  const sheet = lang === 'vi' ? 'Nhật ký' : 'Audit trail';
  await streamDownload(res, xlsxStream(sheet, auditLogColumns(lang), auditLogRows(filters, actorOf(req))));
});
