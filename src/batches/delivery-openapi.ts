import { DELIVERY_EXPORT_COLUMNS } from './deliveries-export';
import { operation, type PathItems } from '../openapi/describe';
import { int, MANAGERS, pageOf, str } from './openapi';
import {
  confirmDeliveryBody,
  correctDeliveryBody,
  deliveryIdParams,
  failDeliveryBody,
  handoverLinkBody,
  handoverQuery,
  listDeliveriesQuery,
  offlinePackQuery,
  swapReceiverBody,
  worklistQuery,
} from './schemas';
import { DeliveryShape, OfflinePackShape, WorklistShape } from './shapes';

// The OpenAPI paths of /deliveries (delivery-routes.ts): the list and its export, the worklist and
// offline pack, one delivery's corrections and endings, its photo, and its handover record.

const ACTORS = ['installer', 'official', 'admin'] as const;

const delivery = DeliveryShape;

const IDEMPOTENT =
  'Send an Idempotency-Key header (8–100 characters) to make retries safe: a retry gets the first answer; the same key with a different body is 409. ' +
  'Without a key, repeating the same ending (same serial, or same reason) also returns the first result.';

const DELIVERY_EXPORT_DESCRIPTION =
  '`format=csv|xlsx` (officials and admins; installers 403): every delivery matching the filters, no paging, ' +
  'for acceptance and payment; `lang=vi` Vietnamese headers, `lang=en` the keys. National ID, phone, serial ' +
  'and handover number are text cells in the .xlsx; dates in Vietnam time (.xlsx) or ISO 8601 with the +07:00 offset (CSV). ' +
  'Columns:\n\n' +
  DELIVERY_EXPORT_COLUMNS.map((c) => `- \`${c.en}\` — ${c.vi}`).join('\n');

