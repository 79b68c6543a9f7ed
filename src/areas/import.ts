import { parse as parseCsv } from 'csv-parse';
import { createReadStream, existsSync } from 'node:fs';
import path from 'node:path';
import * as audit from '../audit/service';
import { RuleViolationError, text, ValidationError } from '../errors';
import { isDuplicateKeyError } from '../database/duplicate-key';
import { projectRoot } from '../database/ferretdb';
import { type Actor, type AreaLevel } from '../users/roles';
import { foldVietnamese } from '../vietnamese';
import {
  AREA_LIST_COLUMNS,
  areasFromRows,
  countByLevel,
  type AreaListRow,
  type AreaRecord,
} from './area-list';
import { AreaModel } from './model';

// `npm run areas:import` and the first start: the official administrative-unit list into `areas`.

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

/**
 * Imports an administrative-unit list. Idempotent: units are matched by code, new ones inserted,
 * changed names or parents updated, targets and dates never touched. Refuses to mix lists.
 */
export async function importAreas(
  list: string,
  actor: Actor,
  onProgress: Progress = () => {},
  opts: { allowOtherSource?: boolean } = {},
): Promise<ImportAreasResult> {
  const { file, source } = areaListFile(list);
  const rows = await readAreaListRows(file);
  const { areas, problems } = areasFromRows(rows);
  if (problems.length) {
    throw new ValidationError(
      text('Danh mục đơn vị hành chính có lỗi', 'The area list has errors'),
      problems.slice(0, 100),
    );
  }
  const existing = new Map((await AreaModel.find({}).lean()).map((a) => [a.code, a]));
  const other = [...existing.values()].find((a) => a.source !== source);
  if (other && !opts.allowOtherSource) {
    throw new RuleViolationError(
      text(
        `Cơ sở dữ liệu đang dùng danh mục "${other.source}"; không trộn với "${source}"`,
        `The database holds the "${other.source}" area list; it will not be mixed with "${source}"`,
      ),
    );
  }
  const toInsert: AreaRecord[] = [];
  const toUpdate: AreaRecord[] = [];
  for (const a of areas) {
    const e = existing.get(a.code);
    if (!e) toInsert.push(a);
    else if (e.name !== a.name || e.type !== a.type || e.parentCode !== a.parentCode || e.source !== source)
      toUpdate.push(a);
  }
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
      chunk.map((a) => ({
        updateOne: {
          filter: { code: a.code },
          update: { $set: { ...a, nameFolded: foldVietnamese(a.name), source } },
        },
      })),
    );
    done += chunk.length;
    onProgress(done, total);
  }
  const result: ImportAreasResult = {
    source,
    counts: countByLevel(areas),
    created: toInsert.length,
    updated: toUpdate.length,
    unchanged: areas.length - total,
  };
  if (total > 0) await audit.record(actor, 'areas.imported', { type: 'area', id: source }, { after: result });
  return result;
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

async function readAreaListRows(file: string): Promise<AreaListRow[]> {
  const parser = parseCsv({ columns: true, bom: true, skip_empty_lines: true, trim: true });
  const input = createReadStream(file);
  input.on('error', (err) => parser.destroy(err));
  input.pipe(parser);
  const rows: AreaListRow[] = [];
  for await (const row of parser) rows.push(row as AreaListRow);
  if (rows.length === 0) {
    throw new ValidationError(
      text('Tệp danh mục không có dòng dữ liệu nào', 'The area list is empty (no data rows)'),
      { expected: AREA_LIST_COLUMNS },
    );
  }
  const missing = AREA_LIST_COLUMNS.filter((c) => !(c in rows[0]));
  if (missing.length) {
    throw new ValidationError(
      text(
        `Tệp danh mục thiếu cột: ${missing.join(', ')}`,
        `The area list lacks columns: ${missing.join(', ')}`,
      ),
      { expected: AREA_LIST_COLUMNS },
    );
  }
  return rows;
}
