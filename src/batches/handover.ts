import * as areas from '../areas/service';
import { RuleViolationError, text } from '../errors';
import { maskNationalId } from '../households/phone';
import { loadInScope, seesFullNationalId } from '../households/service';
import { getReceiver } from '../receivers/inventory';
import { SYSTEM_ACTOR, type Actor } from '../users/roles';
import * as users from '../users/service';
import { loadDeliveryInScope } from './deliveries';
import { BatchModel } from './model';
import { renderHandoverPage } from './handover-page';

/** The handover record of a delivered household, as an HTML page (Vietnamese). */
export async function handoverPageOf(id: string, actor: Actor): Promise<string> {
  const d = await loadDeliveryInScope(id, actor);
  if (d.status !== 'delivered' || !d.serial || !d.deliveredAt) {
    throw new RuleViolationError(
      text('Chỉ lập biên bản cho hộ đã được bàn giao', 'Only a delivered household has a handover record'),
      { status: d.status },
    );
  }
  // The reader may see this delivery; the pieces below are read on their behalf.
  const [household, batch, province, commune, installer, receiver] = await Promise.all([
    loadInScope(d.householdId, SYSTEM_ACTOR),
    BatchModel.findById(d.batchId, { code: 1, name: 1, receiverType: 1 }).lean(),
    areas.findArea(d.area.provinceCode),
    areas.findArea(d.area.communeCode),
    d.completedBy ? users.getUser(d.completedBy, SYSTEM_ACTOR).catch(() => null) : null,
    getReceiver(d.serial, SYSTEM_ACTOR).catch(() => null),
  ]);
  const nationalId = household.head.nationalId;
  return renderHandoverPage({
    deliveryId: id,
    batchCode: batch?.code ?? d.batchId,
    batchName: batch?.name ?? '',
    provinceName: province?.name ?? d.area.provinceCode,
    communeName: commune?.name ?? d.area.communeCode,
    village: d.village,
    address: household.address ?? null,
    headName: household.head.fullName,
    headNationalId: seesFullNationalId(actor) ? nationalId : maskNationalId(nationalId),
    phone: household.phone ?? null,
    povertyStatus: household.povertyStatus,
    recipientName: d.recipientName ?? household.head.fullName,
    recipientIdLast4: d.recipientIdLast4 ?? '',
    serial: d.serial,
    receiverType: batch?.receiverType ?? household.receiverType,
    receiverModel: receiver?.model ?? null,
    deliveredAt: d.deliveredAt,
    signalReceived: d.signalReceived ?? false,
    installerName: installer?.fullName ?? '',
    notes: d.notes ?? null,
  });
}
