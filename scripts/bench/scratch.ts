// Shared by the benchmarks: a scratch database on the same server the service would use (the
// embedded one when MONGODB_URI is unset, as scripts/run.ts connects), dropped afterwards; a memory
// sampler; and survey rows that look like a commune's list (Vietnamese names with diacritics).
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import mongoose from 'mongoose';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { importAreas } from '../../src/areas/service';
import { loadConfig } from '../../src/config';
import {
  connectDb,
  detectServer,
  disconnectDb,
  postgresAccess,
  syncAllIndexes,
  usePostgresAccess,
} from '../../src/database/db';
import type { PostgresAccess } from '../../src/database/postgres-indexes';
import { logger, setLogLevel } from '../../src/logger';
import { SYSTEM_ACTOR } from '../../src/users/roles';
import { FAMILY, GIVEN, MIDDLE, PLACES } from '../demo/survey';

export const BENCH_COMMUNE = '07888';

export function numberArg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  const value = i >= 0 ? Number(process.argv[i + 1]) : fallback;
  if (!Number.isInteger(value) || value <= 0) throw new Error(`--${name} must be a positive integer`);
  return value;
}

export interface ScratchDb {
  /** A temporary directory for files, removed afterwards. */
  dir: string;
  /** Where another process finds the same database (see inChildProcess). */
  uri: string;
  dbName: string;
}

/**
 * Runs `work` against a fresh scratch database holding one commune (07888), or the area list
 * `areaList` (a CSV path), then drops it.
 */
export async function withScratchDb(
  work: (scratch: ScratchDb) => Promise<void>,
  areaList?: string,
): Promise<void> {
  if (existsSync('.env')) process.loadEnvFile('.env');
  const config = loadConfig();
  setLogLevel('warn');
  const dir = mkdtempSync(path.join(tmpdir(), 'dtv-bench-'));
  // BENCH_KEEP_DB=name: build into (or reuse) that database and keep it, to profile at scale
  // without building the province again.
  const keep = process.env.BENCH_KEEP_DB;
  const db = await connectDb(config, logger, keep ?? `dtv_bench_${process.pid}`);
  let code = 0;
  try {
    const server = await detectServer();
    console.log(
      `Server: ${server.ferretdb ? 'FerretDB' : 'MongoDB'} ${server.version}; scratch db ${db.dbName}`,
    );
    await syncAllIndexes();
    const areas = path.join(dir, 'areas.csv');
    writeFileSync(
      areas,
      'province_code,province_name,district_code,district_name,commune_code,commune_name,commune_type\n' +
        `25,Tỉnh Phú Thọ,227,Thành phố Việt Trì,${BENCH_COMMUNE},Phường Dữu Lâu,Phường\n`,
    );
    if (!keep || (await mongoose.connection.db?.collection('areas').countDocuments({}, { limit: 1 })) === 0) {
      await importAreas(areaList ?? areas, SYSTEM_ACTOR);
    }
    await work({ dir, uri: db.uri, dbName: db.dbName });
  } catch (err) {
    console.error(err);
    code = 1;
  } finally {
    if (!keep) await mongoose.connection.dropDatabase().catch(() => undefined);
    await disconnectDb(db);
    rmSync(dir, { recursive: true, force: true });
  }
  process.exit(code);
}

const CHILD_DB = 'BENCH_SCRATCH_DB';
const CHILD_POSTGRES = 'BENCH_SCRATCH_POSTGRES';

/**
 * Runs this same script again in a fresh process on the same scratch database, so that what it
 * measures starts from a process that has done nothing else; resolves when it ends.
 */
export async function inChildProcess(scratch: ScratchDb): Promise<void> {
  // The embedded PostgreSQL's address too: without it the child read every list through FerretDB
  // (findPage's driver path), which no `npm start` does (the audit trail's .xlsx: 157 rows/s, not thousands).
  const access = postgresAccess();
  const child = spawn(process.execPath, [...process.execArgv, ...process.argv.slice(1)], {
    env: {
      ...process.env,
      MONGODB_URI: scratch.uri,
      [CHILD_DB]: scratch.dbName,
      ...(access ? { [CHILD_POSTGRES]: JSON.stringify(access) } : {}),
    },
    stdio: 'inherit',
  });
  const [code] = (await once(child, 'exit')) as [number | null];
  if (code !== 0) throw new Error(`the measuring process exited with ${code}`);
}

