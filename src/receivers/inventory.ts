import * as audit from '../audit/service';
import { ConflictError, NotFoundError, text } from '../errors';
import { findOneByKey } from '../database/bulk-reads';
import { withLock } from '../database/locks';
import { findPage } from '../database/postgres-reads';
import type { Actor } from '../users/roles';
import { escapeRegExp } from '../vietnamese';
import { receiverLockKey } from './allocation';
import { countReceiverMoves, kindOf } from './counters';
import { ReceiverModel } from './model';
import { normalizeSerial } from './receiver-fields';
import type { ReceiverType } from '../receiver-types';
import { receiverEntity, toReceiver, type Receiver, type StoredReceiver } from './receiver';
import { nextReceiverStatus, type ReceiverStatus } from './status';

// The province's stock as officials see and keep it: listing, one receiver, and marking a receiver
// defective or lost (and back in stock once repaired). Officials, at province or district level,
// see their province's stock only; another province's receiver answers 404 so serials cannot be probed.

export interface ListReceiversInput {
  status?: ReceiverStatus;
  type?: ReceiverType;
  batchId?: string;
  provinceCode?: string;
  lot?: string;
  supplier?: string;
  /** A prefix of the serial, in any case. */
  serial?: string;
  page: number;
  pageSize: number;
}

export const STOCK_ACTIONS = ['mark_defective', 'mark_lost', 'repair'] as const;
export type StockAction = (typeof STOCK_ACTIONS)[number];

export interface ChangeReceiverInput {
  action: StockAction;
  reason: string;
  /** When given, the change applies only to this version (the one the official looked at). */
  version?: number;
}

const PAST: Record<StockAction, string> = {
  mark_defective: 'marked_defective',
  mark_lost: 'marked_lost',
  repair: 'repaired',
};

/** The province whose stock the actor sees; null for an admin (every province). */
function stockOf(actor: Actor): string | null {
  return actor.role === 'admin' ? null : (actor.scope?.provinceCode ?? '');
}

const receiverNotFound = (serial: string) =>
  new NotFoundError(text(`Không tìm thấy đầu thu ${serial}`, `No receiver ${serial}`));

async function loadInStock(serial: string, actor: Actor): Promise<StoredReceiver> {
  const r = await findOneByKey<StoredReceiver>(ReceiverModel, 'serial', serial);
  const own = stockOf(actor);
  if (!r || (own !== null && r.provinceCode !== own)) throw receiverNotFound(serial);
  return r;
}

export async function listReceivers(input: ListReceiversInput, actor: Actor) {
  const own = stockOf(actor);
  const empty = { items: [] as Receiver[], total: 0, page: input.page, pageSize: input.pageSize };
  if (own !== null && input.provinceCode && input.provinceCode !== own) return empty;
  const filter: Record<string, unknown> = {};
  const provinceCode = own ?? input.provinceCode;
  if (provinceCode) filter.provinceCode = provinceCode;
  if (input.status) filter.status = input.status;
  if (input.type) filter.type = input.type;
  if (input.batchId) filter.batchId = input.batchId;
  if (input.lot) filter.lot = input.lot;
  if (input.supplier) filter.supplier = input.supplier;
  if (input.serial) filter.serial = { $regex: `^${escapeRegExp(normalizeSerial(input.serial))}` };
  // One SQL query for the page and one count on the embedded default (findPage): through FerretDB,
  // which decodes every matching document to sort and count them, a province's 40,250 receivers took
  // 6.8 s for the first page and 6.0 s for the total.
  const { docs, total } = await findPage<StoredReceiver>(ReceiverModel, {
    filter,
    sort: { serial: 1 },
    skip: (input.page - 1) * input.pageSize,
    limit: input.pageSize,
  });
  return { items: docs.map(toReceiver), total, page: input.page, pageSize: input.pageSize };
}

export async function getReceiver(serial: string, actor: Actor): Promise<Receiver> {
  return toReceiver(await loadInStock(normalizeSerial(serial), actor));
}

const changedMeanwhile = (currentVersion: number) =>
  new ConflictError(
    text('Đầu thu vừa được thay đổi; hãy tải lại', 'The receiver was changed meanwhile; reload it'),
    { currentVersion },
  );

/**
 * Marks a receiver defective or lost (it leaves its batch, if any), or back in stock once repaired.
 * RuleViolationError when its status does not allow the action; ConflictError for a stale version.
 */
export async function changeReceiverStatus(
  rawSerial: string,
  input: ChangeReceiverInput,
  actor: Actor,
): Promise<Receiver> {
  const serial = normalizeSerial(rawSerial);
  return withLock(receiverLockKey(serial), async () => {
    const before = await loadInStock(serial, actor);
    if (input.version !== undefined && input.version !== before.version)
      throw changedMeanwhile(before.version);
    const to = nextReceiverStatus(before.status, input.action);
    const doc = await ReceiverModel.findOneAndUpdate(
      { serial, status: before.status, version: before.version },
      { $set: { status: to, statusReason: input.reason, batchId: null }, $inc: { version: 1 } },
      { returnDocument: 'after' },
    ).lean();
    if (!doc) {
      // Without locks (MongoDB) another request changed it between our read and write: its update won.
      const current = await ReceiverModel.findOne({ serial }, { version: 1 }).lean();
      throw changedMeanwhile(current?.version ?? before.version);
    }
    await countReceiverMoves([{ ...kindOf(doc), from: before.status, to: doc.status }]);
    await audit.record(actor, `receiver.${PAST[input.action]}`, receiverEntity(serial, doc.provinceCode), {
      before: { status: before.status, batchId: before.batchId ?? null, version: before.version },
      after: { status: doc.status, batchId: null, version: doc.version, statusReason: input.reason },
    });
    return toReceiver(doc);
  });
}
