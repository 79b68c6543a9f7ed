import { jobSchema } from '../jobs/openapi';
import { operation, type PathItems } from '../openapi/describe';
import { bulkApproveBody, bulkRejectBody } from './schemas';

// Bulk review routes, kept apart from openapi.ts so each merges on its own.
const BULK_TEXT =
  'Runs as a job: answers 202 with the job (`Location: /api/v1/jobs/{id}`); poll `GET /jobs/{id}`. ' +
  'Send an `Idempotency-Key` header (8–100 of A-Z a-z 0-9 . _ : -): a retry with the same key and body ' +
  'returns the same job, and resumes it where it stopped if it failed or its process died; the same key ' +
  'with another body is 409. Each household is judged as a single review would judge it and skipped ' +
  'with a reason otherwise (ids unknown or outside your area: `not_found`). Each transition is audited ' +
  'as a single one (`household.approved` / `household.rejected`) and counted once. `filter` picks ' +
  'registered households, as the list filters them ("all matching the filter"): of `communeCodes` (at most ' +
  '100) or of every commune of `areaCode` (a commune, district or province in the actor’s area; outside it ' +
  '404), with `village`, `eligible`, `duplicate` (= `needsDuplicateReview`), flat equality filters, one ' +
  'commune at a time (a name search `q` is not a bulk filter). Each result says why a household was ' +
  'skipped in words (`message.vi`, `message.en`).';

export const householdBulkApiPaths: PathItems = {
  '/approve': {
    post: operation({
      summary: 'Approve up to 10,000 households (ids, or a filter) as one job',
      description:
        BULK_TEXT + ' Possible duplicates are skipped (`flagged_duplicate`): review them one by one.',
      roles: ['admin', 'official'],
      body: bulkApproveBody,
      responses: { 202: jobSchema },
      errors: [404, 409],
    }),
  },
  '/reject': {
    post: operation({
      summary: 'Reject up to 10,000 households (ids, or a filter) with one reason, as one job',
      description: BULK_TEXT,
      roles: ['admin', 'official'],
      body: bulkRejectBody,
      responses: { 202: jobSchema },
      errors: [404, 409],
    }),
  },
};
