import { createReadStream, existsSync } from 'node:fs';
import path from 'node:path';
import * as audit from '../audit/service';
import { RuleViolationError, text, ValidationError } from '../errors';
import { isDuplicateKeyError } from '../database/duplicate-key';
import { projectRoot } from '../database/ferretdb';
import { withLock } from '../database/locks';
import { findAll } from '../database/postgres-reads';
import { type Actor, type AreaLevel } from '../users/roles';
import { foldVietnamese } from '../vietnamese';
import type { SpreadsheetKind } from '../spreadsheets/read';
import { areasFromRows, countByLevel, type AreaRecord } from './area-list';
import { areaColumnName, readAreaList } from './area-list-file';
import { AreaModel } from './model';
import type { AreaImportReport } from './shapes';

// The official administrative-unit list into `areas`: at the first start, by `npm run areas:import`,
// and by an admin's upload when the State reorganises units (POST /areas/import).

export const BUILT_IN_LISTS = ['2025', '2024'] as const;

export function areaListFile(list: string): { file: string; source: string } {
  if ((BUILT_IN_LISTS as readonly string[]).includes(list)) {
    return { file: path.join(projectRoot(), 'data', `vn-admin-units-${list}.csv`), source: list };
  }
  if (!existsSync(list)) {
    throw new ValidationError(
      text(`Không tìm thấy tệp danh mục ${list}`, `Area list file not found: ${list}`),
    );
  }
  return { file: list, source: path.basename(list) };
}

export interface ImportAreasResult {
  source: string;
  counts: Record<AreaLevel, number>;
  created: number;
  updated: number;
  unchanged: number;
}

export type Progress = (done: number, total: number) => void;

const CHUNK = 500;
/** How many changes and missing units a report lists (the counts are whole). */
const REPORT_LIMIT = 500;

type StoredUnit = Pick<AreaRecord, 'code' | 'name' | 'level' | 'type' | 'parentCode'> & { source: string };

interface ImportPlan {
  source: string;
  areas: AreaRecord[];
  toInsert: AreaRecord[];
  toUpdate: { area: AreaRecord; before: StoredUnit }[];
  /** Stored units the list no longer has: kept, since households and users may point at them. */
  notInList: StoredUnit[];
}

// One SQL query on the embedded default: FerretDB took 1.6 s to hand over the 2024 list's 11,363 areas.
async function storedUnits(): Promise<Map<string, StoredUnit>> {
  const docs = await findAll<Omit<StoredUnit, 'parentCode'> & { parentCode?: string | null }>(
    AreaModel,
    {},
    { fields: ['code', 'name', 'level', 'type', 'parentCode', 'source'] },
  );
  return new Map(docs.map((a) => [a.code, { ...a, parentCode: a.parentCode ?? null }]));
}

function planImport(areas: AreaRecord[], source: string, existing: Map<string, StoredUnit>): ImportPlan {
  const plan: ImportPlan = { source, areas, toInsert: [], toUpdate: [], notInList: [] };
  for (const a of areas) {
    const e = existing.get(a.code);
    if (!e) plan.toInsert.push(a);
    else if (e.name !== a.name || e.type !== a.type || e.parentCode !== a.parentCode || e.source !== source)
      plan.toUpdate.push({ area: a, before: e });
  }
  const inList = new Set(areas.map((a) => a.code));
  plan.notInList = [...existing.values()].filter((e) => !inList.has(e.code));
  return plan;
}

/** What a plan does (or did, once applied): the same figures for a check and an import. */
function outcomeOf(plan: ImportPlan): ImportAreasResult {
  const changed = plan.toInsert.length + plan.toUpdate.length;
  return {
    source: plan.source,
    counts: countByLevel(plan.areas),
    created: plan.toInsert.length,
    updated: plan.toUpdate.length,
    unchanged: plan.areas.length - changed,
  };
}

async function applyPlan(plan: ImportPlan, actor: Actor, onProgress: Progress): Promise<ImportAreasResult> {
  const { source, toInsert, toUpdate } = plan;
  const total = toInsert.length + toUpdate.length;
  let done = 0;
  onProgress(0, total);
  for (let i = 0; i < toInsert.length; i += CHUNK) {
    const chunk = toInsert
      .slice(i, i + CHUNK)
      .map((a) => ({ ...a, nameFolded: foldVietnamese(a.name), source }));
    await insertIgnoringExisting(chunk);
    done += chunk.length;
    onProgress(done, total);
  }
  for (let i = 0; i < toUpdate.length; i += CHUNK) {
    const chunk = toUpdate.slice(i, i + CHUNK);
    await AreaModel.bulkWrite(
      chunk.map(({ area: a }) => ({
        updateOne: {
          filter: { code: a.code },
          update: { $set: { ...a, nameFolded: foldVietnamese(a.name), source } },
        },
      })),
    );
    done += chunk.length;
    onProgress(done, total);
  }
  const result = outcomeOf(plan);
  if (total > 0) await audit.record(actor, 'areas.imported', { type: 'area', id: source }, { after: result });
  return result;
}

/**
 * Plans against the units stored now and applies, one import at a time on any server: two
 * admins sending the same revised list at once both planned the same renames and each wrote an
 * `areas.imported` entry; behind the lock the second finds nothing left to change and writes none.
 */
async function applyInTurn(
  areas: AreaRecord[],
  source: string,
  actor: Actor,
  onProgress: Progress,
): Promise<{ plan: ImportPlan; result: ImportAreasResult }> {
  return withLock(
    'areas:list',
    async () => {
      const plan = planImport(areas, source, await storedUnits());
      return { plan, result: await applyPlan(plan, actor, onProgress) };
    },
    { always: true, waitMs: 120_000 },
  );
}

