import type { Area } from '../../../src/areas/service';
import type { HandoverForm } from '../../../src/batches/handover-forms-shapes';
import type { Batch, Delivery, OfflinePack as ServerPack } from '../../../src/batches/shapes';
import { ApiError, json, send, type Page } from '../shared/api';
import type { ConfirmBody, FailBody } from './outbox';
import type { OfflinePack, PackBatch, PackDelivery } from './pack';

// The installer's calls to the API (through shared/api.ts, the only code that calls fetch).
// The offline pack is GET /deliveries/offline-pack; a server older than it (answering the path as
// GET /deliveries/:id) gets the pack built from the batch, deliveries and areas, without the serials.

const idem = (key: string) => ({ 'Idempotency-Key': key });

function batchOf(b: Batch | PackBatch): PackBatch {
  return {
    id: b.id,
    code: b.code,
    name: b.name,
    status: b.status,
    plannedStart: b.plannedStart,
    plannedEnd: b.plannedEnd,
  };
}

/** The pack as built from today's routes: every delivery of the batch (500 a page), commune names. */
async function packFromRoutes(batch: Batch): Promise<OfflinePack> {
  const deliveries: PackDelivery[] = [];
  for (let page = 1; ; page++) {
    const res = await json<Page<Delivery>>('GET', '/deliveries', {
      query: { batchId: batch.id, page, pageSize: 500 },
    });
    deliveries.push(...res.items);
    if (page * res.pageSize >= res.total || res.items.length === 0) break;
  }
  const communeNames: Record<string, string> = {};
  await Promise.all(
    batch.communeCodes.map(async (code) => {
      const a = await json<Area>('GET', `/areas/${code}`).catch(() => null);
      if (a) communeNames[code] = a.name;
    }),
  );
  return {
    batch: batchOf(batch),
    communeNames,
    deliveries,
    serials: null,
    generatedAt: new Date().toISOString(),
  };
}

function packOf(p: ServerPack): OfflinePack {
  const names = Object.fromEntries(p.communes.map((c) => [c.code, c.name]));
  return {
    batch: batchOf(p.batch),
    communeNames: names,
    deliveries: p.deliveries,
    serials: p.serials,
    generatedAt: p.generatedAt,
  };
}

export const installerApi = {
  myBatches: () =>
    json<Page<Batch>>('GET', '/batches', { query: { mine: true, status: 'in_progress', pageSize: 100 } }),

  async offlinePack(batch: Batch): Promise<OfflinePack> {
    try {
      return packOf(
        await json<ServerPack>('GET', '/deliveries/offline-pack', { query: { batchId: batch.id } }),
      );
    } catch (err) {
      // A server without the route answers it as GET /deliveries/:id with a bad id (400) or not at all.
      if (err instanceof ApiError && [400, 404, 405].includes(err.status)) return packFromRoutes(batch);
      throw err;
    }
  },

  delivery: (id: string) => json<PackDelivery>('GET', `/deliveries/${id}`),

  confirm: (id: string, body: ConfirmBody, key: string) =>
    json<PackDelivery>('POST', `/deliveries/${id}/confirm`, { body, headers: idem(key) }),

  fail: (id: string, body: FailBody, key: string) =>
    json<PackDelivery>('POST', `/deliveries/${id}/fail`, { body, headers: idem(key) }),

  photo: (id: string, photo: Blob, key: string) =>
    json<{ photoId: string; bytes: number }>('PUT', `/deliveries/${id}/photo`, {
      blob: photo,
      headers: idem(key),
    }),

  /** The handover record as HTML, fetched with the session (never a token in the URL). */
  handover: async (id: string) => (await send('GET', `/deliveries/${id}/handover`)).blob(),

  /** Reserves `count` numbers for blank paper forms of a batch (POST /handover-forms). */
  reserveForms: (batchId: string, count: number, key: string) =>
    json<HandoverForm>('POST', '/handover-forms', { body: { batchId, count }, headers: idem(key) }),

  /** The blank forms, printable HTML, fetched with the session. */
  blankForms: async (formId: string) => (await send('GET', `/handover-forms/${formId}/form`)).blob(),
};
