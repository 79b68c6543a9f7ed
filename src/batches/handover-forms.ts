import { randomUUID } from 'node:crypto';
import * as areas from '../areas/service';
import * as audit from '../audit/service';
import { findEach } from '../database/bulk-reads';
import { ConflictError, NotFoundError, RuleViolationError, text } from '../errors';
import { withLock } from '../database/locks';
import type { Actor } from '../users/roles';
import * as users from '../users/service';
import { renderBlankHandoverPage, renderBlankHandoverPdf, type BlankFormFacts } from './handover-blank';
import { DeliveryModel } from './delivery-model';
import { HandoverFormModel, PaperNumberModel } from './handover-forms-model';
import type { HandoverForm } from './handover-forms-shapes';
import { reserveHandoverNumbers } from './handover-numbers';
import { onceForKey, requestHash } from './idempotency';
import { loadBatch } from './service';
import { assertBatchAllows } from './status';

// Blank handover forms (issue 12, item 7; DESIGN §14): an installer of an in-progress batch, or an
// official, reserves the next numbers of the province/year sequence (the one confirmations use, so a
// reserved number is never given to a confirmation), prints the blank forms for paper use, and types
// the paper's number at confirmation (`paperHandoverNumber`): the delivery then carries that number.

export interface ReserveFormsInput {
  batchId: string;
  count: number;
}

export type { HandoverForm } from './handover-forms-shapes';

type StoredForm = { _id: string; batchId: string; numbers: string[]; reservedBy: string; createdAt: Date };

const formNotFound = (id: string) =>
  new NotFoundError(text(`Không tìm thấy biên bản trắng ${id}`, `No blank handover form ${id}`));

async function toForm(f: StoredForm, batchCode: string): Promise<HandoverForm> {
  const used = await findEach(f.numbers, (n) => PaperNumberModel.find({ _id: n }, { deliveryId: 1 }).lean());
  const byNumber = new Map(used.map((u) => [String(u._id), u.deliveryId ?? null]));
  return {
    id: f._id,
    batchId: f.batchId,
    batchCode,
    numbers: f.numbers.map((number) => ({ number, deliveryId: byNumber.get(number) ?? null })),
    reservedBy: f.reservedBy,
    reservedAt: f.createdAt.toISOString(),
  };
}

/** Reserves `count` numbers for blank forms of a batch; a retry with the same key gets the same numbers. */
export async function reserveHandoverForms(
  input: ReserveFormsInput,
  actor: Actor,
  idempotencyKey?: string,
): Promise<HandoverForm> {
  const batch = await loadBatch(input.batchId, actor);
  // An installer prints forms for the work in hand; an official also ahead of the start.
  assertBatchAllows(batch.status, actor.role === 'installer' ? 'deliver' : 'edit');
  // Always locked (MongoDB too): two parallel retries must not reserve twice.
  return withLock(
    `handover-forms:${actor.id}:${input.batchId}`,
    () =>
      onceForKey(actor, idempotencyKey, requestHash('handover-forms', input.batchId, input), async () => {
        const numbers = await reserveHandoverNumbers(batch.provinceCode, new Date(), input.count);
        const id = randomUUID();
        await PaperNumberModel.insertMany(
          numbers.map((n) => ({ _id: n, batchId: input.batchId, formId: id, deliveryId: null })),
        );
        const form = await HandoverFormModel.create({
          _id: id,
          batchId: input.batchId,
          provinceCode: batch.provinceCode,
          numbers,
          reservedBy: actor.id,
        });
        await audit.record(
          actor,
          'handover_form.reserved',
          { type: 'handover_form', id, area: { provinceCode: batch.provinceCode } },
          { after: { batchId: input.batchId, batchCode: batch.code, numbers } },
        );
        return toForm(form.toObject() as StoredForm, batch.code);
      }),
    { always: true },
  );
}

