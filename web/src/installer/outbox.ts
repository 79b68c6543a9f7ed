import type { Delivery } from '../../../src/batches/shapes';
import type { LocalChange } from './pack';

// The outbox (README "Offline"): what the installer captured, kept on the device until the server has
// it. Each item carries the Idempotency-Key fixed when it was captured, so sending it twice (a reply
// lost on a bad line, two tabs, a restart mid-send) is one change on the server. Items go out in the
// order they were made; a refusal is kept, in words, until the installer dismisses it.

/** The bodies of POST /deliveries/:id/confirm and /fail as the device keeps them. */
export interface ConfirmBody {
  serial: string;
  recipientName: string;
  recipientIdLast4: string;
  recipientRelation?: string | null;
  deliveredAt: string;
  capturedAt: string;
  signalReceived: boolean;
  location?: { lat: number; lng: number; accuracyM?: number } | null;
  notes?: string | null;
  /** The number printed on a blank paper form used for this handover (POST /handover-forms). */
  paperHandoverNumber?: string | null;
}

export interface FailBody {
  reason: NonNullable<Delivery['failureReason']>;
  notes?: string | null;
  capturedAt: string;
}

export interface Refusal {
  status: number;
  code: string;
  message: string;
  at: string;
}

interface ItemBase {
  seq?: number;
  key: string;
  deliveryId: string;
  batchId: string;
  householdName: string;
  capturedAt: string;
  refusal?: Refusal | null;
}

export type OutboxItem =
  | (ItemBase & { kind: 'confirm'; body: ConfirmBody })
  | (ItemBase & { kind: 'fail'; body: FailBody; temporary: boolean })
  | (ItemBase & { kind: 'photo'; photo: Blob });

export interface OutboxStore {
  items(): Promise<OutboxItem[]>;
  remove(seq: number): Promise<void>;
  put(item: OutboxItem): Promise<void>;
}

export type Verdict = 'sent' | 'refused' | 'retry';

/** An answer of the server (shared/api.ts ApiError); anything else never reached it. */
interface Answer {
  status: number;
  code: string;
  message: string;
}

function answerOf(err: unknown): Answer | null {
  if (typeof err !== 'object' || err === null) return null;
  const e = err as Partial<Answer>;
  return typeof e.status === 'number' && typeof e.code === 'string' ? (e as Answer) : null;
}

/**
 * What an answer means for the item: the network or the server being down (5xx, 429, 408) and an ended
 * session (401) keep it for a retry; any other 4xx is the server refusing it for a reason to show.
 */
export function verdictOf(err: unknown): Verdict {
  if (err === null) return 'sent';
  const answer = answerOf(err);
  if (!answer) return 'retry';
  const { status } = answer;
  if (status >= 500 || status === 429 || status === 408 || status === 401) return 'retry';
  return 'refused';
}

export function localChangeOf(item: OutboxItem): LocalChange {
  const base = { deliveryId: item.deliveryId, kind: item.kind, refused: Boolean(item.refusal) };
  if (item.kind === 'confirm') return { ...base, serial: item.body.serial };
  if (item.kind === 'fail') return { ...base, reason: item.body.reason, temporary: item.temporary };
  return base;
}

export interface DrainResult {
  sent: number;
  refused: number;
  /** True when it stopped at an item to retry later (offline, server down). */
  stopped: boolean;
}

/**
 * Sends every waiting item in order. It stops at the first one to retry (order matters: a photo
 * follows its confirmation), skips refused ones, and reports each item sent.
 */
export async function drainOutbox(
  store: OutboxStore,
  deliver: (item: OutboxItem) => Promise<unknown>,
  onSent: (item: OutboxItem, answer: unknown) => Promise<void> = async () => undefined,
  now: () => Date = () => new Date(),
): Promise<DrainResult> {
  const result: DrainResult = { sent: 0, refused: 0, stopped: false };
  for (const item of await store.items()) {
    if (item.refusal || item.seq === undefined) continue;
    let answer: unknown = null;
    let error: unknown = null;
    try {
      answer = await deliver(item);
    } catch (err) {
      error = err;
    }
    const verdict = verdictOf(error);
    if (verdict === 'retry') {
      result.stopped = true;
      return result;
    }
    if (verdict === 'sent') {
      await store.remove(item.seq);
      await onSent(item, answer);
      result.sent++;
      continue;
    }
    const e = answerOf(error) ?? { status: 0, code: 'INTERNAL', message: '' };
    await store.put({
      ...item,
      refusal: { status: e.status, code: e.code, message: e.message, at: now().toISOString() },
    });
    result.refused++;
  }
  return result;
}

/** A key fixed at capture: random, and long enough to be unique across devices. */
export function newIdempotencyKey(): string {
  return `dtv-${crypto.randomUUID()}`;
}
