import { Router } from 'express';
import { actorOf, anyRole, requireRole } from '../http/auth';
import { parse, parseQuery } from '../http/validate';
import { areaCodeParams, listAreasQuery, setProgrammeBody, setTargetsBody } from './schemas';
import * as areas from './service';

export const areaRoutes = Router();

areaRoutes.get('/', anyRole, async (req, res) => {
  res.json(await areas.listAreas(parseQuery(listAreasQuery, req.query)));
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
