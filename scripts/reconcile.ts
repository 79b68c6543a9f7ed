// npm run reconcile — repairs what a crash between the steps of a multi-step change left half-done
// (see src/batches/reconcile.ts) and prints every change it made, or "nothing to repair".
import { reconcile } from '../src/batches/reconcile';
import { runScript } from './run';

void runScript(async () => {
  const report = await reconcile(undefined, (step) => console.log(`Checking ${step} …`));
  for (const c of report.changes) console.log(`${c.kind} ${c.id}: ${c.detail}`);
  for (const d of report.counterDrift) {
    console.log(`counter ${d.communeCode} ${d.status}: counted ${d.counted}, actual ${d.actual} (corrected)`);
  }
  for (const d of report.statsDrift.failedAttempts) {
    console.log(`failed attempts ${d.communeCode}: counted ${d.counted}, actual ${d.actual} (corrected)`);
  }
  for (const d of report.statsDrift.deliveryDays) {
    console.log(
      `deliveries ${d.communeCode} on ${d.day}: counted ${d.counted}, actual ${d.actual} (corrected)`,
    );
  }
  const counters =
    report.counterDrift.length +
    report.statsDrift.failedAttempts.length +
    report.statsDrift.deliveryDays.length;
  const n = report.changes.length + counters;
  console.log(
    n === 0 ? 'Nothing to repair.' : `${report.changes.length} repair(s), ${counters} counter(s) corrected.`,
  );
});
