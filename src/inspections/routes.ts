import { apiRouter } from '../http/api-router';
import { actorOf, requireRole } from '../http/auth';
import { parse, parseQuery } from '../http/validate';
import { drawInspectionSample } from './samples';
import {
  drawSampleBody,
  inspectionIdParams,
  inspectionSummaryQuery,
  listInspectionsQuery,
  recordInspectionBody,
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
