import * as areas from '../areas/service';
import type { Actor, AreaLevel } from '../users/roles';
import {
  addInspectionCounts,
  inspectionFigures,
  zeroInspectionCounts,
  type InspectionCounts,
  type InspectionFigures,
} from './figures';
import { InspectionModel } from './model';
import { INSPECTION_RESULTS, type InspectionResult } from './results';
import { getAreaInScope, underAreaFilter } from './service';

// Inspection figures per child area, like a coverage report (DESIGN §8): a province's districts
// (its communes in a two-level list), a district's communes, the nation's provinces (admins).
// Counts come from one $group over the inspections, so the cost follows sampled households (at
// most a few thousand per sample), never all households.

export interface InspectionSummaryInput {
  areaCode?: string;
  sampleId?: string;
}

export interface InspectionSummaryRow extends InspectionFigures {
  areaCode: string;
  name: string;
  level: AreaLevel;
}

export interface InspectionSummary {
  area: { code: string | null; name: string; level: AreaLevel | 'nation' };
  sampleId: string | null;
  rowLevel: AreaLevel;
  rows: InspectionSummaryRow[];
  totals: InspectionFigures;
}

type SummaryArea = Pick<areas.Area, 'code' | 'name' | 'level' | 'provinceCode'>;

const ALL = { page: 1, pageSize: 100_000 };

/** The rows: the area's direct children (parentCode), or the area itself for a commune. */
async function rowAreasOf(area: SummaryArea | null): Promise<SummaryArea[]> {
  if (!area) return (await areas.listAreas({ ...ALL, level: 'province' })).items;
  if (area.level === 'commune') return [area];
  return (await areas.listAreas({ ...ALL, parentCode: area.code })).items;
}

const ROW_FIELD: Record<AreaLevel, string> = {
  province: 'provinceCode',
  district: 'districtCode',
  commune: 'communeCode',
};

interface CountGroup {
  _id: { row: string | null; result: InspectionResult | null };
  n: number;
}

async function countsByRow(
  area: SummaryArea | null,
  rowLevel: AreaLevel,
  sampleId: string | undefined,
): Promise<Map<string, InspectionCounts>> {
  const match: Record<string, unknown> = area ? underAreaFilter(area) : {};
  if (sampleId) match.sampleId = sampleId;
  const groups = await InspectionModel.aggregate<CountGroup>([
    { $match: match },
    { $group: { _id: { row: `$area.${ROW_FIELD[rowLevel]}`, result: '$result' }, n: { $sum: 1 } } },
  ]);
  const byRow = new Map<string, InspectionCounts>();
  for (const g of groups) {
    if (!g._id.row) continue;
    const counts = zeroInspectionCounts();
    counts.sampled = g.n;
    const result = INSPECTION_RESULTS.find((r) => r === g._id.result);
    if (result) counts.results[result] = g.n;
    byRow.set(g._id.row, addInspectionCounts(byRow.get(g._id.row) ?? zeroInspectionCounts(), counts));
  }
  return byRow;
}

/**
 * Sampled, inspected and each result per child area of `areaCode` (default: the actor's own area;
 * the nation for an admin without one), optionally for one sample. NotFoundError for an area
 * outside the actor's scope.
 */
export async function inspectionSummary(
  input: InspectionSummaryInput,
  actor: Actor,
): Promise<InspectionSummary> {
  const code = input.areaCode ?? (actor.role === 'admin' ? undefined : actor.scope?.code);
  const area = code ? await getAreaInScope(code, actor) : null;
  const rowAreas = await rowAreasOf(area);
  const rowLevel: AreaLevel = rowAreas[0]?.level ?? (area?.level === 'province' ? 'district' : 'commune');
  const counts = await countsByRow(area, rowLevel, input.sampleId);
  let total = zeroInspectionCounts();
  const rows = rowAreas.map((a) => {
    const c = counts.get(a.code) ?? zeroInspectionCounts();
    total = addInspectionCounts(total, c);
    return { areaCode: a.code, name: a.name, level: a.level, ...inspectionFigures(c) };
  });
  return {
    area: area
      ? { code: area.code, name: area.name, level: area.level }
      : { code: null, name: 'Toàn quốc', level: 'nation' },
    sampleId: input.sampleId ?? null,
    rowLevel,
    rows,
    totals: inspectionFigures(total),
  };
}
