import { Router } from 'express';
import { actorOf, requireRole } from '../http/auth';
import { parse } from '../http/validate';
import * as review from './review';
import {
  approveBody,
  editHouseholdBody,
  householdIdParams,
  listHouseholdsQuery,
  registerHouseholdBody,
  rejectBody,
  reopenBody,
  withdrawBody,
} from './schemas';
import * as households from './service';

export const householdRoutes = Router();

const READERS = ['admin', 'official', 'commune_staff'] as const;

householdRoutes.post('/', requireRole('commune_staff', 'admin'), async (req, res) => {
  const input = parse(registerHouseholdBody, req.body);
  res.status(201).json(await households.registerHousehold(input, actorOf(req)));
});

householdRoutes.get('/', requireRole(...READERS), async (req, res) => {
  const {
    format: _format,
    lang: _lang,
    includeNationalId: _include,
    ...input
  } = parse(listHouseholdsQuery, req.query);
  res.json(await households.listHouseholds(input, actorOf(req)));
});

householdRoutes.get('/:id', requireRole(...READERS), async (req, res) => {
  const { id } = parse(householdIdParams, req.params);
  res.json(await households.getHousehold(id, actorOf(req)));
});

householdRoutes.patch('/:id', requireRole('commune_staff', 'admin'), async (req, res) => {
  const { id } = parse(householdIdParams, req.params);
  const input = parse(editHouseholdBody, req.body);
  res.json(await households.editHousehold(id, input, actorOf(req)));
});

householdRoutes.post('/:id/approve', requireRole('official', 'admin'), async (req, res) => {
  const { id } = parse(householdIdParams, req.params);
  res.json(await review.approveHousehold(id, parse(approveBody, req.body), actorOf(req)));
});

householdRoutes.post('/:id/reject', requireRole('official', 'admin'), async (req, res) => {
  const { id } = parse(householdIdParams, req.params);
  res.json(await review.rejectHousehold(id, parse(rejectBody, req.body), actorOf(req)));
});

householdRoutes.post('/:id/withdraw', requireRole('official', 'admin', 'commune_staff'), async (req, res) => {
  const { id } = parse(householdIdParams, req.params);
  res.json(await review.withdrawHousehold(id, parse(withdrawBody, req.body), actorOf(req)));
});

householdRoutes.post('/:id/reopen', requireRole('official', 'admin'), async (req, res) => {
  const { id } = parse(householdIdParams, req.params);
  res.json(await review.reopenHousehold(id, parse(reopenBody, req.body), actorOf(req)));
});