/** In the process inChildProcess started: the scratch database's name; undefined elsewhere. */
export function scratchDbOfParent(): string | undefined {
  return process.env[CHILD_DB];
}

/** For the child process: connects to the parent's scratch database, runs `work`, leaves it. */
export async function withParentScratchDb(dbName: string, work: () => Promise<void>): Promise<void> {
  const config = loadConfig();
  setLogLevel('warn');
  const db = await connectDb(config, logger, dbName);
  const access = process.env[CHILD_POSTGRES];
  if (access) usePostgresAccess(JSON.parse(access) as PostgresAccess);
  let code = 0;
  try {
    await work();
  } catch (err) {
    console.error(err);
    code = 1;
  } finally {
    await disconnectDb(db);
  }
  process.exit(code);
}

export interface MemoryPeak {
  rssMb: number;
  heapMb: number;
  /** The starting figures, after a full garbage collection. */
  startRssMb: number;
  startHeapMb: number;
}

// A full collection before measuring, so that garbage left by earlier work neither hides growth
// (by being reused) nor counts as ours.
setFlagsFromString('--expose-gc');
const collectGarbage = runInNewContext('gc') as () => void;

const mb = (n: number) => Math.round((n / 1024 / 1024) * 10) / 10;

/** Samples memory every 20 ms until stopped; answers the peak growth over the starting figures. */
export function sampleMemory(): { stop: () => MemoryPeak } {
  collectGarbage();
  const start = process.memoryUsage();
  let rss = start.rss;
  let heap = start.heapUsed;
  const timer = setInterval(() => {
    const m = process.memoryUsage();
    rss = Math.max(rss, m.rss);
    heap = Math.max(heap, m.heapUsed);
  }, 20);
  return {
    stop: () => {
      clearInterval(timer);
      return {
        rssMb: mb(rss - start.rss),
        heapMb: mb(heap - start.heapUsed),
        startRssMb: mb(start.rss),
        startHeapMb: mb(start.heapUsed),
      };
    },
  };
}

const SECOND = [
  '',
  'Anh',
  'Bảo',
  'Công',
  'Diệu',
  'Gia',
  'Hồng',
  'Kim',
  'Mạnh',
  'Như',
  'Phương',
  'Thuỳ',
  'Việt',
];
const VILLAGES = ['Thôn', 'Khu', 'Xóm'].flatMap((kind) => PLACES.map((p) => `${kind} ${p}`));

/** A stable pseudo-random index for row i (so a list is the same on every run). */
function pick<T>(list: readonly T[], i: number, salt: number): T {
  let h = Math.imul(i ^ (salt * 0x9e3779b9), 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return list[(h >>> 0) % list.length];
}

export const SURVEY_HEADER =
  'STT,Thôn/Ấp,Họ tên chủ hộ,Số CCCD/CMND,Năm sinh,Giới tính,Số điện thoại,Diện hộ,Số giấy chứng nhận,' +
  'Năm danh sách,Số nhân khẩu,Có ti vi,Truyền hình trả tiền,Đã xem DVB-T2,Loại đầu thu,Địa chỉ,Ghi chú\n';

/** Row i of a survey list: unique national ID and phone, common names (a few look alike). */
export function surveyLine(i: number): string {
  const second = pick(SECOND, i, 3);
  const name = [pick(FAMILY, i, 1), pick(MIDDLE, i, 2), second, pick(GIVEN, i, 4)].filter(Boolean).join(' ');
  const village = pick(VILLAGES, i, 5);
  const nationalId = `0251${String(85_000_000 + i).padStart(8, '0')}`;
  const phone = i % 10 === 0 ? '' : `09${String(10_000_000 + i).slice(-8)}`;
  const female = i % 2 === 0;
  return (
    `${i + 1},${village},${name},${nationalId},${1940 + (i % 60)},${female ? 'Nữ' : 'Nam'},${phone},` +
    `${i % 3 === 0 ? 'Cận nghèo' : 'Nghèo'},GCN-${i},2024,${1 + (i % 7)},${i % 20 === 0 ? 'Không' : 'Có'},Không,Không,,` +
    `"Số ${1 + (i % 200)}, ${village}",\n`
  );
}

/** The whole list as text chunks of about 1,000 rows. */
export function* surveyChunks(rows: number): Generator<string> {
  yield SURVEY_HEADER;
  for (let i = 0; i < rows; i += 1_000) {
    let chunk = '';
    for (let j = i; j < Math.min(rows, i + 1_000); j++) chunk += surveyLine(j);
    yield chunk;
  }
}
