import * as audit from '../audit/service';
import { findByKey, findOneByKey } from '../database/bulk-reads';
import { findAll, findPage } from '../database/postgres-reads';
import { ForbiddenError, NotFoundError, RuleViolationError, text } from '../errors';
import type { ReceiverType } from '../receiver-types';
import { isWithinScope, type Actor, type AreaLevel, type Scope } from '../users/roles';
import { escapeRegExp, foldVietnamese } from '../vietnamese';
import { AreaModel, type AreaDoc } from './model';
import type { Area, AreaCatalogue, AreaDetail } from './shapes';

export type { Area, AreaCatalogue, AreaDetail, AreaImportReport } from './shapes';
export {
  areaListFile,
  BUILT_IN_LISTS,
  importAreaFile,
  importAreas,
  type ImportAreaFileInput,
  type ImportAreasResult,
  type Progress,
} from './import';

export interface ListAreasInput {
  level?: AreaLevel;
  parentCode?: string;
  provinceCode?: string;
  q?: string;
  page: number;
  pageSize: number;
}

export interface SetTargetsInput {
  poor: number;
  nearPoor: number;
  listYear: number;
  defaultReceiverType?: ReceiverType;
}

export interface SetProgrammeInput {
  switchOffDate: string;
}

type StoredArea = AreaDoc & { _id: unknown };

function toArea(d: StoredArea): Area {
  return {
    code: d.code,
    name: d.name,
    level: d.level,
    type: d.type,
    parentCode: d.parentCode ?? null,
    provinceCode: d.provinceCode,
    districtCode: d.districtCode ?? null,
    communeCode: d.communeCode ?? null,
    targets: d.targets
      ? {
          poor: d.targets.poor,
          nearPoor: d.targets.nearPoor,
          listYear: d.targets.listYear,
          updatedAt: d.targets.updatedAt.toISOString(),
        }
      : null,
    defaultReceiverType: (d.defaultReceiverType as ReceiverType | null | undefined) ?? null,
    switchOffDate: d.switchOffDate ? d.switchOffDate.toISOString().slice(0, 10) : null,
  };
}

export async function listAreas(input: ListAreasInput) {
  const filter: Record<string, unknown> = {};
  if (input.level) filter.level = input.level;
  if (input.parentCode) filter.parentCode = input.parentCode;
  if (input.provinceCode) filter.provinceCode = input.provinceCode;
  if (input.q) filter.nameFolded = { $regex: escapeRegExp(foldVietnamese(input.q)) };
  // One SQL query on the embedded default (findPage; FerretDB would decode and sort every match).
  const { docs, total } = await findPage<StoredArea>(AreaModel, {
    filter,
    sort: { code: 1 },
    skip: (input.page - 1) * input.pageSize,
    limit: input.pageSize,
  });
  return { items: docs.map(toArea), total, page: input.page, pageSize: input.pageSize };
}

export async function findArea(code: string): Promise<Area | null> {
  const doc = await findOneByKey<StoredArea>(AreaModel, 'code', code);
  return doc ? toArea(doc) : null;
}

/**
 * The areas of these codes, by their unique code (bulk-reads.ts: one `= ANY` on the embedded
 * PostgreSQL, `$in` on MongoDB). FerretDB answers `$in` by decoding the whole collection: 200–700 ms
 * at 10,595 areas, measured in the installer's worklist at 35,000 households. Unknown codes are
 * simply absent.
 */
export async function findAreas(codes: readonly string[]): Promise<Map<string, Area>> {
  if (codes.length === 0) return new Map();
  const docs = await findByKey<AreaDoc & { _id: unknown }>(AreaModel, 'code', [...new Set(codes)]);
  return new Map(docs.map((d) => [d.code, toArea(d)]));
}

export async function getArea(code: string): Promise<Area> {
  const area = await findArea(code);
  if (!area)
    throw new NotFoundError(text(`Không có đơn vị hành chính mã ${code}`, `No area with code ${code}`));
  return area;
}

export async function getAreaDetail(code: string): Promise<AreaDetail> {
  const area = await getArea(code);
  const under: Record<string, string> =
    area.level === 'province'
      ? { provinceCode: code }
      : area.level === 'district'
        ? { districtCode: code }
        : {};
  const [districts, communes] =
    area.level === 'commune'
      ? [0, 0]
      : await Promise.all([
          area.level === 'province' ? AreaModel.countDocuments({ ...under, level: 'district' }) : 0,
          AreaModel.countDocuments({ ...under, level: 'commune' }),
        ]);
  return { ...area, childCounts: { districts, communes } };
}

/** The communes of an area (a commune is its own one), in code order; NotFoundError for an unknown code. */
export async function communesUnder(code: string): Promise<Area[]> {
  const a = await getArea(code);
  if (a.level === 'commune') return [a];
  const under = a.level === 'province' ? { provinceCode: code } : { districtCode: code };
  const docs = await findAll<StoredArea>(AreaModel, { ...under, level: 'commune' }, { sort: { code: 1 } });
  return docs.map(toArea);
}

