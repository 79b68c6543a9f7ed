import { apiRouter } from '../http/api-router';
import { requireRole, actorOf } from '../http/auth';
import { parse, parseQuery } from '../http/validate';
import {
  blankFormPageOf,
  blankFormPdfOf,
  getHandoverForm,
  listHandoverForms,
  reserveHandoverForms,
} from './handover-forms';
import { formIdParams, listFormsQuery, reserveFormsBody } from './handover-forms-schemas';
import { idempotencyKey } from './schemas';

// /api/v1/handover-forms: blank handover forms for paper use (issue 12, item 7). The printable forms
// are fetched with the session (bearer), never a token in a URL.

export const handoverFormRoutes = apiRouter();

const ACTORS = ['installer', 'official', 'admin'] as const;

handoverFormRoutes.post('/', requireRole(...ACTORS), async (req, res) => {
  const input = parse(reserveFormsBody, req.body ?? {});
  const raw = req.get('idempotency-key');
  const key = raw === undefined ? undefined : parse(idempotencyKey, raw);
  res.status(201).json(await reserveHandoverForms(input, actorOf(req), key));
});

handoverFormRoutes.get('/', requireRole(...ACTORS), async (req, res) => {
  const { batchId } = parseQuery(listFormsQuery, req.query);
  res.json(await listHandoverForms(batchId, actorOf(req)));
});

handoverFormRoutes.get('/:id', requireRole(...ACTORS), async (req, res) => {
  const { id } = parse(formIdParams, req.params);
  res.json(await getHandoverForm(id, actorOf(req)));
});

handoverFormRoutes.get('/:id/form', requireRole(...ACTORS), async (req, res) => {
  const { id } = parse(formIdParams, req.params);
  const html = await blankFormPageOf(id, actorOf(req));
  res.setHeader('Cache-Control', 'private, no-store');
  res.type('text/html; charset=utf-8').send(html);
});

handoverFormRoutes.get('/:id/form.pdf', requireRole(...ACTORS), async (req, res) => {
  const { id } = parse(formIdParams, req.params);
  const pdf = await blankFormPdfOf(id, actorOf(req));
  res.setHeader('Cache-Control', 'private, no-store');
  res.setHeader('Content-Disposition', `inline; filename="bien-ban-trang-${id}.pdf"`);
  res.type('application/pdf').send(pdf);
});