function kindOfPath(file: string): SpreadsheetKind {
  return /\.xlsx$/i.test(file) ? 'xlsx' : 'csv';
}

/**
 * Imports an administrative-unit list (`npm run areas:import`, the first start). Idempotent: units
 * are matched by code, new ones inserted, changed names or parents updated, targets and dates never
 * touched. Refuses to mix lists.
 */
export async function importAreas(
  list: string,
  actor: Actor,
  onProgress: Progress = () => {},
  opts: { allowOtherSource?: boolean } = {},
): Promise<ImportAreasResult> {
  const { file, source } = areaListFile(list);
  const input = createReadStream(file);
  const { rows } = await readAreaList(input, kindOfPath(file)).finally(() => input.destroy());
  const { areas, problems } = areasFromRows(rows);
  if (problems.length) {
    throw new ValidationError(
      text('Danh mục đơn vị hành chính có lỗi', 'The area list has errors'),
      problems.slice(0, 100),
    );
  }
  const existing = await storedUnits();
  const other = [...existing.values()].find((a) => a.source !== source);
  if (other && !opts.allowOtherSource) {
    throw new RuleViolationError(
      text(
        `Cơ sở dữ liệu đang dùng danh mục "${other.source}"; không trộn với "${source}"`,
        `The database holds the "${other.source}" area list; it will not be mixed with "${source}"`,
      ),
    );
  }
  return (await applyInTurn(areas, source, actor, onProgress)).result;
}

export interface ImportAreaFileInput {
  file: AsyncIterable<Buffer | string>;
  kind: SpreadsheetKind;
  dryRun: boolean;
  maxBytes: number;
}

const LIST_KIND = {
  twoLevel: text('hai cấp (tỉnh – xã, không có huyện)', 'two-level (province – commune, no districts)'),
  threeLevel: text('ba cấp (tỉnh – huyện – xã)', 'three-level (province – district – commune)'),
};

/**
 * An admin's upload of the list in use, as the State revised it (merged, renamed or new units):
 * checked as a whole (with dryRun nothing is written, and nothing is while a row has a problem),
 * then applied as `importAreas` does. It updates the list in use, so it keeps its source; a list of
 * the other shape (districts where the stored list has none, or the reverse) is refused.
 */
export async function importAreaFile(input: ImportAreaFileInput, actor: Actor): Promise<AreaImportReport> {
  const list = await readAreaList(input.file, input.kind, input.maxBytes);
  const { areas, problems } = areasFromRows(list.rows);
  const existing = await storedUnits();
  const stored = [...existing.values()];
  const fileHasDistricts = areas.some((a) => a.level === 'district');
  if (stored.length > 0 && stored.some((a) => a.level === 'district') !== fileHasDistricts) {
    const [held, sent] = fileHasDistricts
      ? [LIST_KIND.twoLevel, LIST_KIND.threeLevel]
      : [LIST_KIND.threeLevel, LIST_KIND.twoLevel];
    throw new RuleViolationError(
      text(
        `Hệ thống đang dùng danh mục ${held.vi}; tệp này là danh mục ${sent.vi}. Không trộn hai loại danh mục: hãy tải danh mục cùng loại với danh mục đang dùng.`,
        `The system holds a ${held.en} list; this file is a ${sent.en} list. The two are not mixed: upload a list of the kind in use.`,
      ),
    );
  }
  const source = stored[0]?.source ?? 'upload';
  const reported = problems.map((p) => ({ ...p, column: areaColumnName(list, p.field) }));
  if (problems.length && !input.dryRun) {
    throw new ValidationError(
      text(
        `Danh mục có ${problems.length} dòng lỗi nên chưa ghi gì; sửa các dòng được nêu rồi tải lại tệp`,
        `The list has ${problems.length} problem rows, so nothing was written; fix them and upload the file again`,
      ),
      { problems: reported },
    );
  }
  const checked = input.dryRun ? planImport(areas, source, existing) : undefined;
  const { plan, result } = checked
    ? { plan: checked, result: outcomeOf(checked) }
    : await applyInTurn(areas, source, actor, () => {});
  const unit = (a: Pick<AreaRecord, 'name' | 'type' | 'parentCode'>) => ({
    name: a.name,
    type: a.type,
    parentCode: a.parentCode,
  });
  return {
    dryRun: input.dryRun,
    applied: !input.dryRun,
    format: input.kind,
    headerRow: list.headerRow,
    ignoredColumns: list.header.ignored,
    ...result,
    notInList: plan.notInList.length,
    changes: [
      ...plan.toInsert.map((a) => ({ code: a.code, level: a.level, before: null, after: unit(a) })),
      ...plan.toUpdate.map(({ area, before }) => ({
        code: area.code,
        level: area.level,
        before: unit(before),
        after: unit(area),
      })),
    ].slice(0, REPORT_LIMIT),
    notInListAreas: plan.notInList
      .slice(0, REPORT_LIMIT)
      .map((a) => ({ code: a.code, name: a.name, level: a.level })),
    problems: reported,
    skipped: list.skipped,
  };
}

// Another instance importing at the same moment may have inserted some codes first: that is fine.
async function insertIgnoringExisting(docs: object[]): Promise<void> {
  try {
    await AreaModel.insertMany(docs, { ordered: false });
  } catch (err) {
    const writeErrors = (err as { writeErrors?: { code?: number; err?: { code?: number } }[] }).writeErrors;
    const allDuplicates = writeErrors?.every((w) => isDuplicateKeyError(w) || isDuplicateKeyError(w.err));
    if (!allDuplicates) throw err;
  }
}
