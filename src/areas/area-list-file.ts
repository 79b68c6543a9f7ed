import { text, ValidationError } from '../errors';
import { cellText, isBlankRow } from '../spreadsheets/cells';
import { cellOf, columnName, headerReader, type NamedColumn, type SheetHeader } from '../spreadsheets/header';
import { findHeaderRow, readSpreadsheet, type ByteSource, type SpreadsheetKind } from '../spreadsheets/read';
import { AREA_LIST_COLUMNS, type AreaListColumn, type AreaListRow } from './area-list';

// An administrative-unit list as a file: the project's CSV (data/vn-admin-units-*.csv) or the list
// as the statistics office exports it (Mã TP, Tỉnh / Thành Phố, Mã QH, Quận Huyện, Mã PX, Phường
// Xã, Cấp), in CSV or .xlsx, with title rows above the header and notes below it.

export const AREA_LIST_FILE_COLUMNS: readonly NamedColumn<AreaListColumn>[] = [
  { field: 'province_code', vi: 'Mã tỉnh', required: true, aliases: ['mã tp', 'mã tỉnh/thành phố'] },
  {
    field: 'province_name',
    vi: 'Tỉnh/Thành phố',
    required: true,
    aliases: ['tỉnh', 'tên tỉnh', 'tỉnh/thành', 'province'],
  },
  { field: 'district_code', vi: 'Mã huyện', required: false, aliases: ['mã qh', 'mã quận/huyện'] },
  {
    field: 'district_name',
    vi: 'Quận/Huyện',
    required: false,
    aliases: ['huyện', 'tên huyện', 'district'],
  },
  { field: 'commune_code', vi: 'Mã xã', required: true, aliases: ['mã px', 'mã phường/xã', 'mã xã/phường'] },
  {
    field: 'commune_name',
    vi: 'Xã/Phường',
    required: true,
    aliases: ['phường/xã', 'xã', 'tên xã', 'commune'],
  },
  { field: 'commune_type', vi: 'Cấp', required: false, aliases: ['loại', 'loại đơn vị', 'type'] },
];

const readHeader = headerReader(AREA_LIST_FILE_COLUMNS);
const CODE_FIELDS = ['province_code', 'district_code', 'commune_code'] as const;

export interface AreaListFile {
  headerRow: number;
  header: SheetHeader<AreaListColumn>;
  rows: AreaListRow[];
  /** Rows with no unit code in them (titles, totals, signatures): not units, so left out. */
  skipped: { row: number; text: string }[];
}

/** The file's rows; ValidationError when no header is found, a column is missing or no row has a code. */
export async function readAreaList(
  source: ByteSource,
  kind: SpreadsheetKind,
  maxBytes = 20 * 1024 * 1024,
): Promise<AreaListFile> {
  const file = readSpreadsheet(source, kind, { maxBytes });
  const { header, headerRow } = await findHeaderRow(
    file.rows,
    (cells) => {
      const h = readHeader(cells);
      return h.columns.has('province_code') || h.columns.has('commune_code') ? h : null;
    },
    AREA_LIST_FILE_COLUMNS,
    text(
      'Không tìm thấy dòng tiêu đề của danh mục (cần các cột Mã tỉnh, Tỉnh/Thành phố, Mã xã, Xã/Phường)',
      `No header row found (the list needs the columns ${AREA_LIST_COLUMNS.join(', ')})`,
    ),
  );
  const rows: AreaListRow[] = [];
  const skipped: AreaListFile['skipped'] = [];
  for await (const { number, cells } of file.rows) {
    if (isBlankRow(cells)) continue;
    if (!CODE_FIELDS.some((f) => /\d/.test(cellOf(header, cells, f)))) {
      skipped.push({ row: number, text: cells.map(cellText).filter(Boolean).join(' ') });
      continue;
    }
    const row = { row: number } as AreaListRow;
    for (const f of AREA_LIST_COLUMNS) row[f] = cellOf(header, cells, f);
    rows.push(row);
  }
  if (rows.length === 0) {
    throw new ValidationError(
      text(
        'Tệp danh mục không có dòng nào mang mã đơn vị',
        'The area list is empty (no rows with a unit code)',
      ),
      { expected: AREA_LIST_COLUMNS },
    );
  }
  return { headerRow, header, rows, skipped };
}

/** The header a field has in the file, for a problem's report. */
export function areaColumnName(list: AreaListFile, field: AreaListColumn): string | null {
  return columnName(list.header, field);
}
