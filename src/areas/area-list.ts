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

export type AreaListRow = Record<(typeof AREA_LIST_COLUMNS)[number], string>;

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
  field: string;
  message: string;
}

// Longest first, so "Thành phố" wins over a shorter prefix. Unit types (DESIGN §3).
const NAME_TYPES = ['Thành phố', 'Thị trấn', 'Thị xã', 'Đặc khu', 'Phường', 'Huyện', 'Quận', 'Tỉnh', 'Xã'];

export function typeFromName(name: string): string | undefined {
  return NAME_TYPES.find((t) => name === t || name.startsWith(t + ' '));
}

/** Row numbers count the header as row 1, as a spreadsheet shows them. */
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
        message: `code ${rec.code} appears with different data`,
      });
    }
  };
  rows.forEach((r, i) => {
    const row = i + 2;
    const p = r.province_code?.trim() ?? '';
    const d = r.district_code?.trim() ?? '';
    const c = r.commune_code?.trim() ?? '';
    if (!/^\d{2}$/.test(p))
      return void problems.push({ row, field: 'province_code', message: 'must be 2 digits' });
    if (d && !/^\d{3}$/.test(d))
      return void problems.push({ row, field: 'district_code', message: 'must be 3 digits' });
    if (c && !/^\d{5}$/.test(c))
      return void problems.push({ row, field: 'commune_code', message: 'must be 5 digits' });
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
          message: `missing name or unknown unit type: "${clean}"`,
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
