import { readdirSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import { vietnamWallClock } from '../vietnam-time';

// The backup files of a folder (BACKUP_DIR): named after the database and the instant on Vietnam's
// clock, so a person picking one on the server's disk reads when it was made. Only files with that
// name are listed, downloaded or pruned: nothing else in the folder is ever touched.

const NAME = /^[A-Za-z0-9_-]{1,60}-\d{4}-\d{2}-\d{2}-\d{6}\.jsonl\.gz$/;

export interface BackupFile {
  name: string;
  bytes: number;
  /** When the file was finished (its modification time). */
  finishedAt: Date;
}

/** `dtv-2026-12-04-105628.jsonl.gz`: the database, then the day and time in Vietnam. */
export function backupFileName(dbName: string, at: Date): string {
  const wall = vietnamWallClock(at).toISOString(); // 2026-12-04T10:56:28.986Z
  return `${dbName}-${wall.slice(0, 10)}-${wall.slice(11, 19).replaceAll(':', '')}.jsonl.gz`;
}

export function isBackupFileName(name: string): boolean {
  return NAME.test(name);
}

/** The folder's backups, newest first (none when the folder does not exist yet). */
export function listBackupFiles(dir: string): BackupFile[] {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch (err) {
    // Not made yet, or not a folder (the failure the page then shows comes from writing into it).
    if (['ENOENT', 'ENOTDIR'].includes((err as NodeJS.ErrnoException).code ?? '')) return [];
    throw err;
  }
  const out: BackupFile[] = [];
  for (const name of names.filter(isBackupFileName)) {
    const s = statSync(path.join(dir, name), { throwIfNoEntry: false });
    if (s?.isFile()) out.push({ name, bytes: s.size, finishedAt: s.mtime });
  }
  return out.sort((a, b) => b.finishedAt.getTime() - a.finishedAt.getTime() || b.name.localeCompare(a.name));
}

/** Deletes all but the `keep` newest backups; returns the names deleted. */
export function pruneBackupFiles(dir: string, keep: number): string[] {
  const old = listBackupFiles(dir).slice(keep);
  for (const f of old) rmSync(path.join(dir, f.name), { force: true });
  return old.map((f) => f.name);
}
