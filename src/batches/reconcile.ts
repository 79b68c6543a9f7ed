import { settleLeftovers } from '../audit/pending';
import * as householdAudits from '../households/pending-audit';
import { recountHouseholds, type CounterDrift } from '../households/counters';
import * as receivers from '../receivers/service';
import { checkInvariants, type InvariantViolation } from './invariants';
import { recomputeDeliveryStats, type RecomputeResult } from './recompute-counters';
import { withLock } from '../database/locks';
import { SYSTEM_ACTOR, type Actor } from '../users/roles';
import { recountCapacity } from './capacity';
import { finishClosedBatch } from './closing';
import { DeliveryModel } from './delivery-model';
import { settleDeliveryMarker } from './delivery-settle';
import { BatchModel } from './model';
import { assignedHouseholds, pendingDeliveries, receiversOfUndelivered } from './reconcile-deliveries';
import { deliveryLock, isRecent, leaveRecent, type ReconcileChange, type Run } from './reconcile-run';

export type { ReconcileChange } from './reconcile-run';

// `npm run reconcile` (DESIGN §7.5, §11): finds what a crash between the ordered steps of
// assignment.ts, completion.ts and closing.ts left half-done, and finishes or undoes it:
//   1. a receiver installed for a delivery that is not delivered → back to allocated (or stock);
//   2. a pending delivery of a household that is not assigned to its batch → the household is
//      assigned (batch open) or the delivery cancelled;
//   3. an assigned household without a pending delivery → delivered, settled after its failure, or
//      released, following its deliveries;
//   4. an open batch whose promised counter exceeds its deliveries (a claim a crash left unused) → recounted;
//   5. a closed batch with pending deliveries or allocated receivers → cancelled and returned;
//   6. audit entries a crash left as pending markers (audit/pending.ts) → written;
//   7. the counters (households by status, failed attempts, deliveries per day) → recomputed;
// then what §7 still finds broken is left for a person (batches/invariants.ts). Steps 1–3 are in
// reconcile-deliveries.ts, the run's state in reconcile-run.ts.
// Safe while the service serves (issue 10 item 4): each repair runs under the lock the request it
// repairs takes (the delivery's, the household's, the receiver's, the batch's), re-reads under it,
// and skips anything changed within the grace period (a request may still be finishing it). It
// never undoes an acknowledged change: an answered confirmation has its delivery `delivered`, so
// step 1 never touches its receiver, and steps 2–3 only finish what the stored records say.

export interface ReconcileOptions {
  actor?: Actor;
  say?: (step: string) => void;
  /** Leave alone anything changed less than this long ago (ms); default 5 minutes. */
  graceMs?: number;
  /** Find and report, change nothing. */
  dryRun?: boolean;
}

export interface ReconcileReport {
  dryRun: boolean;
  /** Repairs made (with dryRun: that would be made). */
  changes: ReconcileChange[];
  /** Found but changed within the grace period: left to the requests still at work, or the next run. */
  recent: number;
  /** Violations of DESIGN §7 no repair here can decide: for a person to look at. */
  leftForPerson: InvariantViolation[];
  /** Household counters by status that were (or would be) corrected. */
  counterDrift: CounterDrift[];
  /** Failed-attempt and delivery-day counters that were (or, with dryRun, would be) corrected. */
  statsDrift: Omit<RecomputeResult, 'households'>;
}

/** Open batches' promised counters (capacity.ts) against their deliveries: claims left unused by a crash. */
async function batchCapacity(run: Run): Promise<void> {
  for (const status of ['planned', 'in_progress'] as const) {
    for await (const b of BatchModel.find({ status }, { _id: 1, updatedAt: 1 }).lean().cursor()) {
      // A claim may be creating its deliveries right now.
      if (isRecent(run, b.updatedAt)) {
        leaveRecent(run, String(b._id));
        continue;
      }
      const { before, after } = await recountCapacity(String(b._id), run.dryRun);
      if (before !== null && before !== after)
        run.changes.push({
          kind: 'batch.capacity_recounted',
          id: String(b._id),
          detail: `promised ${before} → ${after}`,
        });
    }
  }
}

async function closedBatches(run: Run): Promise<void> {
  for await (const b of BatchModel.find({ status: 'closed' }, { _id: 1, closedAt: 1 }).lean().cursor()) {
    const id = String(b._id);
    if (isRecent(run, b.closedAt)) {
      leaveRecent(run, id); // its close request may still be cancelling
      continue;
    }
    if (run.dryRun) {
      const pending = await DeliveryModel.countDocuments({ batchId: id, status: 'pending' });
      if (pending)
        run.changes.push({ kind: 'batch.deliveries_cancelled', id, detail: `${pending} pending deliveries` });
      continue;
    }
    const { cancelled, returned } = await finishClosedBatch(id, run.actor);
    if (cancelled)
      run.changes.push({ kind: 'batch.deliveries_cancelled', id, detail: `${cancelled} pending deliveries` });
    if (returned.length)
      run.changes.push({ kind: 'batch.receivers_returned', id, detail: returned.join(', ') });
  }
}

async function pendingAudits(run: Run): Promise<void> {
  const deliveries = DeliveryModel.find({ 'pendingAudit.open': true }, { _id: 1, pendingAudit: 1 })
    .lean()
    .cursor();
  const passes = [
    await householdAudits.settleLeftoverHouseholdAudits(run.olderThan, run.dryRun),
    await settleLeftovers(deliveries, run.olderThan, run.dryRun, (d) =>
      withLock(deliveryLock(String(d._id)), async () => {
        const now = await DeliveryModel.findById(d._id, { pendingAudit: 1 }).lean();
        await settleDeliveryMarker(d._id, now?.pendingAudit); // its counter move (once), its entry
      }),
    ),
    await receivers.settleLeftoverReceiverAudits(run.olderThan, run.dryRun),
  ];
  for (const { found, recent } of passes) {
    leaveRecent(run, ...recent);
    for (const p of found)
      run.changes.push({ kind: 'audit.written', id: p.entityId, detail: `${p.action} (${p.key})` });
  }
}

export async function reconcile(opts: ReconcileOptions = {}): Promise<ReconcileReport> {
  const say = opts.say ?? (() => {});
  const run: Run = {
    actor: opts.actor ?? SYSTEM_ACTOR,
    dryRun: opts.dryRun ?? false,
    olderThan: new Date(Date.now() - (opts.graceMs ?? 5 * 60_000)),
    changes: [],
    recent: new Set(),
  };
  say('receivers installed for deliveries that were not delivered');
  await receiversOfUndelivered(run);
  say('pending deliveries');
  await pendingDeliveries(run);
  say('assigned households');
  await assignedHouseholds(run);
  say('batch capacity');
  await batchCapacity(run);
  say('closed batches');
  await closedBatches(run);
  say('audit entries not yet written');
  await pendingAudits(run);
  say('counters');
  const counterDrift = await recountHouseholds({ dryRun: run.dryRun });
  const statsDrift = await recomputeDeliveryStats(run.dryRun);
  say('invariants');
  const violations = await checkInvariants();
  // What a request in flight (inside the grace period) may still finish is not a person's job, nor
  // are counters while such a request may still move them (or, in a dry run, before the recount).
  const leftForPerson = violations.filter(
    (v) =>
      !run.recent.has(v.entityId) && !(v.entityType === 'counter' && (run.recent.size > 0 || run.dryRun)),
  );
  return {
    dryRun: run.dryRun,
    changes: run.changes,
    recent: run.recent.size,
    leftForPerson,
    counterDrift,
    statsDrift,
  };
}
