import { mkdtempSync, readdirSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import {
  backupFileName,
  isBackupFileName,
  listBackupFiles,
  pruneBackupFiles,
} from '../../../src/backups/files';

describe('backup files (src/backups/files.ts)', () => {
  for (const [at, name] of [
    ['2026-12-04T03:56:28.986Z', 'dtv-2026-12-04-105628.jsonl.gz'],
    // 17:00 UTC is already the next day in Vietnam
    ['2026-12-31T17:00:00.000Z', 'dtv-2027-01-01-000000.jsonl.gz'],
  ] as const) {
    it(`when made at ${at}, then it is named ${name} (Vietnam's clock)`, () => {
      expect(backupFileName('dtv', new Date(at))).to.equal(name);
      expect(isBackupFileName(name)).to.equal(true);
    });
  }

  for (const name of [
    'notes.txt',
    'dtv-2026-12-04-105628.jsonl.gz.partial',
    '../dtv-2026-12-04-105628.jsonl.gz',
    'dtv-2026-12-04.jsonl.gz',
  ]) {
    it(`when a file is named ${name}, then it is not a backup`, () => {
      expect(isBackupFileName(name)).to.equal(false);
    });
  }

  it('when pruned, then the newest are kept and nothing but backups is touched', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'dtv-prune-'));
    try {
      const names = [1, 2, 3, 4].map((d) => `dtv-2026-12-0${d}-020000.jsonl.gz`);
      names.forEach((n, i) => {
        writeFileSync(path.join(dir, n), 'x');
        utimesSync(
          path.join(dir, n),
          new Date(Date.UTC(2026, 11, i + 1)),
          new Date(Date.UTC(2026, 11, i + 1)),
        );
      });
      writeFileSync(path.join(dir, 'notes.txt'), 'x');
      writeFileSync(path.join(dir, 'dtv-2026-11-01-020000.jsonl.gz.partial'), 'x');

      expect(pruneBackupFiles(dir, 2)).to.deep.equal([names[1], names[0]]);
      expect(listBackupFiles(dir).map((f) => f.name)).to.deep.equal([names[3], names[2]]);
      expect(readdirSync(dir)).to.include.members(['notes.txt', 'dtv-2026-11-01-020000.jsonl.gz.partial']);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('when the folder does not exist yet, then there are no backups', () => {
    expect(listBackupFiles(path.join(tmpdir(), 'dtv-no-such-folder'))).to.deep.equal([]);
  });
});
