// npm run bench:export -- --rows 200000
// DESIGN §12: "200,000 households stream as CSV or .xlsx with peak memory growth under 100 MB."
// On a scratch database: registers N households through the import service (a generated survey
// list, streamed), then exports them all as an admin would, as CSV and then as .xlsx, into a sink
// that counts the bytes, sampling memory while the file streams — each in a fresh process, so that
// the seeding's (or the other format's) leftovers neither hide nor inflate the export's own growth.
// Last, the audit trail the import left (one `household.imported` entry per household, thousands
// at one instant) as the Nhật ký page's .xlsx: it pages by key (reports/audit-log.ts), so its rate
// should not fall as the trail grows.
import { Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { exportHouseholds } from '../../src/households/export';
import { auditLogColumns } from '../../src/reports/audit-log-columns';
import { auditLogRows } from '../../src/reports/audit-log';
import { xlsxStream } from '../../src/spreadsheets/xlsx';
import { importHouseholds } from '../../src/households/import';
import { householdFieldsSchema } from '../../src/households/schemas';
import { parse } from '../../src/http/validate';
import { SYSTEM_ACTOR } from '../../src/users/roles';
import {
  BENCH_COMMUNE,
  inChildProcess,
  numberArg,
  sampleMemory,
  scratchDbOfParent,
  surveyChunks,
  withParentScratchDb,
  withScratchDb,
} from './scratch';

const rows = numberArg('rows', 200_000);

/** Set by the parent for each measuring child: which format it exports. */
const FORMAT_ENV = 'BENCH_EXPORT_FORMAT';

async function measureExport(): Promise<void> {
  if (process.env[FORMAT_ENV] === 'xlsx') return measureXlsxExport();
  if (process.env[FORMAT_ENV] === 'audit') return measureAuditExport();
  let bytes = 0;
  let lines = 0; // line ends: json2csv ends every line but the last
  let last = '';
  const sink = new Writable({
    write(chunk: Buffer | string, _enc, done) {
      const text = chunk.toString();
      bytes += Buffer.byteLength(text);
      for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) lines++;
      if (text) last = text[text.length - 1];
      done();
    },
  });
  const memory = sampleMemory();
  const started = performance.now();
  await pipeline(await exportHouseholds({ lang: 'vi', includeNationalId: false }, SYSTEM_ACTOR), sink);
  const seconds = (performance.now() - started) / 1000;
  const peak = memory.stop();
  const exported = lines + (last === '\n' ? 0 : 1) - 1;

  console.log(
    `Exported ${exported} households, ${(bytes / 1e6).toFixed(1)} MB of CSV in ${seconds.toFixed(1)} s ` +
      `(${Math.round(exported / seconds)} rows/s)`,
  );
  console.log(
    `Export peak growth: RSS ${peak.rssMb} MB, heap ${peak.heapMb} MB (from RSS ${peak.startRssMb} MB, heap ${peak.startHeapMb} MB) (target: < 100 MB)`,
  );
}

async function measureXlsxExport(): Promise<void> {
  let bytes = 0;
  const sink = new Writable({
    write(chunk: Buffer, _enc, done) {
      bytes += chunk.length;
      done();
    },
  });
  const memory = sampleMemory();
  const started = performance.now();
  await pipeline(
    await exportHouseholds({ lang: 'vi', includeNationalId: false }, SYSTEM_ACTOR, 'xlsx'),
    sink,
  );
  const seconds = (performance.now() - started) / 1000;
  const peak = memory.stop();
  console.log(
    `Exported ${rows} households, ${(bytes / 1e6).toFixed(1)} MB of .xlsx in ${seconds.toFixed(1)} s ` +
      `(${Math.round(rows / seconds)} rows/s)`,
  );
  console.log(
    `.xlsx export peak growth: RSS ${peak.rssMb} MB, heap ${peak.heapMb} MB (from RSS ${peak.startRssMb} MB, heap ${peak.startHeapMb} MB) (target: < 100 MB)`,
  );
}

/** The audit trail the import left, as the Nhật ký page's .xlsx: bytes, rows, rate and memory growth. */
async function measureAuditExport(): Promise<void> {
  let bytes = 0;
  let entries = 0;
  const sink = new Writable({
    write(chunk: Buffer, _enc, done) {
      bytes += chunk.length;
      done();
    },
  });
  async function* counted() {
    for await (const row of auditLogRows({ action: 'household.imported' }, SYSTEM_ACTOR)) {
      entries++;
      yield row;
    }
  }
  const memory = sampleMemory();
  const started = performance.now();
  await pipeline(xlsxStream('Nhật ký', auditLogColumns('vi'), counted()), sink);
  const seconds = (performance.now() - started) / 1000;
  const peak = memory.stop();
  console.log(
    `Exported ${entries} audit entries, ${(bytes / 1e6).toFixed(1)} MB of .xlsx in ${seconds.toFixed(1)} s ` +
      `(${Math.round(entries / seconds)} rows/s; peak growth RSS ${peak.rssMb} MB, heap ${peak.heapMb} MB)`,
  );
}

const parentDb = scratchDbOfParent();
if (parentDb) void withParentScratchDb(parentDb, measureExport);
else
  void withScratchDb(async (scratch) => {
    const seeding = performance.now();
    const seeded = await importHouseholds(
      { communeCode: BENCH_COMMUNE, dryRun: false, kind: 'csv', file: Readable.from(surveyChunks(rows)) },
      { validateRow: (row) => parse(householdFieldsSchema, row) },
      SYSTEM_ACTOR,
    );
    console.log(
      `Seeded ${seeded.created} households through the import in ${((performance.now() - seeding) / 1000).toFixed(1)} s`,
    );

    for (const format of ['csv', 'xlsx', 'audit']) {
      process.env[FORMAT_ENV] = format;
      await inChildProcess(scratch);
    }
  });
