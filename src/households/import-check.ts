import { Types } from 'mongoose';
import { ValidationError } from '../errors';
import type { SheetRow } from '../spreadsheets/read';
import { endsHouseholds, skipKindOf } from '../spreadsheets/skip-rows';
import { eligibilityOf } from './eligibility';
import { normalizeFields, type HouseholdFields } from './household';
import type { ChunkContext, ImportCandidate } from './import-chunk';
import { fieldText, type ImportHeader } from './import-header';
import {
  idText,
  keysOf,
  knownWithNationalId,
  possibleDuplicatesOf,
  rememberHousehold,
  type KnownHouseholds,
} from './import-known';
import {
  rejectRepeated,
  reportAlreadyRegistered,
  reportSkipped,
  rejectRow,
  rowProblems,
  type HouseholdImportReport,
} from './import-report';
import { mapImportRow } from './import-row';

// One row of a survey-list import (import.ts) judged: a footer or column-number row skipped, a row
// mapped and checked by Joi, against the file's earlier rows and the commune's known households.
// What is kept becomes a candidate for the next chunk; everything else goes into the report.

/** Joi's check of one household (schemas.ts), passed in so that this service stays free of Joi. */
export type RowValidator = (row: unknown) => HouseholdFields;

export interface ImportRun extends ChunkContext {
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

/** A valid new household, or null when the row is rejected (and reported). */
export function checkRow(
  run: ImportRun,
  sheetRow: SheetRow,
  validateRow: RowValidator,
): ImportCandidate | null {
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
      // The commune's index keeps folded keys only: the name and village are this row's (same ID).
      headName: fields.head.fullName,
      village: fields.village ?? null,
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
export function skippedAsNoHousehold(run: ImportRun, sheetRow: SheetRow): boolean {
  const hasNationalId = fieldText(run.header, sheetRow.cells, 'national_id') !== '';
  const kind = skipKindOf(sheetRow.cells, { hasNationalId, afterFooter: run.afterFooter });
  if (!kind) return false;
  if (endsHouseholds(kind)) run.afterFooter = true;
  reportSkipped(run.report, sheetRow.number, sheetRow.cells, kind);
  return true;
}
