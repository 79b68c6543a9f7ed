import * as audit from '../audit/service';
import { RuleViolationError, text, type LocalizedText } from '../errors';
import * as householdSteps from '../households/delivery-steps';
import type { BatchCandidate } from '../households/delivery-steps';
import * as receivers from '../receivers/service';
import type { Actor } from '../users/roles';
import { DeliveryModel } from './delivery-model';
import { pendingSlot } from './slots';
import { withManagedBatch, type StoredBatch } from './service';
import { assertBatchAllows } from './status';

// Promising receivers to households (DESIGN §6). A batch never promises more households than it
// holds allocated receivers not yet promised: checked under the batch's lock.

export interface AddHouseholdsInput {
  /** Explicit households; or, when absent, the oldest approved of the batch's communes. */
  householdIds?: string[];
  /** With auto-selection: at most this many (default: as many as receivers allow). */
  limit?: number;
}

export interface AddHouseholdsResult {
  added: string[];
  refused: { householdId: string; reason: LocalizedText }[];
  /** Allocated receivers not yet promised, after this call. */
  capacity: number;
}

/** Allocated receivers of the batch minus its pending deliveries (installed ones are delivered). */
export async function capacityOf(batchId: string): Promise<number> {
  const [counts, pending] = await Promise.all([
    receivers.receiverCountsOfBatch(batchId),
    DeliveryModel.countDocuments({ batchId, status: 'pending' }),
  ]);
  return Math.max(0, counts.allocated - pending);
}

function whyNot(batch: StoredBatch, h: BatchCandidate | null): LocalizedText | null {
  if (!h || h.area.provinceCode !== batch.provinceCode) return text('không tìm thấy hộ', 'no such household');
  if (!batch.communeCodes.includes(h.area.communeCode))
    return text('hộ không thuộc các xã của đợt', 'not in one of the batch’s communes');
  if (h.status !== 'approved')
    return text(`hộ đang ở trạng thái ${h.status}, chưa thể xếp đợt`, `the household is ${h.status}`);
  if (h.receiverType !== batch.receiverType)
    return text(`hộ cần đầu thu ${h.receiverType}`, `the household needs a ${h.receiverType} receiver`);
  return null;
}

/**
 * One household into the batch: first its pending delivery (the unique slot refuses a second one),
 * then the household approved → assigned. If that fails, the delivery is removed again; if the
 * process dies in between, reconcile finds a pending delivery of an approved household.
 */
async function addOne(batch: StoredBatch, h: BatchCandidate, actor: Actor): Promise<LocalizedText | null> {
  const householdId = h.id;
  let deliveryId: string;
  try {
    const d = await DeliveryModel.create({
      batchId: String(batch._id),
      householdId,
      area: h.area,
      village: h.village,
      household: {
        fullName: h.head.fullName,
        nationalId: h.head.nationalId,
        address: h.address,
        phone: h.phone,
      },
      status: 'pending',
      slot: pendingSlot(householdId),
      createdBy: actor.id,
    });
    deliveryId = String(d._id);
  } catch (err) {
    if ((err as { code?: number }).code === 11000)
      return text('hộ đã có trong một đợt lắp đặt khác', 'the household is already in a batch');
    throw err;
  }
  try {
    await householdSteps.assignToBatch(householdId, String(batch._id), actor);
  } catch (err) {
    await DeliveryModel.deleteOne({ _id: deliveryId, status: 'pending' });
    if (err instanceof RuleViolationError)
      return text('hộ vừa thay đổi trạng thái', 'the household changed meanwhile');
    throw err;
  }
  await audit.record(
    actor,
    'delivery.created',
    { type: 'delivery', id: deliveryId, area: h.area },
    {
      after: { status: 'pending', batchId: String(batch._id), householdId },
    },
  );
  return null;
}

export async function addHouseholds(
  batchId: string,
  input: AddHouseholdsInput,
  actor: Actor,
): Promise<AddHouseholdsResult> {
  return withManagedBatch(batchId, actor, async (batch) => {
    assertBatchAllows(batch.status, 'add_households');
    let capacity = await capacityOf(batchId);
    const result: AddHouseholdsResult = { added: [], refused: [], capacity };
    let candidates: (BatchCandidate | null)[];
    let ids: string[];
    if (input.householdIds) {
      ids = [...new Set(input.householdIds)];
      if (ids.length > capacity) {
        throw new RuleViolationError(
          text(
            `Đợt chỉ còn ${capacity} đầu thu chưa hứa cho hộ nào; hãy phân thêm đầu thu trước`,
            `The batch has only ${capacity} receivers not yet promised; allocate more first`,
          ),
          { capacity, requested: ids.length },
        );
      }
      candidates = await householdSteps.batchCandidatesOf(ids);
    } else {
      candidates = await householdSteps.oldestApproved(
        batch.communeCodes,
        batch.receiverType,
        Math.min(capacity, input.limit ?? capacity),
      );
      ids = candidates.map((c) => c?.id ?? '');
    }
    for (const [i, h] of candidates.entries()) {
      const refusal = whyNot(batch, h) ?? (h ? await addOne(batch, h, actor) : null);
      if (refusal) result.refused.push({ householdId: ids[i], reason: refusal });
      else {
        result.added.push(ids[i]);
        capacity--;
      }
    }
    result.capacity = capacity;
    return result;
  });
}

export async function allocateToBatch(
  batchId: string,
  input: { serials?: string[]; count?: number },
  actor: Actor,
) {
  return withManagedBatch(batchId, actor, async (batch) => {
    assertBatchAllows(batch.status, 'allocate');
    const result = await receivers.allocateReceivers(
      { id: batchId, provinceCode: batch.provinceCode, receiverType: batch.receiverType },
      input,
      actor,
    );
    return { ...result, capacity: await capacityOf(batchId) };
  });
}
