// npm run households:import -- <file.csv|file.xlsx> --commune <code> [--dry-run] [--report <file.json|->]
// Imports a commune's survey list as the system actor, like POST /households/import. Shows progress
// by bytes read, prints a summary and writes the full report (every rejected row) as JSON next to
// the file, or to stdout with --report -.
import { Presets, SingleBar } from 'cli-progress';
import { createReadStream, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { Transform } from 'node:stream';
import { syncAllIndexes } from '../src/database/db';
import { importHouseholds } from '../src/households/import';
import { householdFieldsSchema } from '../src/households/schemas';
import { parse } from '../src/http/validate';
import { SYSTEM_ACTOR } from '../src/users/roles';
import { runScript } from './run';

const USAGE =
  'Usage: npm run households:import -- <file.csv|file.xlsx> --commune <code> [--dry-run] [--report <file.json|->]';

function argValue(args: string[], flag: string): string | undefined {
  const i = args.indexOf(flag);
  return i >= 0 ? args[i + 1] : undefined;
}

const args = process.argv.slice(2);
const commune = argValue(args, '--commune');
const reportTo = argValue(args, '--report');
const file = args.find((a, i) => !a.startsWith('--') && !['--commune', '--report'].includes(args[i - 1]));
if (!file || !commune || !/^\d{5}$/.test(commune)) {
  console.error(USAGE);
  process.exit(2);
}

void runScript(async () => {
  await syncAllIndexes(); // the unique national ID index is what keeps a re-run from duplicating
  const size = statSync(file).size;
  const bar = new SingleBar(
    { format: 'households {bar} {percentage}% | {rows} rows', noTTYOutput: true, notTTYSchedule: 1000 },
    Presets.shades_classic,
  );
  bar.start(size, 0, { rows: 0 });
  let bytes = 0;
  let rows = 0;
  const counted = createReadStream(file).pipe(
    new Transform({
      transform(chunk: Buffer, _enc, done) {
        bytes += chunk.length;
        bar.update(bytes, { rows });
        done(null, chunk);
      },
    }),
  );
  const report = await importHouseholds(
    {
      communeCode: commune,
      dryRun: args.includes('--dry-run'),
      kind: path.extname(file).toLowerCase() === '.xlsx' ? 'xlsx' : 'csv',
      file: counted,
    },
    {
      validateRow: (row) => parse(householdFieldsSchema, row),
      onProgress: (n) => {
        rows = n;
        bar.update(bytes, { rows });
      },
    },
    SYSTEM_ACTOR,
  );
  bar.update(size, { rows: report.total });
  bar.stop();

  const verb = report.dryRun ? 'would create' : 'created';
  console.log(
    `${report.total} rows (${report.encoding ?? report.format}): ${report.valid} valid, ${verb} ` +
      `${report.dryRun ? report.valid : report.created}, ${report.alreadyRegisteredRows} already registered here, ` +
      `${report.rejectedRows} rejected (${report.duplicates.inFile.length} repeated in the file, ` +
      `${report.duplicates.inDatabase.length} registered in another commune), ${report.skippedRows} footer rows skipped, ` +
      `${report.ineligible} not eligible, ${report.possibleDuplicates.length} possible duplicates to review.`,
  );
  for (const r of report.rejected.slice(0, 10)) console.log(`  row ${r.row}: ${r.reason.en}`);
  if (report.rejected.length > 10) console.log(`  … and ${report.rejected.length - 10} more`);
  const json = JSON.stringify(report, null, 2);
  if (reportTo === '-') {
    console.log(json);
    return;
  }
  const out = reportTo ?? `${file}.report.json`;
  writeFileSync(out, json);
  console.log(`Full report: ${out}`);
});
