import { Types } from 'mongoose';
import * as areas from '../areas/service';
import * as audit from '../audit/service';
import { ForbiddenError, RuleViolationError, text, ValidationError } from '../errors';
import { toCsv } from '../spreadsheets/csv';
import { isWithinScope, type Actor } from '../users/roles';
import { countTransition } from './counters';
import { eligibilityOf } from './eligibility';
import {
  dropLostReferences,
  holdersOf,
  insertChunk,
  type ChunkContext,
  type ImportCandidate,
} from './import-chunk';
import {
  fieldText,
  IMPORT_COLUMNS,
  importTemplate,
  mapImportRow,
  resolveHeader,
  type ImportHeader,
} from './import-columns';
import { isBlankRow } from '../spreadsheets/cells';
import {
  findHeaderRow,
  readSpreadsheet,
  type ByteSource,
  type SheetRow,
  type SpreadsheetKind,
} from '../spreadsheets/read';
import {
  forgetHousehold,
  idText,
  keysOf,
  knownHouseholdsOf,
  knownWithNationalId,
  possibleDuplicatesOf,
  rememberHousehold,
  type KnownHouseholds,
} from './import-known';
import {
  emptyReport,
  rejectRegistered,
  rejectRepeated,
  reportAlreadyRegistered,
  reportIneligible,
  reportSkipped,
  rejectRow,
  rowProblems,
  sortReport,
  type HouseholdImportReport,
} from './import-report';
import { endsHouseholds, skipKindOf } from '../spreadsheets/skip-rows';
import { assertMayRegisterIn, normalizeFields, type HouseholdFields } from './household';

// Bulk import of a commune's survey list (issue item 7). Rows stream through: each is mapped
// (import-columns.ts), checked by the caller's Joi validator and against the national IDs already
// known (import-known.ts), and every CHUNK valid rows go to the database in one insertMany, with
// one counter update. Only keys and the report stay in memory, never the rows.
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

/** Joi's check of one household (schemas.ts), passed in so that this service stays free of Joi. */
export type RowValidator = (row: unknown) => HouseholdFields;

export interface ImportOptions {
  validateRow: RowValidator;
  onProgress?: (rowsRead: number) => void;
}

interface ImportRun extends ChunkContext {
  listYear: number;
  header: ImportHeader;
  report: HouseholdImportReport;
  known: KnownHouseholds;
  pending: ImportCandidate[];
  /** A totals or signature row was read: rows without a national ID below it are the footer. */
  afterFooter: boolean;
  /** The import's audit entity id, given to every household entry before the import's own is written. */
  importId: string;
  /** National IDs of this commune's registered households met in the file, by first row. */
  registeredRows: Map<string, number>;
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

/** A valid new household, or null when the row is rejected (and reported). */
function checkRow(run: ImportRun, sheetRow: SheetRow, validateRow: RowValidator): ImportCandidate | null {
  const { number: row, cells } = sheetRow;
  const { input, problems: refused } = mapImportRow(run.header, cells);
  let fields: HouseholdFields;
  try {
    fields = normalizeFields(validateRow(input));
  } catch (err) {
    if (!(err instanceof ValidationError)) throw err;
    rejectRow(run.report, run.header, row, cells, rowProblems(input, refused, err));
    return null;
  }
  if (refused.length) {
    rejectRow(run.report, run.header, row, cells, refused);
    return null;
  }
  const keys = keysOf(fields);
  const known = knownWithNationalId(run.known, keys.nationalId);
  if (known?.row != null) {
    rejectRepeated(run.report, run.header, row, keys.nationalId, known.row);
    return null;
  }
  if (known) {
    // Registered in this commune already: the same list uploaded again, not a mistake in the row;
    // a second row with that ID is still a repeat within the file.
    const firstRow = run.registeredRows.get(keys.nationalId);
    if (firstRow !== undefined) {
      rejectRepeated(run.report, run.header, row, keys.nationalId, firstRow);
      return null;
    }
    run.registeredRows.set(keys.nationalId, row);
    const { communeCode } = run.area;
    const holder = {
      householdId: known.householdId,
      communeCode,
      communeName: run.communeNames.get(communeCode) ?? null,
    };
    reportAlreadyRegistered(run.report, row, keys.nationalId, holder);
    return null;
  }
  const id = new Types.ObjectId();
  const possible = possibleDuplicatesOf(run.known, keys);
  rememberHousehold(run.known, { householdId: idText(id), row }, keys);
  const eligibility = eligibilityOf({ ...fields, isDuplicate: false }, run.listYear);
  return { row, id, fields, eligibility, possible };
}

/** Footer, signature and column-number rows are reported as skipped (spreadsheets/skip-rows.ts). */
function skippedAsNoHousehold(run: ImportRun, sheetRow: SheetRow): boolean {
  const hasNationalId = fieldText(run.header, sheetRow.cells, 'national_id') !== '';
  const kind = skipKindOf(sheetRow.cells, { hasNationalId, afterFooter: run.afterFooter });
  if (!kind) return false;
  if (endsHouseholds(kind)) run.afterFooter = true;
  reportSkipped(run.report, sheetRow.number, sheetRow.cells, kind);
  return true;
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

/** The CSV a commune fills in: the header row (Vietnamese or English) and one example household. */
export function householdImportTemplate(lang: 'vi' | 'en'): string {
  const { headers, example } = importTemplate(lang);
  return toCsv(
    [example],
    headers.map((label, i) => ({ label, value: (row: string[]) => row[i] })),
  );
}
