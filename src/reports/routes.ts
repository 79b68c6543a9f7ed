import { apiRouter } from '../http/api-router';
import { streamDownload } from '../http/download';
import { actorOf, requireRole } from '../http/auth';
import { parseQuery } from '../http/validate';
import { XLSX_TYPE } from '../spreadsheets/xlsx';
import { progressDownload, progressReport } from './progress';
import { coverageReportQuery, progressReportQuery } from './schemas';
import { coverageCsv, coverageReport, coverageXlsx } from './service';

export const reportRoutes = apiRouter();

// Installers have no reports: they see their own batches' deliveries only (DESIGN §9).
const READERS = ['admin', 'official', 'commune_staff'] as const;

reportRoutes.get('/coverage', requireRole(...READERS), async (req, res) => {
  const { format, lang, ...input } = parseQuery(coverageReportQuery, req.query);
  const report = await coverageReport(input, actorOf(req));
  if (format === 'json') {
    res.json(report);
    return;
  }
  const name = lang === 'vi' ? 'ty-le-phu' : 'coverage';
  res.attachment(
    `${name}-${report.area.code ?? 'toan-quoc'}-${new Date().toISOString().slice(0, 10)}.${format}`,
  );
  res.type(format === 'xlsx' ? XLSX_TYPE : 'text/csv; charset=utf-8');
  await streamDownload(res, format === 'xlsx' ? coverageXlsx(report, lang) : coverageCsv(report, lang));
});

reportRoutes.get('/progress', requireRole(...READERS), async (req, res) => {
  const { format, lang, ...input } = parseQuery(progressReportQuery, req.query);
  const report = await progressReport(input, actorOf(req));
  if (format === 'json') {
    res.json(report);
    return;
  }
  const name = lang === 'vi' ? 'tien-do' : 'progress';
  res.attachment(`${name}-${report.area.code ?? 'toan-quoc'}-${report.today}.${format}`);
  res.type(format === 'xlsx' ? XLSX_TYPE : 'text/csv; charset=utf-8');
  await streamDownload(res, progressDownload(report, format, lang));
});