/** The scope a user assigned to this area gets (NotFoundError for an unknown code). */
export async function scopeOfArea(code: string): Promise<Scope> {
  const a = await getArea(code);
  return {
    code: a.code,
    level: a.level,
    provinceCode: a.provinceCode,
    districtCode: a.districtCode,
    communeCode: a.communeCode,
  };
}

/** Whether the actor may set this area's targets: an admin anywhere, an official inside their area. */
export function mayEditArea(actor: Actor, area: Area): boolean {
  return actor.role === 'admin' || (actor.role === 'official' && isWithinScope(actor.scope, area));
}

function assertMayEdit(actor: Actor, area: Area, text_: { vi: string; en: string }): void {
  if (!mayEditArea(actor, area)) throw new ForbiddenError(text_);
}

export async function setCommuneTargets(code: string, input: SetTargetsInput, actor: Actor): Promise<Area> {
  const before = await getArea(code);
  if (before.level !== 'commune') {
    throw new RuleViolationError(text('Chỉ tiêu chỉ đặt cho cấp xã', 'Targets are set per commune'), {
      level: before.level,
    });
  }
  assertMayEdit(actor, before, text('Xã này nằm ngoài phạm vi của bạn', 'This commune is outside your area'));
  return storeCommuneTargets(before, input, actor);
}

/** Writes a commune's targets (checked by the caller: a commune in the actor's area) and audits them. */
export async function storeCommuneTargets(before: Area, input: SetTargetsInput, actor: Actor): Promise<Area> {
  const code = before.code;
  const set: Record<string, unknown> = {
    targets: { poor: input.poor, nearPoor: input.nearPoor, listYear: input.listYear, updatedAt: new Date() },
  };
  if (input.defaultReceiverType) set.defaultReceiverType = input.defaultReceiverType;
  const doc = await AreaModel.findOneAndUpdate({ code }, { $set: set }, { returnDocument: 'after' }).lean();
  if (!doc)
    throw new NotFoundError(text(`Không có đơn vị hành chính mã ${code}`, `No area with code ${code}`));
  const after = toArea(doc);
  await audit.record(
    actor,
    'area.targets_set',
    { type: 'area', id: code, area: after },
    {
      before: { targets: before.targets, defaultReceiverType: before.defaultReceiverType },
      after: { targets: after.targets, defaultReceiverType: after.defaultReceiverType },
    },
  );
  return after;
}

export async function setProvinceProgramme(
  code: string,
  input: SetProgrammeInput,
  actor: Actor,
): Promise<Area> {
  const before = await getArea(code);
  if (before.level !== 'province') {
    throw new RuleViolationError(
      text('Ngày tắt sóng analog đặt cho cấp tỉnh', 'The switch-off date is set per province'),
      { level: before.level },
    );
  }
  const provinceOfficial = actor.role === 'official' && actor.scope?.level === 'province';
  if (actor.role !== 'admin' && !(provinceOfficial && isWithinScope(actor.scope, before))) {
    throw new ForbiddenError(
      text(
        'Chỉ cán bộ cấp tỉnh của tỉnh này được đặt ngày tắt sóng',
        'Only officials of this province set its switch-off date',
      ),
    );
  }
  const doc = await AreaModel.findOneAndUpdate(
    { code },
    { $set: { switchOffDate: new Date(input.switchOffDate) } },
    { returnDocument: 'after' },
  ).lean();
  if (!doc)
    throw new NotFoundError(text(`Không có đơn vị hành chính mã ${code}`, `No area with code ${code}`));
  const after = toArea(doc);
  await audit.record(
    actor,
    'area.programme_set',
    { type: 'area', id: code, area: after },
    {
      before: { switchOffDate: before.switchOffDate },
      after: { switchOffDate: after.switchOffDate },
    },
  );
  return after;
}

export async function countAreas(): Promise<number> {
  return AreaModel.estimatedDocumentCount();
}

/** The list in use: where it came from, its units by level and its last import that changed something. */
export async function areaCatalogue(): Promise<AreaCatalogue> {
  const [province, district, commune, one, last] = await Promise.all([
    AreaModel.countDocuments({ level: 'province' }),
    AreaModel.countDocuments({ level: 'district' }),
    AreaModel.countDocuments({ level: 'commune' }),
    AreaModel.findOne({ level: 'province' }, { source: 1 }).lean(),
    audit.latestOf('areas.imported'),
  ]);
  const result = last?.after as { created?: number; updated?: number } | null | undefined;
  return {
    source: one?.source ?? null,
    counts: { province, district, commune },
    lastImport: last ? { at: last.at, created: result?.created ?? 0, updated: result?.updated ?? 0 } : null,
  };
}
