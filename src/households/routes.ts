import { apiRouter } from '../http/api-router';
import { streamDownload } from '../http/download';
import { actorOf, requireRole } from '../http/auth';
import { parse, parseQuery } from '../http/validate';
import { idempotencyKeyHeader } from '../jobs/schemas';
import { bulkReview } from './bulk-review';
import { exportHouseholds } from './export';
import { importHouseholds } from './import';
import { SPREADSHEET_TYPES, uploadKindOf } from '../http/upload';
import { householdImportTemplate, householdImportTemplateXlsx } from './import-template';
import * as duplicates from './duplicates-review';
import * as review from './review';
import {
  approveBody,
  bulkApproveBody,
  bulkRejectBody,
  editHouseholdBody,
  householdFieldsSchema,
  householdIdParams,
  importHouseholdsQuery,
  importTemplateQuery,
  listHouseholdsQuery,
  notDuplicateBody,
  registerHouseholdBody,
  rejectBody,
  reopenBody,
  withdrawBody,
} from './schemas';
import * as households from './service';
import { XLSX_TYPE } from '../spreadsheets/xlsx';

export const householdRoutes = apiRouter();

const READERS = ['admin', 'official', 'commune_staff'] as const;

householdRoutes.post('/', requireRole('commune_staff', 'admin'), async (req, res) => {
  const input = parse(registerHouseholdBody, req.body);
  res.status(201).json(await households.registerHousehold(input, actorOf(req)));
});

householdRoutes.get('/', requireRole(...READERS), async (req, res) => {
  const { format, lang, includeNationalId, ...input } = parseQuery(listHouseholdsQuery, req.query);
  if (format === 'json') {
    res.json(await households.listHouseholds(input, actorOf(req)));
    return;
  }
  const { page: _page, pageSize: _pageSize, ...filters } = input;
  const file = await exportHouseholds({ ...filters, lang, includeNationalId }, actorOf(req), format);
  const name = lang === 'vi' ? 'danh-sach-ho' : 'households';
  res.attachment(`${name}-${new Date().toISOString().slice(0, 10)}.${format}`);
  res.type(format === 'xlsx' ? XLSX_TYPE : 'text/csv; charset=utf-8');
  await streamDownload(res, file);
});

const IMPORT_MAX_BYTES = 50 * 1024 * 1024;

const validateRow = (row: unknown) => parse(householdFieldsSchema, row);

// The import routes come before /:id, which would take "import" for an id.
householdRoutes.post('/import', requireRole('commune_staff', 'official', 'admin'), async (req, res) => {
  const query = parseQuery(importHouseholdsQuery, req.query);
  const kind = uploadKindOf(req, SPREADSHEET_TYPES);
  const input = { ...query, kind, file: req, maxBytes: IMPORT_MAX_BYTES };
  res.json(await importHouseholds(input, { validateRow }, actorOf(req)));
});

householdRoutes.get('/import/template', requireRole(...READERS), async (req, res) => {
  const { lang, format } = parseQuery(importTemplateQuery, req.query);
  res.attachment(`${lang === 'vi' ? 'mau-danh-sach-ho' : 'household-import-template'}.${format}`);
  if (format === 'xlsx') res.type(XLSX_TYPE).send(await householdImportTemplateXlsx(lang));
  else res.type('text/csv; charset=utf-8').send(householdImportTemplate(lang));
});

// Bulk review runs as a job: 202 with the job; GET /jobs/:id shows progress and results.
for (const [action, body] of [
  ['approve', bulkApproveBody],
  ['reject', bulkRejectBody],
] as const) {
  householdRoutes.post(`/${action}`, requireRole('official', 'admin'), async (req, res) => {
    const input = parse(body, req.body);
    const rawKey = req.get('idempotency-key');
    const key = rawKey === undefined ? undefined : parse(idempotencyKeyHeader, rawKey);
    const job = await bulkReview(action, input, key, actorOf(req));
    res.status(202).location(`/api/v1/jobs/${job.id}`).json(job);
  });
}

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

// Possible duplicates side by side, and "not a duplicate" (duplicates-review.ts).
householdRoutes.get('/:id/duplicates', requireRole('official', 'admin'), async (req, res) => {
  const { id } = parse(householdIdParams, req.params);
  res.json(await duplicates.householdDuplicates(id, actorOf(req)));
});

householdRoutes.post('/:id/not-duplicate', requireRole('official', 'admin'), async (req, res) => {
  const { id } = parse(householdIdParams, req.params);
  res.json(await duplicates.clearDuplicateFlag(id, parse(notDuplicateBody, req.body), actorOf(req)));
});
