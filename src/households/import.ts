import { Types } from 'mongoose';
import * as areas from '../areas/service';
import * as audit from '../audit/service';
import { ForbiddenError, RuleViolationError, text, ValidationError } from '../errors';
import { isBlankRow } from '../spreadsheets/cells';
import { findHeaderRow, readSpreadsheet, type ByteSource, type SpreadsheetKind } from '../spreadsheets/read';
import { isWithinScope, type Actor } from '../users/roles';
import { countTransition } from './counters';
import { assertMayRegisterIn } from './household';
import { checkRow, skippedAsNoHousehold, type ImportRun, type RowValidator } from './import-check';
import { dropLostReferences, holdersOf, insertChunk, type ImportCandidate } from './import-chunk';
import { IMPORT_COLUMNS } from './import-columns';
import { resolveHeader } from './import-header';
import { forgetHousehold, idText, keysOf, knownHouseholdsOf } from './import-known';
import {
  emptyReport,
  rejectRegistered,
  reportAlreadyRegistered,
  reportIneligible,
  sortReport,
  type HouseholdImportReport,
} from './import-report';

export type { RowValidator } from './import-check';

// Bulk import of a commune's survey list (issue item 7). Rows stream through: each is mapped
// (import-row.ts), checked (import-check.ts) by the caller's Joi validator and against the national
// IDs already known (import-known.ts), and every CHUNK valid rows go to the database in one
// insertMany, with one counter update. Only keys and the report stay in memory, never the rows.
//
// The database is asked once for the commune's households (re-running a file finds all its rows
// there). A national ID registered in another commune is found by the unique index on insert (a
// dry run asks for each chunk's IDs instead). Possible duplicates by phone are looked for in the
// commune and the file, not nation-wide as a single registration does: on FerretDB an `$in` query
// scans the whole collection, and one per chunk would make a large import quadratic.

const CHUNK = 1_000;

export interface ImportHouseholdsInput {
  /** Defaults to the commune of a commune_staff actor. */
  communeCode?: string;
  dryRun: boolean;
  kind: SpreadsheetKind;
  file: ByteSource;
  maxBytes?: number;
}

export interface ImportOptions {
  validateRow: RowValidator;
  onProgress?: (rowsRead: number) => void;
}

/**
 * Imports (with dryRun: only checks) a survey file into one commune and reports on every row.
 * Throws ValidationError for an unreadable file or missing columns, before anything is written.
 */
export async function importHouseholds(
  input: ImportHouseholdsInput,
  opts: ImportOptions,
  actor: Actor,
): Promise<HouseholdImportReport> {
  const commune = await communeForImport(input.communeCode, actor);
  const file = readSpreadsheet(input.file, input.kind, { maxBytes: input.maxBytes });
  const { header, headerRow } = await findHeaderRow(
    file.rows,
    resolveHeader,
    IMPORT_COLUMNS,
    text(
      'Không tìm thấy dòng tiêu đề; hãy dùng tệp mẫu (GET /households/import/template)',
      'No header row found; use the template (GET /households/import/template)',
    ),
  );
  const run: ImportRun = {
    actor,
    dryRun: input.dryRun,
    area: {
      provinceCode: commune.provinceCode,
      districtCode: commune.districtCode,
      communeCode: commune.code,
    },
    listYear: commune.targets?.listYear ?? 0,
    receiverType: commune.defaultReceiverType ?? 'dvb-t2',
    header,
    report: emptyReport({
      communeCode: commune.code,
      dryRun: input.dryRun,
      format: input.kind,
      headerRow,
      ignoredColumns: header.ignored,
    }),
    known: await knownHouseholdsOf(commune.code),
    pending: [],
    afterFooter: false,
    importId: String(new Types.ObjectId()),
    registeredRows: new Map(),
    communeNames: new Map([[commune.code, commune.name]]),
  };
  // One chunk is written while the next is read and checked, so parsing overlaps the database.
  let writing: Promise<void> = Promise.resolve();
  try {
    for await (const sheetRow of file.rows) {
      if (isBlankRow(sheetRow.cells) || skippedAsNoHousehold(run, sheetRow)) continue;
      run.report.total++;
      const candidate = checkRow(run, sheetRow, opts.validateRow);
      if (candidate) run.pending.push(candidate);
      if (run.pending.length < CHUNK) continue;
      await writing;
      writing = flush(run, takePending(run));
      writing.catch(() => undefined); // awaited before the next chunk or below; not "unhandled" meanwhile
      opts.onProgress?.(run.report.total);
    }
  } catch (err) {
    // The file failed midway: let the chunk being written finish (counters included) before answering.
    await writing.catch(() => undefined);
    throw await abandoned(run, err);
  }
  await writing;
  await flush(run, takePending(run));
  opts.onProgress?.(run.report.total);
  run.report.encoding = file.encoding();
  sortReport(run.report);
  if (!run.dryRun) await recordImport(run);
  return run.report;
}

