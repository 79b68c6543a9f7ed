import { operation, page, type PathItems } from '../openapi/describe';
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
      description: 'Newest first. National IDs are masked for installers.',
      roles: READERS,
      query: listHouseholdsQuery,
      responses: { 200: page('Household') },
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
};
