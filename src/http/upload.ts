import type { Request } from 'express';
import { text, ValidationError, type LocalizedText } from '../errors';
import type { SpreadsheetKind } from '../spreadsheets/read';
import { XLSX_TYPE } from '../spreadsheets/xlsx';

// Uploaded files (spreadsheets, photos) arrive as the raw request body, named by its Content-Type.

/** Spreadsheet uploads by media type. Windows browsers label .csv files as Excel's old type. */
export const SPREADSHEET_TYPES: Readonly<Record<string, SpreadsheetKind>> = {
  'text/csv': 'csv',
  'application/csv': 'csv',
  'text/plain': 'csv',
  'application/vnd.ms-excel': 'csv',
  [XLSX_TYPE]: 'xlsx',
};

/** The default refusal for a spreadsheet sent as something else. */
export const SEND_SPREADSHEET = text(
  'Hãy gửi tệp CSV (Content-Type: text/csv) hoặc Excel .xlsx',
  'Send the file as text/csv or as an .xlsx workbook',
);

/**
 * What the request's Content-Type (without parameters) names in `accepted`; a type not in it answers
 * ValidationError with `refusal` and the accepted types.
 */
export function uploadKindOf<K>(
  req: Request,
  accepted: Readonly<Record<string, K>>,
  refusal: LocalizedText = SEND_SPREADSHEET,
): K {
  const given = (req.get('content-type') ?? '').split(';')[0].trim().toLowerCase();
  if (!Object.hasOwn(accepted, given))
    throw new ValidationError(refusal, { accepted: Object.keys(accepted) });
  return accepted[given];
}
