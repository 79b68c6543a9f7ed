import { AreaModel, type AreaDoc } from '../areas/model';
import { findOneByKey } from '../database/bulk-reads';
import { findAll } from '../database/postgres-reads';
import { NotFoundError, text, ValidationError } from '../errors';
import { countersOf } from '../households/counters';
import { isWithinScope, type Actor, type AreaLevel } from '../users/roles';
import { addCounts, addTargets, zeroCounts, type CoverageCounts } from './coverage';

// The area a report is about and its rows (the areas below it), read once, and the household
// counters summed per row: shared by the coverage, progress and payment reports. Read-only.

export type ReportLevel = AreaLevel | 'nation';

/** The area a report is about: the nation (admins only) or an area inside the actor's scope. */
export interface ReportArea {
  /** null for the nation. */
  code: string | null;
  name: string;
  level: ReportLevel;
  provinceCode: string | null;
  districtCode: string | null;
}

export interface ChildArea {
  code: string;
  name: string;
  level: AreaLevel;
  provinceCode: string;
  districtCode: string | null;
}

export const NATION: ReportArea = {
  code: null,
  name: 'Toàn quốc',
  level: 'nation',
  provinceCode: null,
  districtCode: null,
};

const areaNotFound = (code: string) =>
  new NotFoundError(text(`Không có đơn vị hành chính mã ${code}`, `No area with code ${code}`));

/**
 * The report's area: `areaCode`, or the actor's own scope when omitted (the nation for an admin
 * without one). An area outside the actor's scope answers NotFoundError, like an unknown code.
 */
export async function resolveReportArea(areaCode: string | undefined, actor: Actor): Promise<ReportArea> {
  const code = areaCode ?? actor.scope?.code;
  if (!code) return NATION;
  const a = await findOneByKey<AreaDoc>(AreaModel, 'code', code);
  if (!a || !isWithinScope(actor.scope, a)) throw areaNotFound(code);
  return {
    code: a.code,
    name: a.name,
    level: a.level,
    provinceCode: a.provinceCode,
    districtCode: a.districtCode ?? null,
  };
}

/** A Mongo filter for the areas (or counters) under `area`, on their path fields. */
export function underArea(area: ReportArea, codeField = 'code'): Record<string, string> {
  if (area.level === 'nation' || !area.code || !area.provinceCode) return {};
  if (area.level === 'province') return { provinceCode: area.provinceCode };
  if (area.level === 'district') return { districtCode: area.code };
  return { [codeField]: area.code };
}

const ROW_LEVELS: Record<ReportLevel, readonly AreaLevel[]> = {
  nation: ['province', 'district', 'commune'],
  province: ['district', 'commune'],
  district: ['commune'],
  commune: ['commune'],
};

/** Checks a requested row level against the area; undefined when none was asked for. */
function requestedLevel(area: ReportArea, level: AreaLevel | undefined): AreaLevel | undefined {
  if (level && !ROW_LEVELS[area.level].includes(level)) {
    throw new ValidationError(
      text(
        `Không thể báo cáo cấp ${level} bên dưới ${area.name}`,
        `There is no ${level} level below ${area.level === 'nation' ? 'the nation' : `${area.level} ${area.code}`}`,
      ),
      { level, allowed: ROW_LEVELS[area.level] },
    );
  }
  return level;
}

/** What a report needs from the areas under its area: its rows, their targets, switch-off dates. */
export interface ReportAreas {
  /** The level of the rows. */
  level: AreaLevel;
  /** The areas a report has one row for, in code order. */
  children: ChildArea[];
  /** Official targets (poor + near-poor) summed per row; null when no commune of the row has one. */
  targets: Map<string, number | null>;
  /** The switch-off day ('YYYY-MM-DD') of each province concerned. */
  switchOffDates: Map<string, string | null>;
}

const dayOf = (d: Date | null | undefined) => (d ? d.toISOString().slice(0, 10) : null);

/**
 * Reads the areas under `area` once. On FerretDB every query on another field than _id reads the
 * whole areas collection (3,355 documents for the 2025 list: about 250 ms), so one query, not four.
 * Rows are `level` when given (and below the area); else provinces for the nation, districts for a
 * province (its communes in a two-level list, which has none), communes for a district.
 */
export async function loadReportAreas(area: ReportArea, level: AreaLevel | undefined): Promise<ReportAreas> {
  const asked = requestedLevel(area, level);
  // One SQL query of these fields on the embedded default (findAll): through FerretDB, which
  // decodes and sorts every matching document itself, a province's 127 areas took 63 of its
  // coverage report's ~100 ms.
  const docs = await findAll<AreaDoc>(AreaModel, underArea(area), {
    sort: { code: 1 },
    fields: ['code', 'name', 'level', 'provinceCode', 'districtCode', 'targets', 'switchOffDate'],
  });
  const rowLevel =
    asked ??
    (area.level === 'province'
      ? docs.some((d) => d.level === 'district')
        ? 'district'
        : 'commune'
      : ROW_LEVELS[area.level][0]);
  const keyOf = rowKeyOf(rowLevel);
  const targets = new Map<string, number | null>();
  const switchOffDates = new Map<string, string | null>();
  for (const d of docs) {
    if (d.level === 'province') switchOffDates.set(d.code, dayOf(d.switchOffDate));
    if (d.level !== 'commune') continue;
    const key = keyOf({
      communeCode: d.code,
      provinceCode: d.provinceCode,
      districtCode: d.districtCode ?? null,
    });
    if (!key) continue;
    const target = d.targets ? d.targets.poor + d.targets.nearPoor : null;
    targets.set(key, addTargets(targets.get(key) ?? null, target));
  }
  // Below a province the province itself is not under the area: its date is one lookup by code.
  if (area.provinceCode && !switchOffDates.has(area.provinceCode)) {
    const province = await findOneByKey<AreaDoc>(AreaModel, 'code', area.provinceCode);
    switchOffDates.set(area.provinceCode, dayOf(province?.switchOffDate));
  }
  const children = docs
    .filter((d) => d.level === rowLevel)
    .map((d) => ({
      code: d.code,
      name: d.name,
      level: d.level,
      provinceCode: d.provinceCode,
      districtCode: d.districtCode ?? null,
    }));
  return { level: rowLevel, children, targets, switchOffDates };
}

/** Which row a commune (by its path) falls in. */
export function rowKeyOf(rowLevel: AreaLevel) {
  return (c: { communeCode: string; provinceCode: string; districtCode: string | null }): string | null =>
    rowLevel === 'province' ? c.provinceCode : rowLevel === 'district' ? c.districtCode : c.communeCode;
}

/** Households per status of the communes under `area`, summed per row. */
export async function countsByRow(
  area: ReportArea,
  rowLevel: AreaLevel,
): Promise<Map<string, CoverageCounts>> {
  const filter = underArea(area);
  const counters = await countersOf({
    provinceCode: filter.provinceCode,
    districtCode: filter.districtCode,
    communeCode: filter.code,
  });
  const keyOf = rowKeyOf(rowLevel);
  const byRow = new Map<string, CoverageCounts>();
  for (const c of counters) {
    const key = keyOf(c);
    if (!key) continue;
    const counts: CoverageCounts = { ...c.counts, failedAttempts: c.failedAttempts };
    byRow.set(key, addCounts(byRow.get(key) ?? zeroCounts(), counts));
  }
  return byRow;
}
