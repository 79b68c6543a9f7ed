import { apiRouter } from '../http/api-router';
import { actorOf, requireRole } from '../http/auth';
import { parse, parseQuery } from '../http/validate';
import { fieldListFileName, fieldListXlsx, getSampleFieldList } from './field-list';
import { drawInspectionSample, listInspectionSamples } from './samples';
import { XLSX_TYPE } from '../spreadsheets/xlsx';
import {
  drawSampleBody,
  inspectionIdParams,
  inspectionSummaryQuery,
  listInspectionsQuery,
  listSamplesQuery,
  recordInspectionBody,
  sampleFieldListQuery,
  sampleIdParams,
} from './schemas';
import * as inspections from './service';
import { inspectionSummary } from './summary';

export const inspectionRoutes = apiRouter();

const INSPECTORS = ['official', 'admin'] as const;

inspectionRoutes.get('/', requireRole(...INSPECTORS), async (req, res) => {
  res.json(await inspections.listInspections(parseQuery(listInspectionsQuery, req.query), actorOf(req)));
});

// /samples and /summary before /:id, which would take them for ids.
inspectionRoutes.post('/samples', requireRole(...INSPECTORS), async (req, res) => {
  res.status(201).json(await drawInspectionSample(parse(drawSampleBody, req.body), actorOf(req)));
});

inspectionRoutes.get('/samples', requireRole(...INSPECTORS), async (req, res) => {
  res.json(await listInspectionSamples(parseQuery(listSamplesQuery, req.query), actorOf(req)));
});

// The field list: the sample and its inspections in visiting order, or (format=xlsx) the workbook.
inspectionRoutes.get('/samples/:id', requireRole(...INSPECTORS), async (req, res) => {
  const { id } = parse(sampleIdParams, req.params);
  const { format } = parseQuery(sampleFieldListQuery, req.query);
  const list = await getSampleFieldList(id, actorOf(req));
  if (format === 'json') {
    res.json(list);
    return;
  }
  res.attachment(fieldListFileName(list));
  res.type(XLSX_TYPE);
  res.send(await fieldListXlsx(list));
});

inspectionRoutes.get('/summary', requireRole(...INSPECTORS), async (req, res) => {
  res.json(await inspectionSummary(parseQuery(inspectionSummaryQuery, req.query), actorOf(req)));
});

inspectionRoutes.get('/:id', requireRole(...INSPECTORS), async (req, res) => {
  const { id } = parse(inspectionIdParams, req.params);
  res.json(await inspections.getInspection(id, actorOf(req)));
});

inspectionRoutes.post('/:id/result', requireRole(...INSPECTORS), async (req, res) => {
  const { id } = parse(inspectionIdParams, req.params);
  const input = parse(recordInspectionBody, req.body);
  res.json(await inspections.recordInspectionResult(id, input, actorOf(req)));
});
