import { text, type LocalizedText } from '../errors';
import type { AreaLevel } from '../users/roles';

// Turns rows of an administrative-unit list (the columns of data/vn-admin-units-*.csv) into areas.
// Pure: the service reads the file and writes the result.

export const AREA_LIST_COLUMNS = [
  'province_code',
  'province_name',
  'district_code',
  'district_name',
  'commune_code',
  'commune_name',
  'commune_type',
] as const;

export type AreaListColumn = (typeof AREA_LIST_COLUMNS)[number];

/** One row of the list; `row` is its number in the file (the header is row 1 when absent). */
export type AreaListRow = Record<AreaListColumn, string> & { row?: number };

export interface AreaRecord {
  code: string;
  name: string;
  level: AreaLevel;
  type: string;
  parentCode: string | null;
  provinceCode: string;
  districtCode: string | null;
  communeCode: string | null;
}

export interface AreaListProblem {
  row: number;
  field: AreaListColumn;
  reason: LocalizedText;
}

const LEVEL_VI: Record<AreaLevel, string> = { province: 'tỉnh', district: 'huyện', commune: 'xã' };
const CODE_DIGITS: Record<AreaLevel, number> = { province: 2, district: 3, commune: 5 };

/** A code as the list writes it, or padded when a spreadsheet dropped its leading zeros ("7888"). */
function codeOf(written: string | undefined, level: AreaLevel): string {
  const code = written?.trim() ?? '';
  const digits = CODE_DIGITS[level];
  return /^\d+$/.test(code) && code.length < digits ? code.padStart(digits, '0') : code;
}

function badCode(level: AreaLevel, written: string): LocalizedText {
  const digits = CODE_DIGITS[level];
  if (!written) return text(`Thiếu mã ${LEVEL_VI[level]}`, `The ${level} code is missing`);
  return text(
    `Mã ${LEVEL_VI[level]} "${written}" phải gồm ${digits} chữ số`,
    `The ${level} code "${written}" must be ${digits} digits`,
  );
}

// Longest first, so "Thành phố" wins over a shorter prefix. Unit types (DESIGN §3).
const NAME_TYPES = ['Thành phố', 'Thị trấn', 'Thị xã', 'Đặc khu', 'Phường', 'Huyện', 'Quận', 'Tỉnh', 'Xã'];

export function typeFromName(name: string): string | undefined {
  return NAME_TYPES.find((t) => name === t || name.startsWith(t + ' '));
}

/** Row numbers are each row's `row`, else counted from a header in row 1, as a spreadsheet shows them. */
export function areasFromRows(rows: AreaListRow[]): { areas: AreaRecord[]; problems: AreaListProblem[] } {
  const byCode = new Map<string, AreaRecord>();
  const problems: AreaListProblem[] = [];
  const add = (rec: AreaRecord, row: number): void => {
    const seen = byCode.get(rec.code);
    if (!seen) byCode.set(rec.code, rec);
    else if (seen.name !== rec.name || seen.level !== rec.level || seen.parentCode !== rec.parentCode) {
      problems.push({
        row,
        field: `${rec.level}_code`,
        reason: text(
          `Mã ${rec.code} đã có ở dòng trên với tên hoặc cấp trên khác ("${seen.name}"); mỗi mã chỉ một đơn vị`,
          `Code ${rec.code} appears above with different data ("${seen.name}"); one unit per code`,
        ),
      });
    }
  };
  rows.forEach((r, i) => {
    const row = r.row ?? i + 2;
    const p = codeOf(r.province_code, 'province');
    const d = codeOf(r.district_code, 'district');
    const c = codeOf(r.commune_code, 'commune');
    if (!/^\d{2}$/.test(p))
      return void problems.push({ row, field: 'province_code', reason: badCode('province', p) });
    if (d && !/^\d{3}$/.test(d))
      return void problems.push({ row, field: 'district_code', reason: badCode('district', d) });
    if (c && !/^\d{5}$/.test(c))
      return void problems.push({ row, field: 'commune_code', reason: badCode('commune', c) });
    const unit = (
      code: string,
      name: string,
      level: AreaLevel,
      type: string | undefined,
      parentCode: string | null,
    ) => {
      const clean = name.normalize('NFC').replace(/\s+/g, ' ').trim();
      const t = type?.trim() || typeFromName(clean);
      if (!clean || !t) {
        problems.push({
          row,
          field: `${level}_name`,
          reason: clean
            ? text(
                `Không rõ loại đơn vị của "${clean}": tên cần bắt đầu bằng Tỉnh, Thành phố, Huyện, Quận, Thị xã, Xã, Phường, Thị trấn hoặc Đặc khu (hoặc ghi cột Cấp)`,
                `Unknown unit type of "${clean}": the name should start with its type (Tỉnh, Xã, Phường…) or the type column be filled`,
              )
            : text(`Thiếu tên ${LEVEL_VI[level]} mã ${code}`, `The ${level} ${code} has no name`),
        });
        return;
      }
      add(
        {
          code,
          name: clean,
          level,
          type: t,
          parentCode,
          provinceCode: p,
          districtCode: level === 'province' ? null : d || null,
          communeCode: level === 'commune' ? code : null,
        },
        row,
      );
    };
    unit(p, r.province_name ?? '', 'province', undefined, null);
    if (d) unit(d, r.district_name ?? '', 'district', undefined, p);
    if (c) unit(c, r.commune_name ?? '', 'commune', r.commune_type, d || p);
  });
  return { areas: [...byCode.values()], problems };
}

/** A one-line summary, e.g. "34 provinces, 0 districts, 3321 communes". */
export function countByLevel(areas: Pick<AreaRecord, 'level'>[]): Record<AreaLevel, number> {
  const counts: Record<AreaLevel, number> = { province: 0, district: 0, commune: 0 };
  for (const a of areas) counts[a.level] += 1;
  return counts;
}
