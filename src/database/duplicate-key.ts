/**
 * A unique index refused the write. MongoDB answers E11000; FerretDB 1.24 does on insert only, and
 * answers an update that breaks a unique index with InternalError (code 1) carrying its backend's
 * message: SQLite's "UNIQUE constraint failed: index '<collection>_<field>_1'", PostgreSQL's
 * "duplicate key value violates unique constraint … (SQLSTATE 23505)". A write the embedded
 * PostgreSQL does itself (postgres-writes.ts) gets PostgreSQL's own error, code '23505'. The index
 * still holds.
 */
export function isDuplicateKeyError(err: unknown): boolean {
  const { code, message } = (err ?? {}) as { code?: unknown; message?: unknown };
  if (code === 11000 || code === '23505') return true;
  return (
    code === 1 &&
    typeof message === 'string' &&
    (message.includes('UNIQUE constraint failed') || message.includes('SQLSTATE 23505'))
  );
}
