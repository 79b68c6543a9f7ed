import {
  settleLeftovers,
  settlePendingAudit,
  storedPendingAudit,
  type LeftoverAudits,
  type PendingAudit,
} from '../audit/pending';
import { withLock } from '../database/locks';
import type { AreaPath } from '../users/roles';
import { countTransitionOnce } from './counters';
import { HouseholdModel } from './model';
import type { HouseholdStatus } from './status';

// A household change's last steps, after the write that carried its pending-audit marker
// (audit/pending.ts): the counter move, keyed by the marker so it lands once however often this
// runs (the request, a retry, the next change of the household, reconcile), then the audit entry,
// then the marker is cleared. The caller holds the household's lock.

const statusIn = (v: unknown): HouseholdStatus | null =>
  ((v as { status?: HouseholdStatus } | null)?.status ?? null) as HouseholdStatus | null;

export async function settleHouseholdAudit(
  id: string,
  area: AreaPath & { communeCode: string },
  p: PendingAudit,
  overrides: { after?: unknown } = {},
): Promise<void> {
  const from = statusIn(p.before);
  const to = statusIn(p.after);
  if (to && from !== to) await countTransitionOnce(p.key, area, from, to, 1);
  await settlePendingAudit(p, { model: HouseholdModel, id }, overrides);
}

/** A marker a change left on the household (the request died before settling it), settled now. */
export async function settleLeftoverAudit(doc: {
  _id: unknown;
  area: AreaPath & { communeCode: string };
  pendingAudit?: unknown;
}): Promise<boolean> {
  const p = storedPendingAudit(doc.pendingAudit);
  if (!p) return false;
  await settleHouseholdAudit(String(doc._id), doc.area, p);
  return true;
}

/** Reconcile: settles the markers older than `olderThan` that requests left on households. */
export function settleLeftoverHouseholdAudits(olderThan: Date, dryRun: boolean): Promise<LeftoverAudits> {
  const docs = HouseholdModel.find({ 'pendingAudit.open': true }, { _id: 1, pendingAudit: 1 })
    .lean()
    .cursor();
  return settleLeftovers(docs, olderThan, dryRun, (d) =>
    withLock(`household:${String(d._id)}`, async () => {
      const now = await HouseholdModel.findById(d._id, { area: 1, pendingAudit: 1 }).lean();
      if (now) await settleLeftoverAudit(now);
    }),
  );
}
