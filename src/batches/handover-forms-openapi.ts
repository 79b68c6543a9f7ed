import { operation, type PathItems } from '../openapi/describe';
import { formIdParams, listFormsQuery, reserveFormsBody } from './handover-forms-schemas';
import { HandoverFormListShape, HandoverFormShape } from './handover-forms-shapes';

const ACTORS = ['installer', 'official', 'admin'] as const;

export const handoverFormApiPaths: PathItems = {
  '/': {
    post: operation({
      summary: 'Reserve the next handover numbers (Số …/BB-BG) for blank paper forms of a batch (1–50)',
      description:
        'An installer of an in-progress batch, or an official (planned or in-progress batch). The numbers come from the ' +
        'province/year sequence that confirmations use, so a reserved number is never given to a confirmation. ' +
        'With the same `Idempotency-Key` a retry answers the same numbers. Audited (handover_form.reserved). ' +
        'Type a number later as `paperHandoverNumber` when confirming: the delivery then carries it.',
      roles: ACTORS,
      body: reserveFormsBody,
      responses: { 201: HandoverFormShape },
      errors: [404, 409, 422],
    }),
    get: operation({
      summary:
        'The blank forms reserved for a batch, newest first, each number with the delivery it was used for',
      roles: ACTORS,
      query: listFormsQuery,
      responses: { 200: HandoverFormListShape },
      errors: [404],
    }),
  },
  '/{id}': {
    get: operation({
      summary: 'One reservation of blank forms',
      roles: ACTORS,
      params: formIdParams,
      responses: { 200: HandoverFormShape },
      errors: [404],
    }),
  },
  '/{id}/form': {
    get: operation({
      summary: 'The blank forms, printable A4 HTML (one page per reserved number), fetched with the session',
      roles: ACTORS,
      params: formIdParams,
      responses: { 200: { type: 'string' } },
      produces: 'text/html',
      errors: [404],
    }),
  },
  '/{id}/form.pdf': {
    get: operation({
      summary: 'The blank forms as a PDF (A4, DejaVu Serif embedded), fetched with the session',
      roles: ACTORS,
      params: formIdParams,
      responses: { 200: { type: 'string', format: 'binary' } },
      produces: 'application/pdf',
      errors: [404],
    }),
  },
};
