import * as audit from '../audit/service';
import { ConflictError, RuleViolationError, text } from '../errors';
import type { Actor } from '../users/roles';
import { DeliveryModel } from './delivery-model';
import { BatchModel } from './model';
import { checkCommunes, checkDates, checkInstallers } from './plan-checks';
import { toBatch, withManagedBatch, type Batch, type BatchFields } from './service';
import { assertBatchAllows } from './status';

// Changing a batch while it is planned or in progress (issue 12, item 6): its name, notes, planned
// dates, installers and communes, version-checked and audited with before/after.

export type EditBatchInput = Partial<
  Pick<BatchFields, 'name' | 'notes' | 'plannedStart' | 'plannedEnd' | 'installerIds' | 'communeCodes'>
> & { version: number };

const stale = (version: number) =>
  new ConflictError(
    text(
      'Đợt vừa được người khác sửa; hãy tải lại rồi sửa tiếp',
      'The batch was changed meanwhile; reload it and edit again',
    ),
    { version },
  );

/** A commune leaves the batch only when none of its deliveries still waits (they would be orphaned). */
async function assertNoPendingIn(batchId: string, removed: string[]): Promise<void> {
  for (const communeCode of removed) {
    const waiting = await DeliveryModel.countDocuments({
      batchId,
      status: 'pending',
      'area.communeCode': communeCode,
    });
    if (waiting === 0) continue;
    throw new RuleViolationError(
      text(
        `Không thể bỏ xã ${communeCode} khỏi đợt: còn ${waiting} hộ đang chờ lắp đặt. ` +
          'Hãy lắp xong, ghi nhận không thành hoặc đóng đợt trước.',
        `Commune ${communeCode} still has ${waiting} pending deliveries in this batch`,
      ),
      { field: 'communeCodes', communeCode, pending: waiting },
    );
  }
}

export async function editBatch(id: string, input: EditBatchInput, actor: Actor): Promise<Batch> {
  return withManagedBatch(id, actor, async (stored) => {
    assertBatchAllows(stored.status, 'edit');
    if (input.version !== stored.version) throw stale(stored.version);
    const set: Record<string, unknown> = {};
    if (input.name !== undefined) set.name = input.name;
    if (input.notes !== undefined) set.notes = input.notes || null;
    if (input.plannedStart !== undefined) set.plannedStart = input.plannedStart;
    if (input.plannedEnd !== undefined) set.plannedEnd = input.plannedEnd;
    checkDates(
      input.plannedStart !== undefined ? input.plannedStart : stored.plannedStart,
      input.plannedEnd !== undefined ? input.plannedEnd : stored.plannedEnd,
    );
    if (input.installerIds !== undefined)
      set.installerIds = await checkInstallers(stored.provinceCode, input.installerIds, actor);
    if (input.communeCodes !== undefined) {
      const communeCodes = await checkCommunes(stored.provinceCode, input.communeCodes);
      await assertNoPendingIn(
        id,
        stored.communeCodes.filter((c) => !communeCodes.includes(c)),
      );
      set.communeCodes = communeCodes;
    }
    const before = toBatch(stored);
    const doc = await BatchModel.findOneAndUpdate(
      { _id: stored._id, version: stored.version },
      { $set: set, $inc: { version: 1 } },
      { returnDocument: 'after' },
    ).lean();
    if (!doc) throw stale(stored.version);
    const after = toBatch(doc);
    const changed = Object.keys(set) as (keyof Batch)[];
    await audit.record(
      actor,
      'batch.edited',
      { type: 'batch', id, area: { provinceCode: after.provinceCode } },
      {
        before: Object.fromEntries([...changed.map((k) => [k, before[k]]), ['version', before.version]]),
        after: Object.fromEntries([...changed.map((k) => [k, after[k]]), ['version', after.version]]),
      },
    );
    return after;
  });
}
