// npm run reconcile [-- --dry-run] [-- --grace-minutes=N] — finds what a crash between the steps of
// a multi-step change left half-done (see src/batches/reconcile.ts), repairs it (or with --dry-run
// only says what it would repair), and prints what it found, repaired and left for a person.
// Safe while the service serves; it skips what changed in the last RECONCILE_GRACE_MINUTES.
import { reconcileExclusively } from '../src/batches/reconcile-schedule';
import { runScript } from './run';

function graceMinutes(fallback: number): number {
  const arg = process.argv.find((a) => a.startsWith('--grace-minutes='));
  const n = arg ? Number(arg.split('=')[1]) : fallback;
  if (!Number.isInteger(n) || n < 0)
    throw new Error(`--grace-minutes must be a whole number ≥ 0 (got ${arg})`);
  return n;
}

void runScript(async (config) => {
  const dryRun = process.argv.includes('--dry-run');
  const grace = graceMinutes(config.reconcile.graceMinutes);
  console.log(`${dryRun ? 'Dry run (nothing is changed). ' : ''}Grace period: ${grace} minute(s).`);
  const report = await reconcileExclusively({
    dryRun,
    graceMs: grace * 60_000,
    say: (step) => console.log(`Checking ${step} …`),
  });
  const verb = dryRun ? 'would repair' : 'repaired';
  for (const c of report.changes) console.log(`${verb}: ${c.kind} ${c.id}: ${c.detail}`);
  for (const d of report.counterDrift) {
    console.log(`${verb}: counter ${d.communeCode} ${d.status}: counted ${d.counted}, actual ${d.actual}`);
  }
  for (const d of report.statsDrift.failedAttempts) {
    console.log(`repaired: failed attempts ${d.communeCode}: counted ${d.counted}, actual ${d.actual}`);
  }
  for (const d of report.statsDrift.deliveryDays) {
    console.log(
      `repaired: deliveries ${d.communeCode} on ${d.day}: counted ${d.counted}, actual ${d.actual}`,
    );
  }
  for (const v of report.leftForPerson) {
    console.log(`left for a person: §${v.invariant} ${v.entityType} ${v.entityId}: ${v.message}`);
  }
  const counters =
    report.counterDrift.length +
    report.statsDrift.failedAttempts.length +
    report.statsDrift.deliveryDays.length;
  console.log(
    `Found ${report.changes.length + counters + report.leftForPerson.length}: ` +
      `${report.changes.length + counters} ${verb}, ${report.leftForPerson.length} left for a person, ` +
      `${report.recent} changed within the grace period and left for the next run.`,
  );
});