export const deliveryApiPaths: PathItems = {
  '/': {
    get: operation({
      summary: 'Deliveries in the actor’s area (installers: of their batches)',
      description: DELIVERY_EXPORT_DESCRIPTION,
      roles: ACTORS,
      query: listDeliveriesQuery,
      responses: { 200: pageOf(delivery) },
      errors: [403],
      alsoProduces: ['text/csv', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'],
    }),
  },
  '/worklist': {
    get: operation({
      summary:
        'The worklist of a batch (installers: of their batches in progress), by commune name and village, with counts by status',
      description:
        '`areaCode` keeps one commune (or district); `village` one village; `q` matches part of the head’s name ' +
        '(with or without diacritics: "hoa" finds "Hoà") or of the address; `status` one delivery status ' +
        '(all when absent). Officials name the batch (`batchId`).',
      roles: ACTORS,
      query: worklistQuery,
      responses: { 200: WorklistShape },
      errors: [404],
    }),
  },
  '/offline-pack': {
    get: operation({
      summary:
        'Everything a phone keeps to work one batch offline: the batch, its communes, its deliveries with household details, the serials still allocated',
      description:
        'National IDs are masked to the last four digits for installers. Store `generatedAt` to show the last sync.',
      roles: ACTORS,
      query: offlinePackQuery,
      responses: { 200: OfflinePackShape },
      errors: [404],
    }),
  },
  '/{id}': {
    get: operation({
      summary: 'One delivery',
      roles: ACTORS,
      params: deliveryIdParams,
      responses: { 200: delivery },
      errors: [404],
    }),
    patch: operation({
      summary: 'Correct a delivered record: recipient name, ID digits, relation, notes',
      description:
        'An official any time; the installer of the batch within 24 hours of the handover (422 after). ' +
        '`version` must be the current one (409). The photo is replaced with PUT /deliveries/{id}/photo. Audited with before/after.',
      roles: ACTORS,
      params: deliveryIdParams,
      body: correctDeliveryBody,
      responses: { 200: delivery },
      errors: [404, 409, 422],
    }),
  },
  '/{id}/swap-receiver': {
    post: operation({
      summary: 'Bind another receiver of the same batch to a delivered household (officials only)',
      description:
        'The new serial must be allocated to the delivery’s batch (409 otherwise); the old receiver becomes ' +
        '`oldReceiverStatus` (allocated to the batch again, defective or lost). A receiver stays installed at one ' +
        'household at most. Version-checked, audited.',
      roles: MANAGERS,
      params: deliveryIdParams,
      body: swapReceiverBody,
      responses: { 200: delivery },
      errors: [404, 409, 422],
    }),
  },
  '/{id}/confirm': {
    post: operation({
      summary: 'Confirm the handover with the scanned serial (allocated to the same batch)',
      description:
        IDEMPOTENT +
        ' When `recipientIdLast4` is not the end of the head’s ID, `recipientRelation` is required (422 otherwise). ' +
        '`capturedAt` (device time) becomes `deliveredAt` when not in the future (5 minutes’ skew) nor before the batch started; else server time. ' +
        '`deliveredAt`, typed from a paper record, is checked the same way (400). A batch started before its planned start accepts confirmations.',
      roles: ACTORS,
      params: deliveryIdParams,
      body: confirmDeliveryBody,
      responses: { 200: delivery },
      errors: [404, 409, 422],
    }),
  },
  '/{id}/fail': {
    post: operation({
      summary:
        'Record a failed visit: a temporary reason keeps the delivery pending for a revisit (attempt counted); a permanent one ends it and withdraws the household',
      description:
        IDEMPOTENT +
        ' A temporary failure sent again without a key is a new attempt (a revisit). `capturedAt` (device time) dates the attempt when plausible.',
      roles: ACTORS,
      params: deliveryIdParams,
      body: failDeliveryBody,
      responses: { 200: delivery },
      errors: [404, 409, 422],
    }),
  },
  '/{id}/photo': {
    put: operation({
      summary: 'Attach the handover photo (JPEG, PNG or WebP, at most 5 MB; replaces an earlier one)',
      roles: ACTORS,
      params: deliveryIdParams,
      rawBody: { contentTypes: ['image/jpeg', 'image/png', 'image/webp'], description: 'The image file' },
      responses: { 201: { type: 'object', properties: { photoId: str, bytes: int } } },
      errors: [404, 422],
    }),
    get: operation({
      summary: 'The handover photo',
      roles: ACTORS,
      params: deliveryIdParams,
      responses: { 200: { type: 'string', format: 'binary' } },
      produces: 'image/jpeg',
      alsoProduces: ['image/png', 'image/webp'],
      errors: [404],
    }),
  },
};

const SIGNED =
  'With the session (bearer), or with `expires` and `signature` from POST /deliveries/{id}/handover-link ' +
  '(no session needed until it expires; 401 after). The head’s national ID is shown whole: the household signs this record.';

export const handoverApiPaths: PathItems = {
  '/{id}/handover': {
    get: operation({
      summary:
        'The printable handover record (biên bản bàn giao, A4, Vietnamese) of a delivered household, numbered Số …/BB-BG',
      description: SIGNED,
      roles: ACTORS,
      params: deliveryIdParams,
      query: handoverQuery,
      responses: { 200: { type: 'string' } },
      produces: 'text/html',
      errors: [404, 422],
    }),
  },
  '/{id}/handover.pdf': {
    get: operation({
      summary: 'The same handover record as a PDF (A4, DejaVu Serif embedded)',
      description: SIGNED,
      roles: ACTORS,
      params: deliveryIdParams,
      query: handoverQuery,
      responses: { 200: { type: 'string', format: 'binary' } },
      produces: 'application/pdf',
      errors: [404, 422],
    }),
  },
  '/{id}/handover-link': {
    post: operation({
      summary:
        'A short-lived signed link (at most 10 minutes) that opens this one handover record, HTML or PDF',
      roles: ACTORS,
      params: deliveryIdParams,
      body: handoverLinkBody,
      responses: {
        201: { type: 'object', properties: { url: str, expiresAt: { type: 'string', format: 'date-time' } } },
      },
      errors: [404, 422],
    }),
  },
};
