// npm run bench:reports -- [--province 04] [--small 10000] [--large 200000] [--runs 30]
// DESIGN §12: "a province's commune coverage at 200,000 households within 1.5× its time at 10,000
// (cost follows areas, not households)". In one process, on a scratch database holding the 2025
// list: imports `small` households spread over the province's communes (each commune's survey, as
// seed:demo writes it), times the commune coverage report `runs` times (median, after a warm-up),
// imports up to `large`, times it again, and prints both with their ratio.
import { Readable } from 'node:stream';
import * as areas from '../../src/areas/service';
import { importHouseholds } from '../../src/households/import';
import { householdFieldsSchema } from '../../src/households/schemas';
import { parse } from '../../src/http/validate';
import { coverageReport } from '../../src/reports/service';
import { SYSTEM_ACTOR } from '../../src/users/roles';
import { communeSurvey } from '../demo/survey';
import { numberArg, withScratchDb } from './scratch';

const provinceArg = process.argv.indexOf('--province');
const provinceCode = provinceArg >= 0 ? process.argv[provinceArg + 1] : '04';
const small = numberArg('small', 10_000);
const large = numberArg('large', 200_000);
const runs = numberArg('runs', 30);

/** Imports `n` more households, spread evenly over the communes (batch `round` keeps IDs distinct). */
async function addHouseholds(communes: string[], n: number, round: number): Promise<void> {
  const per = Math.ceil(n / communes.length);
  let done = 0;
  for (const code of communes) {
    const rows = Math.min(per, n - done);
    if (rows <= 0) break;
    await importHouseholds(
      {
        communeCode: code,
        dryRun: false,
        kind: 'csv',
        file: Readable.from(communeSurvey(code, rows, round, round * 100_000)),
      },
      { validateRow: (row) => parse(householdFieldsSchema, row) },
      SYSTEM_ACTOR,
    );
    done += rows;
    process.stdout.write(`\r  imported ${done}/${n}`);
  }
  process.stdout.write('\n');
}

async function timeReport(): Promise<{ medianMs: number; rows: number; registered: number }> {
  const once = () =>
    coverageReport({ areaCode: provinceCode, level: 'commune', sort: 'code', order: 'asc' }, SYSTEM_ACTOR);
  await once(); // warm-up
  const times: number[] = [];
  let report;
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    report = await once();
    times.push(performance.now() - started);
  }
  times.sort((a, b) => a - b);
  return {
    medianMs: times[Math.floor(times.length / 2)],
    rows: report?.rows.length ?? 0,
    registered: report?.totals.registered ?? 0,
  };
}

void withScratchDb(async () => {
  const communes = [];
  for (let page = 1; ; page++) {
    const res = await areas.listAreas({ level: 'commune', provinceCode, page, pageSize: 500 });
    communes.push(...res.items.map((a) => a.code));
    if (communes.length >= res.total || res.items.length === 0) break;
  }
  console.log(`Province ${provinceCode}: ${communes.length} communes`);
  await addHouseholds(communes, small, 1);
  const a = await timeReport();
  console.log(
    `At ${a.registered} households: ${a.medianMs.toFixed(1)} ms (median of ${runs}, ${a.rows} rows)`,
  );
  await addHouseholds(communes, large - small, 2);
  const b = await timeReport();
  console.log(
    `At ${b.registered} households: ${b.medianMs.toFixed(1)} ms (median of ${runs}, ${b.rows} rows)`,
  );
  console.log(`Ratio large / small: ${(b.medianMs / a.medianMs).toFixed(2)} (target ≤ 1.50)`);
}, areas.areaListFile('2025').file);
