import { operation, type PathItems } from '../openapi/describe';
import { EXPORT_COLUMNS } from './export';
import { IMPORT_COLUMNS } from './import-columns';
import { HouseholdImportReportShape, HouseholdPageShape } from './shapes';
import { XLSX_TYPE } from '../spreadsheets/xlsx';
import {
  approveBody,
  editHouseholdBody,
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

const READERS = ['admin', 'official', 'commune_staff'] as const;
const REVIEWERS = ['admin', 'official'] as const;

const transition = (
  summary: string,
  body: Parameters<typeof operation>[0]['body'],
  roles: readonly ('admin' | 'official' | 'commune_staff')[],
) =>
  operation({
    summary,
    roles,
    params: householdIdParams,
    body,
    responses: { 200: 'Household' },
    errors: [404, 409, 422],
  });

export const householdApiPaths: PathItems = {
  '/': {
    post: operation({
      summary:
        'Register a household in the actor’s commune (eligibility computed, possible duplicates flagged)',
      description: 'An identical national ID anywhere is 409 naming the existing household and its commune.',
      roles: ['commune_staff', 'admin'],
      body: registerHouseholdBody,
      responses: { 201: 'Household' },
      errors: [404, 409, 422],
    }),
    get: operation({
      summary:
        'Households in the actor’s area; filters, search by head name (with or without diacritics) or ID',
      description:
        'Order (`sort`): `createdAt` oldest first (the default with `status=registered`: the review queue), ' +
        '`-createdAt` newest first (the default otherwise), `headName` by head name, `village` by commune, ' +
        'village and head name, `commune` by commune then oldest first. Filters are flat equalities: ' +
        '`areaCode` (a commune, or a district or province inside the actor’s area; outside it the list is ' +
        'empty), `village`, `status`, `eligible=true|false` (ineligible households in their own tab), ' +
        '`duplicate=true` (flagged possible duplicates awaiting review; the same as `needsDuplicateReview`). ' +
        'Each item adds to the household `communeName`, `eligibilityReasons` (each reason as a code and in ' +
        'Vietnamese and English words) and `duplicate: {flagged, householdIds}`. ' +
        'National IDs are masked for installers. `total` counts the matches exactly within one commune; a ' +
        'wider list (a district, the province) counts up to 1,000 and then answers `total: 1000` with ' +
        '`totalCapped: true` ("Hơn 1.000 hộ"): counting every match of a province grows with the province.\n\n' +
        'With `format=csv`: every matching household (no paging) as a CSV download (UTF-8 with BOM, CRLF), ' +
        'by commune, village and head name. `lang=vi` (default) gives Vietnamese headers and values ' +
        '(Nghèo, Có/Không…), `lang=en` the English keys and API values. National IDs are whole for commune ' +
        'staff and admins; officials get the last four digits unless `includeNationalId=true`, which is ' +
        "audited (`households.exported`). Dates are ISO 8601 on Vietnam's clock with the offset " +
        '(2026-04-01T03:30:00+07:00).\n\n' +
        'With `format=xlsx`: the same rows and columns as an .xlsx workbook (one sheet, streamed), with the ' +
        'household id, area codes, national ID, phone and certificate number stored as text (Excel keeps ' +
        'leading zeros), years and counts as numbers, and `registered_at`/`approved_at` as dates in Vietnam ' +
        'time (UTC+7, shown dd/mm/yyyy hh:mm). Columns, in order:\n\n' +
        EXPORT_COLUMNS.map((c) => `- \`${c.key}\` — ${c.vi}`).join('\n'),
      roles: READERS,
      query: listHouseholdsQuery,
      responses: { 200: HouseholdPageShape },
      alsoProduces: ['text/csv', XLSX_TYPE],
    }),
  },
  '/import': {
    post: operation({
      summary: 'Import a commune’s survey list (CSV or .xlsx) — or with dryRun=true only check it',
      description:
        'The file is the raw request body (at most 50 MB): CSV in UTF-8 (with or without BOM) or ' +
        'Windows-1258 (Vietnamese Excel’s "CSV"), separated by commas, semicolons or tabs; or the first ' +
        'worksheet of an .xlsx workbook. The header row (found among the first ten rows) names columns in ' +
        'Vietnamese or English, with or without diacritics; unknown columns are ignored and listed. ' +
        'Row numbers in the report are the spreadsheet’s (header = row 1). Rows that are no household are ' +
        'skipped and listed in `skipped` (not rejected): column numbers under the header ("(1) (2) (3)…"), ' +
        'totals ("Tổng cộng: 25 hộ"), the place and date line ("…, ngày … tháng … năm …"), signature rows ' +
        '("Người lập biểu", "TM. UBND XÃ", "CHỦ TỊCH", "(Ký, ghi rõ họ tên)") and, below them, rows without a ' +
        'national ID (the signers’ names). A full birth date (12/03/1968 or an Excel date) gives the birth ' +
        'year; a landline is accepted as the phone. A national ID registered in this commune is reported in ' +
        '`alreadyRegistered` ("đã đăng ký", with the household and commune), so importing the same file ' +
        'twice creates nothing and rejects nothing new; one repeated in the file, or registered in another ' +
        'commune, rejects the row naming the earlier row or the household and its commune. Valid rows that ' +
        'are not eligible are listed by row in `ineligibleRows` with the reasons. Commune staff import into their own ' +
        'commune (the default), officials into the communes of their area. Template columns:\n\n' +
        IMPORT_COLUMNS.map(
          (c) => `- **${c.vi}** / \`${c.field}\`${c.required ? ' (required)' : ''}: ${c.accepts}`,
        ).join('\n'),
      roles: ['commune_staff', 'official', 'admin'],
      query: importHouseholdsQuery,
      rawBody: {
        contentTypes: ['text/csv', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'],
        description: 'The survey list file itself (not multipart)',
      },
      responses: { 200: HouseholdImportReportShape },
      errors: [404, 422],
    }),
  },
  '/import/template': {
    get: operation({
      summary:
        'The import template (CSV, or .xlsx with format=xlsx): the header row and one example household',
      description:
        'With `format=xlsx`: a workbook whose "Danh sách" sheet has the header (required columns marked *) and ' +
        'the example row, the national ID, phone and certificate columns formatted as text (so Excel keeps ' +
        'leading zeros of what the clerk types), and a "Hướng dẫn" sheet explaining each column. ' +
        '`format=csv` (default): the header and example as CSV (UTF-8 with BOM).',
      roles: READERS,
      query: importTemplateQuery,
      responses: { 200: { type: 'string' } },
      produces: 'text/csv',
      alsoProduces: [XLSX_TYPE],
    }),
  },
  '/{id}': {
    get: operation({
      summary: 'One household with its status history',
      roles: READERS,
      params: householdIdParams,
      responses: { 200: 'HouseholdWithHistory' },
      errors: [404],
    }),
    patch: operation({
      summary:
        'Edit a household (optimistic concurrency: send the version you read; stale → 409 with currentVersion)',
      roles: ['commune_staff', 'admin'],
      params: householdIdParams,
      body: editHouseholdBody,
      responses: { 200: 'Household' },
      errors: [404, 409, 422],
    }),
  },
  '/{id}/approve': { post: transition('Approve an eligible registered household', approveBody, REVIEWERS) },
  '/{id}/reject': {
    post: transition(
      'Reject with a reason (optionally as a duplicate of another household)',
      rejectBody,
      REVIEWERS,
    ),
  },
  '/{id}/withdraw': {
    post: transition('Withdraw (moved, deceased, duplicate…) with a reason', withdrawBody, [
      'admin',
      'official',
      'commune_staff',
    ]),
  },
  '/{id}/reopen': { post: transition('Reopen a rejected household after correction', reopenBody, REVIEWERS) },
  '/{id}/duplicates': {
    get: operation({
      summary: 'A household and its possible duplicates side by side, with the fields that differ',
      description:
        'The flagged households the actor may see, as full records (with commune name and reasons in ' +
        'words); those outside the actor’s area are only counted (`outOfScope`). Resolve with ' +
        '`POST /households/{id}/not-duplicate` or `POST /households/{id}/reject` with `duplicateOf`.',
      roles: REVIEWERS,
      params: householdIdParams,
      responses: { 200: 'HouseholdDuplicates' },
      errors: [404],
    }),
  },
  '/{id}/not-duplicate': {
    post: operation({
      summary: 'Clear the possible-duplicate flag after comparing (version-checked, audited)',
      description:
        'Only for a household awaiting review. Audited as `household.duplicate_cleared`; the household can then ' +
        'be approved singly or in bulk. Sent again once cleared, it answers the household unchanged. A stale ' +
        '`version` is 409 with `currentVersion`.',
      roles: REVIEWERS,
      params: householdIdParams,
      body: notDuplicateBody,
      responses: { 200: 'Household' },
      errors: [404, 409, 422],
    }),
  },
};
