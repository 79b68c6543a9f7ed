// npm run households:recount — rebuilds the household counters per commune and status from the
// households themselves (DESIGN §8) and prints every count it corrected, or "no drift".
import { recountHouseholds } from '../src/households/counters';
import { runScript } from './run';

void runScript(async () => {
  const drift = await recountHouseholds();
  if (drift.length === 0) {
    console.log('Household counters: no drift.');
    return;
  }
  for (const d of drift) {
    console.log(`commune ${d.communeCode} ${d.status}: counted ${d.counted}, actual ${d.actual} (corrected)`);
  }
  console.log(`Household counters: ${drift.length} count(s) corrected.`);
});
