// npm run stats:recompute — rebuilds every counter the reports read (DESIGN §8): households per
// commune and status, failed delivery attempts per commune, confirmed deliveries per commune and
// Vietnam day. Prints every count it corrected, or "no drift". Safe to run at any time; run it when
// nothing is changing (or twice) for a clean answer.
import { recomputeStats, type RecomputeStep } from '../src/batches/recompute-counters';
import { runScript } from './run';

const STEP_TEXT: Record<RecomputeStep, string> = {
  households: 'household counters',
  failedAttempts: 'failed delivery attempts',
  deliveryDays: 'deliveries per day',
};

void runScript(async () => {
  const result = await recomputeStats((step, read) => {
    console.log(
      read === undefined
        ? `Recomputing ${STEP_TEXT[step]}…`
        : `  ${read.toLocaleString('en')} deliveries read`,
    );
  });
  for (const d of result.households) {
    console.log(`commune ${d.communeCode} ${d.status}: counted ${d.counted}, actual ${d.actual} (corrected)`);
  }
  for (const d of result.failedAttempts) {
    console.log(
      `commune ${d.communeCode} failed attempts: counted ${d.counted}, actual ${d.actual} (corrected)`,
    );
  }
  for (const d of result.deliveryDays) {
    console.log(
      `commune ${d.communeCode} deliveries on ${d.day}: counted ${d.counted}, actual ${d.actual} (corrected)`,
    );
  }
  const corrected = result.households.length + result.failedAttempts.length + result.deliveryDays.length;
  console.log(corrected === 0 ? 'Statistics: no drift.' : `Statistics: ${corrected} count(s) corrected.`);
});