async function communeForImport(code: string | undefined, actor: Actor) {
  const communeCode = code ?? (actor.role === 'commune_staff' ? actor.scope?.communeCode : undefined);
  if (!communeCode) {
    throw new ValidationError(text('Hãy chọn xã (communeCode)', 'communeCode is required'), [
      { path: 'communeCode', message: text('communeCode: bắt buộc', 'communeCode is required') },
    ]);
  }
  const commune = await areas.getArea(communeCode);
  if (commune.level !== 'commune') {
    throw new RuleViolationError(
      text(`${commune.name} không phải cấp xã`, `${commune.name} is not a commune`),
      { field: 'communeCode' },
    );
  }
  // Officials import for the communes of their area (DESIGN §10); staff only into their own.
  if (actor.role !== 'official') assertMayRegisterIn(actor, commune);
  else if (!isWithinScope(actor.scope, commune)) {
    throw new ForbiddenError(text('Xã này nằm ngoài phạm vi của bạn', 'This commune is outside your area'));
  }
  return commune;
}

function takePending(run: ImportRun): ImportCandidate[] {
  const chunk = run.pending;
  run.pending = [];
  return chunk;
}

/**
 * Writes (in a dry run, checks) a chunk; rows whose national ID turns out to be taken are rejected
 * and forgotten. Rows of the next chunk, read meanwhile, lose their flags pointing at them too; one
 * repeating such a row's ID was already reported as repeated in the file, which it also is.
 */
async function flush(run: ImportRun, chunk: ImportCandidate[]): Promise<void> {
  if (chunk.length === 0) return;
  const taken = run.dryRun ? await holdersOf(run, chunk) : await insertChunk(run, chunk);
  const lost = new Set<string>();
  for (const c of chunk) {
    const holder = taken.get(c.row);
    if (!holder) continue;
    lost.add(idText(c.id));
    forgetHousehold(run.known, idText(c.id), keysOf(c.fields));
    // Registered meanwhile in this commune (a racing upload) is the same household; elsewhere it is not.
    if (holder.communeCode === run.area.communeCode)
      reportAlreadyRegistered(run.report, c.row, c.fields.head.nationalId, holder);
    else rejectRegistered(run.report, run.header, c.row, c.fields.head.nationalId, holder);
  }
  const kept = chunk.filter((c) => !taken.has(c.row));
  if (lost.size) {
    await dropLostReferences(run, kept, lost);
    for (const c of run.pending) c.possible = c.possible.filter((p) => !lost.has(p.householdId));
  }
  for (const c of kept) {
    run.report.valid++;
    if (!c.eligibility.eligible) reportIneligible(run.report, c.row, c.eligibility);
    for (const p of c.possible) {
      const householdId = run.dryRun && p.row !== null ? null : p.householdId;
      run.report.possibleDuplicates.push({
        row: c.row,
        grounds: p.grounds,
        duplicateOf: { householdId, row: p.row },
      });
    }
  }
  if (run.dryRun) return;
  run.report.created += kept.length;
  await countTransition(run.area, null, 'registered', kept.length);
  // Each household's history starts at its import (DESIGN §7 invariant 4): one entry per household,
  // linking to the import's own entry (entityType household_import, entityId importId).
  await audit.recordMany(
    run.actor,
    'household.imported',
    kept.map((c) => ({
      entity: { type: 'household', id: idText(c.id), area: run.area },
      after: { importId: run.importId, row: c.row, status: 'registered' },
    })),
  );
}

/**
 * A file that turns unreadable midway (too large, not UTF-8 after the first 64 KB) leaves the
 * chunks before it stored: they are audited, and the error says so. Re-running the corrected file
 * imports the rest and reports those as already registered.
 */
async function abandoned(run: ImportRun, err: unknown): Promise<unknown> {
  if (run.dryRun || run.report.created === 0) return err;
  await recordImport(run, err instanceof Error ? err.message : String(err));
  if (!(err instanceof ValidationError)) return err;
  const n = run.report.created;
  return new ValidationError(
    text(
      `${err.text.vi} (${n} hộ ở các dòng trước đó đã được nhập)`,
      `${err.text.en} (${n} households from the rows before were imported)`,
    ),
    { reason: err.details ?? null, created: n, importId: run.report.importId },
  );
}

/**
 * The import's own audit entry, with its summary; each household it created has its own
 * `household.imported` entry naming this one (written with its chunk, in flush).
 */
async function recordImport(run: ImportRun, failure?: string): Promise<void> {
  const r = run.report;
  r.importId = run.importId;
  await audit.record(
    run.actor,
    'households.imported',
    { type: 'household_import', id: r.importId, area: run.area },
    {
      after: {
        communeCode: r.communeCode,
        format: r.format,
        encoding: r.encoding,
        total: r.total,
        created: r.created,
        rejectedRows: r.rejectedRows,
        duplicatesInFile: r.duplicates.inFile.length,
        duplicatesInDatabase: r.duplicates.inDatabase.length,
        possibleDuplicates: r.possibleDuplicates.length,
        ...(failure ? { abandonedAfterRow: r.total, failure } : {}),
      },
    },
  );
}
