import { type Router, type Request, type Response } from 'express';
import { apiRouter } from '../http/api-router';
import { pipeline } from 'node:stream/promises';
import { text } from '../errors';
import { actorOf, requireRole } from '../http/auth';
import { parse, parseQuery } from '../http/validate';
import { confirmDelivery, failDelivery } from './completion';
import { correctDelivery, swapReceiver } from './corrections';
import {
  handoverLinkOf,
  handoverPageOf,
  handoverPdfOf,
  signedHandoverOf,
  type HandoverLinkSettings,
} from './handover';
import type { HandoverFormat } from './handover-links';
import * as deliveries from './deliveries';
import { exportDeliveries } from './deliveries-export';
import { XLSX_TYPE } from '../spreadsheets/xlsx';
import { getDeliveryPhoto, PHOTO_TYPES, putDeliveryPhoto } from './photos';
import { uploadKindOf } from '../http/upload';
import {
  confirmDeliveryBody,
  correctDeliveryBody,
  deliveryIdParams,
  failDeliveryBody,
  handoverLinkBody,
  handoverQuery,
  idempotencyKey,
  listDeliveriesQuery,
  offlinePackQuery,
  swapReceiverBody,
  worklistQuery,
} from './schemas';
import { offlinePack, worklist } from './worklist';

export const deliveryRoutes = apiRouter();

function idempotencyKeyOf(req: Request): string | undefined {
  const raw = req.get('idempotency-key');
  return raw === undefined ? undefined : parse(idempotencyKey, raw);
}

const ACTORS = ['installer', 'official', 'admin'] as const;

deliveryRoutes.get('/', requireRole(...ACTORS), async (req, res) => {
  const { format, lang, page, pageSize, ...filters } = parseQuery(listDeliveriesQuery, req.query);
  if (format === 'json') {
    res.json(await deliveries.listDeliveries({ ...filters, page, pageSize }, actorOf(req)));
    return;
  }
  const file = await exportDeliveries(filters, format, lang, actorOf(req));
  res.attachment(`danh-sach-ban-giao-${new Date().toISOString().slice(0, 10)}.${format}`);
  res.type(format === 'xlsx' ? XLSX_TYPE : 'text/csv; charset=utf-8');
  await pipeline(file, res);
});

// Before /:id, which would take "worklist" for an id.
deliveryRoutes.get('/worklist', requireRole(...ACTORS), async (req, res) => {
  res.json(await worklist(parseQuery(worklistQuery, req.query), actorOf(req)));
});

deliveryRoutes.get('/offline-pack', requireRole(...ACTORS), async (req, res) => {
  const { batchId } = parseQuery(offlinePackQuery, req.query);
  res.json(await offlinePack(batchId, actorOf(req)));
});

deliveryRoutes.get('/:id', requireRole(...ACTORS), async (req, res) => {
  const { id } = parse(deliveryIdParams, req.params);
  res.json(await deliveries.getDelivery(id, actorOf(req)));
});

deliveryRoutes.patch('/:id', requireRole(...ACTORS), async (req, res) => {
  const { id } = parse(deliveryIdParams, req.params);
  res.json(await correctDelivery(id, parse(correctDeliveryBody, req.body), actorOf(req)));
});

deliveryRoutes.post('/:id/swap-receiver', requireRole('official', 'admin'), async (req, res) => {
  const { id } = parse(deliveryIdParams, req.params);
  res.json(await swapReceiver(id, parse(swapReceiverBody, req.body), actorOf(req)));
});

deliveryRoutes.post('/:id/confirm', requireRole(...ACTORS), async (req, res) => {
  const { id } = parse(deliveryIdParams, req.params);
  const input = parse(confirmDeliveryBody, req.body);
  const key = idempotencyKeyOf(req);
  res.json(await confirmDelivery(id, input, actorOf(req), key));
});

deliveryRoutes.post('/:id/fail', requireRole(...ACTORS), async (req, res) => {
  const { id } = parse(deliveryIdParams, req.params);
  const input = parse(failDeliveryBody, req.body);
  const key = idempotencyKeyOf(req);
  res.json(await failDelivery(id, input, actorOf(req), key));
});

deliveryRoutes.put('/:id/photo', requireRole(...ACTORS), async (req, res) => {
  const { id } = parse(deliveryIdParams, req.params);
  const type = uploadKindOf(
    req,
    Object.fromEntries(PHOTO_TYPES.map((t) => [t, t])),
    text('Hãy gửi ảnh JPEG, PNG hoặc WebP', 'Send the photo as image/jpeg, image/png or image/webp'),
  );
  res.status(201).json(await putDeliveryPhoto(id, type, req, actorOf(req)));
});

deliveryRoutes.get('/:id/photo', requireRole(...ACTORS), async (req, res) => {
  const { id } = parse(deliveryIdParams, req.params);
  const photo = await getDeliveryPhoto(id, actorOf(req));
  res.type(photo.type);
  await pipeline(photo.stream, res);
});

/**
 * The handover record, HTML or PDF: with the session (bearer), or through a signed link made by
 * POST /:id/handover-link (`expires` and `signature` in the query: no session token in a URL).
 */
export function handoverRoutes(settings: HandoverLinkSettings): Router {
  const routes = apiRouter();
  const send = (format: HandoverFormat) => async (req: Request, res: Response) => {
    const { id } = parse(deliveryIdParams, req.params);
    const signed = parseQuery(handoverQuery, req.query);
    let body: string | Buffer;
    if (signed.signature !== undefined || signed.expires !== undefined) {
      const link = { id, format, expires: signed.expires ?? 0, signature: signed.signature ?? '' };
      body = await signedHandoverOf(link, settings);
    } else {
      const actor = actorOf(req);
      requireRole(...ACTORS)(req, res, () => undefined);
      body = format === 'pdf' ? await handoverPdfOf(id, actor) : await handoverPageOf(id, actor);
    }
    res.setHeader('Cache-Control', 'private, no-store');
    if (format === 'pdf') {
      res.type('application/pdf');
      res.setHeader('Content-Disposition', `inline; filename="bien-ban-ban-giao-${id}.pdf"`);
    } else res.type('text/html; charset=utf-8');
    res.send(body);
  };
  routes.get('/:id/handover', send('html'));
  routes.get('/:id/handover.pdf', send('pdf'));
  routes.post('/:id/handover-link', requireRole(...ACTORS), async (req, res) => {
    const { id } = parse(deliveryIdParams, req.params);
    const { format } = parse(handoverLinkBody, req.body ?? {});
    res.status(201).json(await handoverLinkOf(id, format, actorOf(req), settings));
  });
  return routes;
}
