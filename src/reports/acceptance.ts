import * as areas from '../areas/service';
import { DeliveryModel } from '../batches/delivery-model';
import { loadBatch } from '../batches/service';
import { NotFoundError, text } from '../errors';
import { maskNationalId } from '../households/phone';
import { FAILURE_REASON_VI, isPermanentFailure } from '../batches/status';
import { ReceiverModel } from '../receivers/model';
import { isWithinScope, type Actor } from '../users/roles';
import * as users from '../users/service';
import type { AcceptanceReport } from './acceptance-shapes';
import { deliveryFacts, failedAttemptsOf } from './batch-report-figures';
import { isoOrNull as iso } from '../vietnam-time';

// The acceptance and payment papers (nghiệm thu, DESIGN §14, issue 13 item 5): per batch or per
// commune, the delivered households with serials, dates and handover numbers, the failures with
// reasons, and the totals. One scan of the batch's (or the commune's) deliveries and one of each
// batch's receivers (for the models). Read-only.

export interface AcceptanceInput {
  batchId?: string;
  areaCode?: string;
}

const areaNotFound = (code: string) =>
  new NotFoundError(text(`Không có xã mã ${code}`, `No commune with code ${code}`));

/** Officials and admins sign acceptance papers with the full national ID; others see it masked. */
const showsFullId = (actor: Actor) => actor.role === 'official' || actor.role === 'admin';

// Sorted here: the scan is bounded (a batch, a commune) and the sort needs no index of its own.
function inAddedOrder<T extends { createdAt: Date; _id: unknown }>(docs: T[]): T[] {
  return docs.sort(
    (a, b) => a.createdAt.getTime() - b.createdAt.getTime() || String(a._id).localeCompare(String(b._id)),
  );
}

async function deliveriesOf(input: AcceptanceInput, actor: Actor) {
  if (input.batchId) {
    const b = await loadBatch(input.batchId, actor);
    if (actor.role === 'commune_staff')
      throw new NotFoundError(text('Không tìm thấy đợt lắp đặt', 'No batch'));
    const docs = inAddedOrder(await DeliveryModel.find({ batchId: input.batchId }).lean());
    return {
      docs,
      scope: { kind: 'batch' as const, batchCode: b.code, batchName: b.name, areaCode: null, areaName: null },
    };
  }
  const code = input.areaCode ?? '';
  const area = await areas.findArea(code);
  if (!area || area.level !== 'commune' || !isWithinScope(actor.role === 'admin' ? null : actor.scope, area))
    throw areaNotFound(code);
  const docs = inAddedOrder(await DeliveryModel.find({ 'area.communeCode': code }).lean());
  return {
    docs,
    scope: {
      kind: 'commune' as const,
      batchCode: null,
      batchName: null,
      areaCode: code,
      areaName: area.name,
    },
  };
}

async function modelsOf(batchIds: readonly string[]): Promise<Map<string, string | null>> {
  const models = new Map<string, string | null>();
  for (const batchId of new Set(batchIds)) {
    const rs = await ReceiverModel.find({ batchId, status: 'installed' }, { serial: 1, model: 1 }).lean();
    for (const r of rs) models.set(r.serial, r.model ?? null);
  }
  return models;
}

/** NotFoundError for a batch or commune outside the actor's area (or unknown). */
export async function acceptanceReport(input: AcceptanceInput, actor: Actor): Promise<AcceptanceReport> {
  const { docs, scope } = await deliveriesOf(input, actor);
  const delivered = docs.filter((d) => d.status === 'delivered');
  const attempts = docs.flatMap((d) => failedAttemptsOf(deliveryFacts(d)).map((a) => ({ d, a })));
  const [communes, names, models] = await Promise.all([
    areas.findAreas([...new Set(docs.map((d) => d.area.communeCode))]),
    users.paperNamesOf([
      ...delivered.flatMap((d) => (d.completedBy ? [d.completedBy] : [])),
      ...attempts.flatMap(({ a }) => (a.by ? [a.by] : [])),
    ]),
    modelsOf(delivered.map((d) => d.batchId)),
  ]);
  const communeName = (code: string) => communes.get(code)?.name ?? code;
  const full = showsFullId(actor);
  const byCommune = new Map<string, { delivered: number; failedAttempts: number }>();
  const tally = (code: string) => {
    const t = byCommune.get(code) ?? { delivered: 0, failedAttempts: 0 };
    byCommune.set(code, t);
    return t;
  };
  for (const d of delivered) tally(d.area.communeCode).delivered++;
  for (const { d } of attempts) tally(d.area.communeCode).failedAttempts++;
  return {
    scope,
    generatedAt: new Date().toISOString(),
    nationalIds: full ? 'full' : 'masked',
    delivered: delivered.map((d, i) => ({
      no: i + 1,
      deliveryId: String(d._id),
      householdId: d.householdId,
      communeName: communeName(d.area.communeCode),
      village: d.village,
      headName: d.household.fullName,
      nationalId: full ? d.household.nationalId : maskNationalId(d.household.nationalId),
      address: d.household.address ?? null,
      phone: d.household.phone ?? null,
      serial: d.serial ?? null,
      receiverModel: d.serial ? (models.get(d.serial) ?? null) : null,
      deliveredAt: iso(d.deliveredAt),
      installerName: d.completedBy ? (names.get(d.completedBy) ?? null) : null,
      handoverNumber: d.handoverNumber ?? null,
      recipientName: d.recipientName ?? null,
      recipientRelation: d.recipientRelation ?? null,
      signalReceived: d.signalReceived ?? null,
      hasPhoto: !!d.photoId,
    })),
    failures: attempts.map(({ d, a }, i) => ({
      no: i + 1,
      deliveryId: String(d._id),
      householdId: d.householdId,
      communeName: communeName(d.area.communeCode),
      village: d.village,
      headName: d.household.fullName,
      address: d.household.address ?? null,
      reason: a.reason,
      reasonText: FAILURE_REASON_VI[a.reason],
      permanent: isPermanentFailure(a.reason),
      at: iso(a.at),
      installerName: a.by ? (names.get(a.by) ?? null) : null,
    })),
    totals: {
      delivered: delivered.length,
      withSignal: delivered.filter((d) => d.signalReceived).length,
      withPhoto: delivered.filter((d) => d.photoId).length,
      failedAttempts: attempts.length,
      byCommune: [...byCommune.entries()]
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([communeCode, t]) => ({ communeCode, communeName: communeName(communeCode), ...t })),
    },
  };
}
