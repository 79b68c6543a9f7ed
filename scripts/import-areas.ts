// npm run areas:import -- 2025|2024|<file.csv> [--allow-other-list]
// Idempotent: a second run changes nothing. Shows progress.
import { SingleBar, Presets } from 'cli-progress';
import { importAreas } from '../src/areas/service';
import { syncAllIndexes } from '../src/database/db';
import { SYSTEM_ACTOR } from '../src/users/roles';
import { runScript } from './run';

const args = process.argv.slice(2);
const list = args.find((a) => !a.startsWith('--'));
if (!list) {
  console.error('Usage: npm run areas:import -- 2025|2024|<file.csv> [--allow-other-list]');
  process.exit(2);
}

void runScript(async () => {
  await syncAllIndexes();
  const bar = new SingleBar(
    { format: 'areas {bar} {value}/{total}', noTTYOutput: true, notTTYSchedule: 1000 },
    Presets.shades_classic,
  );
  let started = false;
  const result = await importAreas(
    list,
    SYSTEM_ACTOR,
    (done, total) => {
      if (!started && total > 0) {
        bar.start(total, 0);
        started = true;
      }
      if (started) bar.update(done);
    },
    { allowOtherSource: args.includes('--allow-other-list') },
  );
  if (started) bar.stop();
  const { province, district, commune } = result.counts;
  console.log(
    `List ${result.source}: ${province} provinces, ${district} districts, ${commune} communes — ` +
      `${result.created} created, ${result.updated} updated, ${result.unchanged} unchanged.`,
  );
});
