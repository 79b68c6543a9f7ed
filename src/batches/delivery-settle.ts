import { settlePendingAudit, storedPendingAudit, type PendingAudit } from '../audit/pending';
import { countFailedAttemptOnce } from '../households/counters';
import { countDeliveryDayOnce } from './day-counters';
import { DeliveryModel } from './delivery-model';

// A delivery ending's last steps, after the write that carried its pending-audit marker: the
// counter move, keyed by the marker so it lands once however often this runs (the request, its
// retry, the delivery's next change, reconcile), then the audit entry, then the marker is cleared.
// Confirmed: one more delivery on its Vietnam day in its commune; failed (temporary or permanent):
// one more failed attempt in its commune. The caller holds the delivery's lock.

type CountedArea = { provinceCode: string; districtCode: string | null; communeCode: string };

function areaOf(p: PendingAudit): CountedArea | null {
  const { provinceCode, districtCode, communeCode } = p.area;
  return provinceCode && communeCode ? { provinceCode, districtCode, communeCode } : null;
}

/** When the marker's confirmation handed the box over (stored in its `after`). */
export function deliveredAtOf(p: PendingAudit): Date | null {
  const at = (p.after as { deliveredAt?: unknown } | null)?.deliveredAt;
  return at instanceof Date || typeof at === 'string' ? new Date(at) : null;
}

/** The counter move of a delivery marker, applied once per marker key. */
export async function countDeliveryEnding(p: PendingAudit): Promise<void> {
  const area = areaOf(p);
  if (!area) return;
  if (p.action === 'delivery.confirmed') {
    const at = deliveredAtOf(p);
    if (at) await countDeliveryDayOnce(p.key, area, at);
  } else if (p.action === 'delivery.failed') {
    await countFailedAttemptOnce(p.key, area);
  }
}

/** Settles the delivery's pending marker, if it has one: counters, audit entry, marker cleared. */
export async function settleDeliveryMarker(id: unknown, pendingAudit: unknown): Promise<boolean> {
  const p = storedPendingAudit(pendingAudit);
  if (!p) return false;
  await countDeliveryEnding(p);
  await settlePendingAudit(p, { model: DeliveryModel, id });
  return true;
}

/** Settles a stored delivery's pending marker, if it has one: counters, audit (the caller holds its lock). */
export async function settleDeliveryAudit(d: { _id: unknown; pendingAudit?: unknown }): Promise<void> {
  await settleDeliveryMarker(d._id, d.pendingAudit);
}