async function loadForm(id: string, actor: Actor) {
  const form = (await HandoverFormModel.findById(id).lean()) as StoredForm | null;
  if (!form) throw formNotFound(id);
  const batch = await loadBatch(form.batchId, actor).catch(() => {
    throw formNotFound(id);
  });
  return { form, batch };
}

export async function getHandoverForm(id: string, actor: Actor): Promise<HandoverForm> {
  const { form, batch } = await loadForm(id, actor);
  return toForm(form, batch.code);
}

/** The blank forms reserved for a batch, newest first. */
export async function listHandoverForms(batchId: string, actor: Actor): Promise<{ items: HandoverForm[] }> {
  const batch = await loadBatch(batchId, actor);
  const forms = (await HandoverFormModel.find({ batchId }).sort({ createdAt: -1 }).lean()) as StoredForm[];
  return { items: await Promise.all(forms.map((f) => toForm(f, batch.code))) };
}

async function blankFactsOf(id: string, actor: Actor): Promise<BlankFormFacts> {
  const { form, batch } = await loadForm(id, actor);
  const [province, communes, reserver] = await Promise.all([
    areas.findArea(batch.provinceCode),
    Promise.all(batch.communeCodes.map((c) => areas.findArea(c))),
    users.accountsOf([form.reservedBy]).then((a) => a.get(form.reservedBy) ?? null),
  ]);
  return {
    numbers: form.numbers,
    provinceName: province?.name ?? batch.provinceCode,
    communeNames: communes.map((c, i) => c?.name ?? batch.communeCodes[i]),
    batchCode: batch.code,
    batchName: batch.name,
    receiverType: batch.receiverType,
    installerName: reserver?.role === 'installer' ? reserver.fullName : null,
  };
}

/** The blank forms as one printable HTML page per number. */
export async function blankFormPageOf(id: string, actor: Actor): Promise<string> {
  return renderBlankHandoverPage(await blankFactsOf(id, actor));
}

export async function blankFormPdfOf(id: string, actor: Actor): Promise<Buffer> {
  return renderBlankHandoverPdf(await blankFactsOf(id, actor));
}

/**
 * At confirmation: the paper number typed by the installer must be one reserved for the delivery's
 * batch and not used for another household; it is then held for this delivery (a retry keeps it).
 * `work` runs with the number held; if it fails the number is free again.
 */
export async function withPaperNumber<T>(
  number: string | null | undefined,
  d: { _id: unknown; batchId: string; status: string },
  work: () => Promise<T>,
): Promise<T> {
  if (!number || d.status !== 'pending') return work();
  const deliveryId = String(d._id);
  await withLock(`paper-number:${number}`, async () => {
    const paper = await PaperNumberModel.findById(number).lean();
    if (!paper || paper.batchId !== d.batchId) {
      throw new RuleViolationError(
        text(
          `Số biên bản giấy ${number} không phải số đã giữ cho đợt lắp đặt này; hãy xem lại số in trên biên bản, hoặc để trống ô này`,
          `Paper handover number ${number} was not reserved for this batch`,
        ),
        { field: 'paperHandoverNumber' },
      );
    }
    if (paper.deliveryId && paper.deliveryId !== deliveryId) {
      throw new ConflictError(
        text(
          `Số biên bản giấy ${number} đã dùng cho hộ khác; mỗi tờ biên bản chỉ dùng cho một hộ`,
          `Paper handover number ${number} was already used for another delivery`,
        ),
        { field: 'paperHandoverNumber', deliveryId: paper.deliveryId },
      );
    }
    await PaperNumberModel.updateOne({ _id: number }, { $set: { deliveryId, usedAt: new Date() } });
  });
  try {
    return await work();
  } catch (err) {
    // Free again unless the delivery was stored with it (a later step failed: a retry finishes it).
    const now = await DeliveryModel.findById(d._id, { handoverNumber: 1 }).lean();
    if (now?.handoverNumber !== number)
      await withLock(`paper-number:${number}`, () =>
        PaperNumberModel.updateOne({ _id: number, deliveryId }, { $set: { deliveryId: null, usedAt: null } }),
      );
    throw err;
  }
}
