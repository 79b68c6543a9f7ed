// npm run bench:bulk -- --households 2000
// Issue 9 items 3–4, DESIGN §12 ("approving 10,000 households in one request, adding 5,000
// households to a batch and allocating 5,000 receivers each finish in under 60 s"). On a scratch
// database of one commune, through the services the routes call:
//   1. imports N households (the import path) and registers N receivers;
//   2. bulk-approves all N as one job (POST /households/approve), waits for it;
//   3. allocates N receivers to a batch by count (POST /batches/:id/receivers);
//   4. auto-adds N households to the batch (POST /batches/:id/households).
// For each it prints seconds, households per second, and the database operations Mongoose sent
// (each a round trip; a bulkWrite on FerretDB is split into groups of 25, counted as one here).
import { createReadStream } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import mongoose from 'mongoose';
import { addHouseholds, allocateToBatch } from '../../src/batches/assignment';
import { createBatch } from '../../src/batches/service';
import { bulkReview } from '../../src/households/bulk-review';
import { importHouseholds } from '../../src/households/import';
import { HouseholdModel } from '../../src/households/model';
import { householdFieldsSchema } from '../../src/households/schemas';
import { parse } from '../../src/http/validate';
import { getJob } from '../../src/jobs/service';
import { registerReceivers } from '../../src/receivers/service';
import { SYSTEM_ACTOR } from '../../src/users/roles';
import { BENCH_COMMUNE, numberArg, surveyChunks, withScratchDb } from './scratch';

const n = numberArg('households', 2_000);

let ops = 0;
const perCollection = new Map<string, number>();
mongoose.set('debug', (collection: string, method: string) => {
  ops++;
  const k = `${collection}.${method}`;
  perCollection.set(k, (perCollection.get(k) ?? 0) + 1);
});

async function measure(label: string, work: () => Promise<void>): Promise<void> {
  ops = 0;
  perCollection.clear();
  const started = performance.now();
  await work();
  const s = (performance.now() - started) / 1000;
  const top = [...perCollection.entries()].sort((a, b) => b[1] - a[1]).slice(0, 6);
  console.log(
    `${label.padEnd(34)} ${s.toFixed(1).padStart(7)} s  ${(n / s).toFixed(0).padStart(6)}/s  ` +
      `${String(ops).padStart(6)} db ops (${(ops / n).toFixed(2)} per household)`,
  );
  console.log(`    ${top.map(([k, v]) => `${k} ${v}`).join(', ')}`);
}

void withScratchDb(async ({ dir }) => {
  const file = path.join(dir, 'survey.csv');
  await writeFile(file, '\ufeff' + [...surveyChunks(n)].join(''));
  const report = await importHouseholds(
    { communeCode: BENCH_COMMUNE, dryRun: false, kind: 'csv', file: createReadStream(file) },
    { validateRow: (row) => parse(householdFieldsSchema, row) },
    SYSTEM_ACTOR,
  );
  const eligible = await HouseholdModel.countDocuments({
    'eligibility.eligible': true,
    needsDuplicateReview: false,
  });
  console.log(`Imported ${report.created} households (${eligible} eligible and unflagged)`);
  const serials = Array.from({ length: n }, (_, i) => `BENCH-${String(i).padStart(7, '0')}`);
  await registerReceivers(
    { provinceCode: '25', receivers: serials.map((serial) => ({ serial, type: 'dvb-t2' as const })) },
    SYSTEM_ACTOR,
  );
  const ids = (await HouseholdModel.find({}, { _id: 1 }).lean()).map((d) => String(d._id));

  await measure(`bulk approve ${n}`, async () => {
    const job = await bulkReview('approve', { ids }, 'bench-bulk-approve', SYSTEM_ACTOR);
    for (;;) {
      const now = await getJob(job.id, SYSTEM_ACTOR);
      if (now.status !== 'running') {
        console.log(`    job ${now.status}: ${JSON.stringify(now.counts)} ${JSON.stringify(now.reasons)}`);
        break;
      }
      await new Promise((r) => setTimeout(r, 200));
    }
  });
  const batch = await createBatch(
    {
      provinceCode: '25',
      name: 'Bench',
      phase: 1,
      communeCodes: [BENCH_COMMUNE],
      receiverType: 'dvb-t2',
      installerIds: [],
    },
    SYSTEM_ACTOR,
  );
  await measure(`allocate ${n} receivers by count`, async () => {
    const r = await allocateToBatch(batch.id, { count: n }, SYSTEM_ACTOR);
    console.log(`    allocated ${r.allocated.length}, short by ${r.shortBy}`);
  });
  await measure(`auto-add up to ${n} households`, async () => {
    const r = await addHouseholds(batch.id, {}, SYSTEM_ACTOR);
    console.log(`    added ${r.added.length}, capacity left ${r.capacity}`);
  });
});
