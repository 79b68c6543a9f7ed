// npm run receivers:recount [-- --province 25] — rebuilds the receiver counters per province, type,
// lot, supplier and status from the receivers themselves and prints every count it corrected.
import { recountReceivers } from '../src/receivers/counters';
import { runScript } from './run';

void runScript(async () => {
  const at = process.argv.indexOf('--province');
  const province = at >= 0 ? process.argv[at + 1] : undefined;
  const drift = await recountReceivers(province);
  if (drift.length === 0) {
    console.log('Receiver counters: no drift.');
    return;
  }
  for (const d of drift)
    console.log(`${d.counter} ${d.status}: counted ${d.counted}, actual ${d.actual} (corrected)`);
  console.log(`Receiver counters: ${drift.length} count(s) corrected.`);
});
