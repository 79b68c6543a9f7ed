// npm run db:sync-indexes — builds every model's declared indexes (unique constraints are invariants).
import '../src/app';
import { syncAllIndexes } from '../src/database/db';
import { runScript } from './run';

void runScript(async () => {
  await syncAllIndexes();
  console.log('Indexes are in sync.');
});
