// npm run check:invariants — prints every violation of DESIGN §7 in the database (read only) and
// exits 1 when there is any. Run `npm run reconcile` first to repair what a crash left half-done.
import { checkInvariants } from '../src/batches/invariants';
import { runScript } from './run';

void runScript(async () => {
  const violations = await checkInvariants();
  for (const v of violations) console.log(`§${v.invariant} ${v.entityType} ${v.entityId}: ${v.message}`);
  if (violations.length > 0) throw new Error(`${violations.length} violation(s) of DESIGN §7.`);
  console.log('Every invariant holds.');
});
