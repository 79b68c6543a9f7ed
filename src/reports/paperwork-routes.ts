import { type Response } from 'express';
import { apiRouter } from '../http/api-router';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { XLSX_TYPE } from '../spreadsheets/xlsx';
import { actorOf, requireRole } from '../http/auth';
import { parse, parseQuery } from '../http/validate';
import { acceptanceReport } from './acceptance';
import { acceptanceXlsx } from './acceptance-columns';
import { batchReport, batchReportXlsx } from './batch-report';
import { toCsvStream } from '../spreadsheets/csv';
import { inventoryReport } from './inventory';
import { inventoryCsvColumns, inventoryRows, inventoryXlsx } from './inventory-columns';
import {
  acceptanceReportQuery,
  batchReportParams,
  batchReportQuery,
  inventoryReportQuery,
} from './paperwork-schemas';

// Stock and paperwork reports (issue 13): the receiver inventory, the batch report and the
// acceptance and payment papers. Officials and admins; mounted under /reports next to reportRoutes.

export const paperworkReportRoutes = apiRouter();

const KEEPERS = ['official', 'admin'] as const;

const today = () => new Date().toISOString().slice(0, 10);

function download(res: Response, name: string, format: 'csv' | 'xlsx'): void {
  res.attachment(`${name}-${today()}.${format}`);
  res.type(format === 'xlsx' ? XLSX_TYPE : 'text/csv; charset=utf-8');
}

paperworkReportRoutes.get('/inventory', requireRole(...KEEPERS), async (req, res) => {
  const { format, lang, ...input } = parseQuery(inventoryReportQuery, req.query);
  const report = await inventoryReport(input, actorOf(req));
  if (format === 'json') {
    res.json(report);
    return;
  }
  download(res, `ton-kho-dau-thu-${report.province.code}`, format);
  if (format === 'xlsx') {
    res.send(await inventoryXlsx(report));
    return;
  }
  await pipeline(Readable.from(inventoryRows(report)), toCsvStream(inventoryCsvColumns(lang)), res);
});

paperworkReportRoutes.get('/batches/:id', requireRole(...KEEPERS), async (req, res) => {
  const { id } = parse(batchReportParams, req.params);
  const { format } = parseQuery(batchReportQuery, req.query);
  const report = await batchReport(id, actorOf(req));
  if (format === 'json') {
    res.json(report);
    return;
  }
  download(res, `bao-cao-dot-${report.batch.code}`, 'xlsx');
  res.send(await batchReportXlsx(report));
});

// Commune staff read their own commune's papers (IDs masked); officials and admins sign them.
paperworkReportRoutes.get('/acceptance', requireRole(...KEEPERS, 'commune_staff'), async (req, res) => {
  const { format, ...input } = parseQuery(acceptanceReportQuery, req.query);
  const report = await acceptanceReport(input, actorOf(req));
  if (format === 'json') {
    res.json(report);
    return;
  }
  download(res, `nghiem-thu-${report.scope.batchCode ?? report.scope.areaCode ?? ''}`, 'xlsx');
  res.send(await acceptanceXlsx(report));
});
