import { createReadStream, createWriteStream, mkdirSync, renameSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import type { Readable } from 'node:stream';
import mongoose from 'mongoose';
import pg from 'pg';
import * as audit from '../audit/service';
import type { BackupSettings } from '../config';
import { writeBackup } from '../database/backup';
import { postgresAccess } from '../database/db';
import { ConflictError, NotFoundError, RuleViolationError, text, type LocalizedText } from '../errors';
import type { Logger } from '../logger';
import { SYSTEM_ACTOR, type Actor } from '../users/roles';
import { backupFileName, isBackupFileName, listBackupFiles, pruneBackupFiles } from './files';
import type { BackupList } from './shapes';

// Backups of the embedded database, made by the service itself (every BACKUP_EVERY_HOURS) or when
// an admin asks on the Sao lưu page, listed there and downloaded from it (to be kept off the server:
// the office PC the province runs `npm start` on is the only copy of its programme otherwise). The
// backup is database/backup.ts's: one consistent snapshot read while the service goes on serving.
// The embedded database runs on one server for one service (a second `npm start` on the same
// DATA_DIR is refused), so what runs now is known in this process.

interface Running {
  startedAt: Date;
  by: string;
}
interface Failure {
  at: Date;
  message: LocalizedText;
}

let running: Running | null = null;
let lastFailure: Failure | null = null;

/** Whether this server can make backups: only on the embedded database (MongoDB has mongodump). */
export function backupsAvailable(): boolean {
  return postgresAccess() !== undefined;
}

export function listBackups(settings: BackupSettings): BackupList {
  const items = backupsAvailable()
    ? listBackupFiles(settings.dir).map((f) => ({
        name: f.name,
        bytes: f.bytes,
        finishedAt: f.finishedAt.toISOString(),
      }))
    : [];
  return {
    available: backupsAvailable(),
    directory: path.resolve(settings.dir),
    everyHours: settings.everyHours,
    keep: settings.keep,
    running: running ? { startedAt: running.startedAt.toISOString(), by: running.by } : null,
    lastFailure: lastFailure ? { at: lastFailure.at.toISOString(), message: lastFailure.message } : null,
    items,
    total: items.length,
    page: 1,
    pageSize: Math.max(items.length, 1),
  };
}

function notAvailable(): RuleViolationError {
  return new RuleViolationError(
    text(
      'Máy chủ này dùng MongoDB: hãy sao lưu bằng công cụ của MongoDB (mongodump), không phải tại đây',
      "This server runs on MongoDB: back it up with MongoDB's own tool (mongodump), not here",
    ),
  );
}

/**
 * Starts a backup in the background and returns at once (a province's backup takes tens of
 * seconds); the list shows it running, then the new file, or what went wrong. 409 while one runs.
 */
export function startBackup(settings: BackupSettings, actor: Actor, log: Logger): BackupList {
  if (!backupsAvailable()) throw notAvailable();
  if (running)
    throw new ConflictError(
      text(
        'Đang sao lưu (bắt đầu lúc ' +
          running.startedAt.toLocaleTimeString('vi-VN', { timeZone: 'Asia/Ho_Chi_Minh' }) +
          '); hãy đợi bản này xong',
        'A backup is being made; wait for it to finish',
      ),
    );
  void makeBackup(settings, actor).catch((err: unknown) => log.error({ err }, 'backup failed'));
  return listBackups(settings);
}

/** Makes one backup now (the schedule's and startBackup's work); returns the file's name. */
export async function makeBackup(settings: BackupSettings, actor: Actor): Promise<string> {
  if (running) throw new ConflictError(text('Đang sao lưu', 'A backup is being made'));
  running = { startedAt: new Date(), by: actor.username };
  try {
    const name = await writeBackupFile(settings, actor);
    lastFailure = null;
    return name;
  } catch (err) {
    lastFailure = { at: new Date(), message: failureText(err) };
    throw err;
  } finally {
    running = null;
  }
}

function failureText(err: unknown): LocalizedText {
  const code = (err as NodeJS.ErrnoException).code ?? '';
  if (code === 'ENOSPC')
    return text(
      'Ổ đĩa của máy chủ đã đầy: hãy chép các bản sao lưu cũ sang nơi khác rồi xoá bớt',
      "The server's disk is full: copy old backups elsewhere and delete some",
    );
  if (code === 'EACCES' || code === 'EPERM')
    return text(
      'Dịch vụ không được ghi vào thư mục sao lưu: hãy cấp quyền ghi cho thư mục đó',
      'The service may not write into the backup folder: give it write permission',
    );
  if (code === 'ENOTDIR' || code === 'EEXIST')
    return text(
      'Đường dẫn thư mục sao lưu (BACKUP_DIR) không phải là một thư mục: hãy sửa cấu hình của dịch vụ',
      'The backup folder (BACKUP_DIR) is not a folder: correct the configuration',
    );
  const detail = (err as Error).message;
  return text(
    `Không tạo được bản sao lưu (${detail}); hãy xem nhật ký của dịch vụ`,
    `The backup could not be made (${detail}); see the service's log`,
  );
}

async function writeBackupFile(settings: BackupSettings, actor: Actor): Promise<string> {
  const access = postgresAccess();
  if (!access) throw notAvailable();
  const dbName = mongoose.connection.name;
  mkdirSync(settings.dir, { recursive: true });
  const name = backupFileName(dbName, new Date());
  const file = path.join(settings.dir, name);
  const partial = `${file}.partial`; // renamed once complete: a failed backup never looks like one
  const client = new pg.Client({ host: '127.0.0.1', ...access, database: 'postgres' });
  await client.connect();
  try {
    const { collections } = await writeBackup(client, dbName, createWriteStream(partial, { mode: 0o600 }));
    renameSync(partial, file);
    pruneBackupFiles(settings.dir, settings.keep);
    await audit.record(
      actor,
      'backup.created',
      { type: 'backup', id: name },
      {
        after: {
          documents: Object.values(collections).reduce((a, b) => a + b, 0),
          bytes: statSync(file).size,
        },
      },
    );
    return name;
  } catch (err) {
    rmSync(partial, { force: true });
    throw err;
  } finally {
    await client.end();
  }
}

/** A backup file to download, audited (it holds every household's full national ID). */
export async function openBackup(
  settings: BackupSettings,
  name: string,
  actor: Actor,
): Promise<{ stream: Readable; bytes: number }> {
  const found = backupsAvailable() && isBackupFileName(name) ? listBackupFiles(settings.dir) : [];
  const file = found.find((f) => f.name === name);
  if (!file) throw new NotFoundError(text(`Không có bản sao lưu ${name}`, `No backup ${name}`));
  await audit.record(
    actor,
    'backup.downloaded',
    { type: 'backup', id: name },
    { after: { bytes: file.bytes } },
  );
  return { stream: createReadStream(path.join(settings.dir, name)), bytes: file.bytes };
}

/**
 * Backs up every `everyHours` (0: off), counted from the newest backup in the folder, so a restart
 * neither skips a day nor makes one more; checked every 10 minutes. Returns its stop function.
 */
export function scheduleBackups(settings: BackupSettings, log: Logger): () => void {
  if (settings.everyHours <= 0 || !backupsAvailable()) return () => {};
  const tick = async (): Promise<void> => {
    const newest = listBackupFiles(settings.dir)[0];
    if (running || (newest && Date.now() - newest.finishedAt.getTime() < settings.everyHours * 3_600_000))
      return;
    try {
      const name = await makeBackup(settings, SYSTEM_ACTOR);
      log.info({ file: path.join(settings.dir, name) }, 'backup made');
    } catch (err) {
      log.error({ err }, 'scheduled backup failed');
    }
  };
  const first = setTimeout(() => void tick(), 60_000); // after start-up's own work
  const timer = setInterval(() => void tick(), 10 * 60_000);
  first.unref();
  timer.unref();
  return () => {
    clearTimeout(first);
    clearInterval(timer);
  };
}
