// npm run bench:import -- --rows 100000
// DESIGN §12: "Import: CSV of 100,000 households at no less than half the rate of a raw driver
// insertMany of the same documents, measured in one run." In one process, on a scratch database:
//   1. writes a survey CSV of N rows (Vietnamese names with diacritics) to a temporary file;
//   2. imports it through importHouseholds, as the CLI does (file stream, Joi rows, duplicate checks,
//      counters, audit), sampling memory;
//   3. reads back the documents the import stored and inserts exactly those with one raw driver
//      insertMany into a scratch collection with the same indexes (the rate the target compares
//      with), and into one with only _id (for reference).
import { createWriteStream, createReadStream, statSync } from 'node:fs';
import path from 'node:path';
import { once } from 'node:events';
import mongoose from 'mongoose';
import { importHouseholds } from '../../src/households/import';
import { HouseholdModel } from '../../src/households/model';
import { householdFieldsSchema } from '../../src/households/schemas';
import { parse } from '../../src/http/validate';
import { SYSTEM_ACTOR } from '../../src/users/roles';
import { BENCH_COMMUNE, numberArg, sampleMemory, surveyChunks, withScratchDb } from './scratch';

const rows = numberArg('rows', 100_000);

async function writeSurvey(file: string): Promise<void> {
  const out = createWriteStream(file);
  out.write('\ufeff');
  for (const chunk of surveyChunks(rows)) if (!out.write(chunk)) await once(out, 'drain');
  out.end();
  await once(out, 'finish');
}

/** Seconds for one raw driver insertMany of `docs` into a fresh collection. */
async function rawInsert(name: string, docs: object[], withIndexes: boolean): Promise<number> {
  // With the households' indexes: a copy of the schema declares them on the scratch collection.
  const schema = HouseholdModel.schema.clone().set('autoIndex', false);
  const model = mongoose.model(name, schema, name);
  await model.init();
  if (withIndexes) await model.createIndexes();
  const started = performance.now();
  await model.collection.insertMany(docs, { ordered: false });
  const seconds = (performance.now() - started) / 1000;
  await model.collection.drop();
  return seconds;
}

void withScratchDb(async ({ dir }) => {
  const file = path.join(dir, 'households.csv');
  await writeSurvey(file);
  console.log(`Survey: ${rows} rows, ${(statSync(file).size / 1e6).toFixed(1)} MB`);

  const memory = sampleMemory();
  const started = performance.now();
  const report = await importHouseholds(
    { communeCode: BENCH_COMMUNE, dryRun: false, kind: 'csv', file: createReadStream(file) },
    { validateRow: (row) => parse(householdFieldsSchema, row) },
    SYSTEM_ACTOR,
  );
  const importSeconds = (performance.now() - started) / 1000;
  const peak = memory.stop();
  if (report.created !== rows)
    throw new Error(`expected ${rows} created, got ${JSON.stringify(report).slice(0, 500)}`);

  const docs = await HouseholdModel.collection.find({}).toArray();
  const rawSeconds = await rawInsert('bench_raw_households', docs, true);
  const bareSeconds = await rawInsert('bench_raw_households_bare', docs, false);

  const rate = (s: number) => Math.round(rows / s);
  console.log(
    `Import service:                      ${rate(importSeconds)} rows/s (${importSeconds.toFixed(1)} s)`,
  );
  console.log(`Raw insertMany, households' indexes: ${rate(rawSeconds)} rows/s (${rawSeconds.toFixed(1)} s)`);
  console.log(
    `Raw insertMany, _id index only:      ${rate(bareSeconds)} rows/s (${bareSeconds.toFixed(1)} s)`,
  );
  console.log(
    `Ratio import / raw: ${(rawSeconds / importSeconds).toFixed(2)} (target ≥ 0.50); ` +
      `against the bare collection: ${(bareSeconds / importSeconds).toFixed(2)}`,
  );
  console.log(
    `Import peak growth: RSS ${peak.rssMb} MB, heap ${peak.heapMb} MB (from RSS ${peak.startRssMb} MB, heap ${peak.startHeapMb} MB)`,
  );
  console.log(
    `Report: ${report.created} created, ${report.rejectedRows} rejected, ` +
      `${report.possibleDuplicates.length} possible duplicates flagged, ${report.ineligible} not eligible`,
  );
});
