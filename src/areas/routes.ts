import { apiRouter } from '../http/api-router';
import { actorOf, anyRole, requireRole } from '../http/auth';
import { parse, parseQuery } from '../http/validate';
import { text } from '../errors';
import { XLSX_TYPE } from '../spreadsheets/xlsx';
import { SPREADSHEET_TYPES, uploadKindOf } from '../http/upload';
import {
  areaCodeParams,
  importAreasQuery,
  importTargetsQuery,
  listAreasQuery,
  setProgrammeBody,
  setTargetsBody,
  setTargetsManyBody,
  targetsTemplateQuery,
} from './schemas';
import * as areas from './service';
import * as targets from './targets';

export const areaRoutes = apiRouter();

areaRoutes.get('/', anyRole, async (req, res) => {
  res.json(await areas.listAreas(parseQuery(listAreasQuery, req.query)));
});

// The list in use, and a revised list uploaded by an admin: before /:code, as the targets routes.
areaRoutes.get('/catalogue', anyRole, async (_req, res) => {
  res.json(await areas.areaCatalogue());
});

areaRoutes.post('/import', requireRole('admin'), async (req, res) => {
  const { dryRun } = parseQuery(importAreasQuery, req.query);
  const input = { dryRun, kind: uploadKindOf(req, SPREADSHEET_TYPES), file: req, maxBytes: 20 * 1024 * 1024 };
  res.json(await areas.importAreaFile(input, actorOf(req)));
});

// Targets of many communes: before /:code, which would take "targets" for a code.
areaRoutes.put('/targets', requireRole('admin', 'official'), async (req, res) => {
  const { rows } = parse(setTargetsManyBody, req.body);
  res.json(await targets.setTargetsMany(rows, actorOf(req)));
});

areaRoutes.post('/targets/import', requireRole('admin', 'official'), async (req, res) => {
  const { dryRun } = parseQuery(importTargetsQuery, req.query);
  const kind = uploadKindOf(
    req,
    SPREADSHEET_TYPES,
    text('Hãy gửi tệp Excel .xlsx hoặc CSV', 'Send the file as an .xlsx workbook or as text/csv'),
  );
  const input = { dryRun, kind, file: req, maxBytes: 5 * 1024 * 1024 };
  res.json(await targets.importCommuneTargets(input, actorOf(req)));
});

areaRoutes.get('/targets/template', requireRole('admin', 'official'), async (req, res) => {
  const { areaCode, lang } = parseQuery(targetsTemplateQuery, req.query);
  const file = await targets.targetsTemplateXlsx(areaCode, lang, actorOf(req));
  res.attachment(`${lang === 'vi' ? 'chi-tieu-xa' : 'commune-targets'}-${areaCode ?? 'dia-ban'}.xlsx`);
  res.type(XLSX_TYPE).send(file);
});

areaRoutes.get('/:code', anyRole, async (req, res) => {
  const { code } = parse(areaCodeParams, req.params);
  res.json(await areas.getAreaDetail(code));
});

areaRoutes.put('/:code/targets', requireRole('admin', 'official'), async (req, res) => {
  const { code } = parse(areaCodeParams, req.params);
  const input = parse(setTargetsBody, req.body);
  res.json(await areas.setCommuneTargets(code, input, actorOf(req)));
});

areaRoutes.put('/:code/programme', requireRole('admin', 'official'), async (req, res) => {
  const { code } = parse(areaCodeParams, req.params);
  const input = parse(setProgrammeBody, req.body);
  res.json(await areas.setProvinceProgramme(code, input, actorOf(req)));
});
