import { DateTime, LocalizedShape, Nullable, Type, type Static } from '../openapi/shape';

// What GET /backups answers (the Sao lưu page reads the same type).

export const BackupShape = Type.Object({
  name: Type.String({ example: 'dtv-2026-12-04-020000.jsonl.gz' }),
  bytes: Type.Integer(),
  finishedAt: DateTime(),
});
export type Backup = Static<typeof BackupShape>;

export const BackupListShape = Type.Object({
  /** false on MongoDB: back it up with mongodump. */
  available: Type.Boolean(),
  /** The folder on the server the files are kept in (BACKUP_DIR). */
  directory: Type.String(),
  everyHours: Type.Integer({ description: 'A backup every so many hours (0: only when asked)' }),
  keep: Type.Integer({ description: 'The newest this many are kept; older ones are deleted' }),
  running: Nullable(Type.Object({ startedAt: DateTime(), by: Type.String() })),
  lastFailure: Nullable(Type.Object({ at: DateTime(), message: LocalizedShape })),
  items: Type.Array(BackupShape),
  total: Type.Integer(),
  page: Type.Integer(),
  pageSize: Type.Integer(),
});
export type BackupList = Static<typeof BackupListShape>;
