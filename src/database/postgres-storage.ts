import pg from 'pg';
import type { Logger } from '../logger';
import { isPostgresGoingAway } from './postgres-errors';

// How the embedded PostgreSQL stores FerretDB's documents (DESIGN §11). By default PostgreSQL
// compresses (pglz) any row over 2 kB: a household of 2.7 kB is kept as 1.3 kB, and every
// `_jsonb -> 'field'` of a filter, a recheck or an index entry decompresses the whole document
// again. Measured on a copy of a 34,898-household province: counting the approved households by
// `_jsonb->'status' @> …` read the table in 360–410 ms compressed and 88–102 ms uncompressed; an
// update recomputes ~33 index expressions, each of them a decompression. So rows stay as they are
// up to a full page (toast_tuple_target = 8160, the largest PostgreSQL allows): a province's
// tables take ~2.5× the disk (137 MB for the households, which is nothing for a server) and every
// read and write does less work. Bigger documents are still compressed, as before.

export const TOAST_TUPLE_TARGET = 8160;
const REWRITE_BATCH = 500;

type Table = { schema: string; table: string };
const qualified = ({ schema, table }: Table) =>
  `${pg.escapeIdentifier(schema)}.${pg.escapeIdentifier(table)}`;

/** New rows of these tables are stored uncompressed (a catalogue change: instant, idempotent). */
export async function storeUncompressed(client: pg.Client, tables: Table[]): Promise<void> {
  for (const t of tables) {
    await client.query(`ALTER TABLE ${qualified(t)} SET (toast_tuple_target = ${TOAST_TUPLE_TARGET})`);
  }
}

/**
 * Rewrites the rows an earlier version stored compressed, 500 at a time, each batch its own short
 * statement. `_jsonb || '{}'` is the same document as a new value, which PostgreSQL then stores by
 * the table's new rule; a row the service changes meanwhile is left to the service's own write
 * (then uncompressed too), so nothing it wrote is lost. Finding none costs one scan of the row
 * headers (no decompression): 464 ms measured for 139,000 audit entries. Returns how many rows were
 * rewritten. Safe to stop at any point and to run again.
 */
export async function rewriteCompressedRows(client: pg.Client, t: Table): Promise<number> {
  const compressed = `pg_column_compression(_jsonb) IS NOT NULL AND pg_column_size(_jsonb) < ${TOAST_TUPLE_TARGET / 4}`;
  const found = await client.query<{ n: string }>(
    `SELECT count(*) AS n FROM ${qualified(t)} WHERE ${compressed}`,
  );
  // Bounded: a document still over the target once uncompressed is compressed again and would
  // otherwise be picked for ever.
  let batches = Math.ceil(Number(found.rows[0].n) / REWRITE_BATCH);
  let rewritten = 0;
  while (batches-- > 0) {
    const done = await client.query(
      `UPDATE ${qualified(t)} SET _jsonb = _jsonb || '{}'::jsonb
        WHERE ctid = ANY(ARRAY(SELECT ctid FROM ${qualified(t)} WHERE ${compressed} LIMIT ${REWRITE_BATCH}))
          AND ${compressed}`,
    );
    if (!done.rowCount) break;
    rewritten += done.rowCount;
  }
  return rewritten;
}

/** Rewrites every table's compressed rows in the background (logged, never fatal). */
export function rewriteInBackground(connect: () => Promise<pg.Client>, tables: Table[], log: Logger): void {
  void (async () => {
    let client: pg.Client | undefined;
    try {
      client = await connect();
      let total = 0;
      for (const t of tables) total += await rewriteCompressedRows(client, t);
      if (total > 0) log.info({ rows: total }, 'rows stored uncompressed (a one-time rewrite)');
    } catch (err) {
      // The server stopping mid-rewrite (a script or the tests ending) is expected: no stack for it.
      if (err instanceof Error && isPostgresGoingAway(err))
        log.info('rewriting compressed rows paused: the database stopped; the next start goes on');
      else log.warn({ err }, 'rewriting compressed rows stopped; the next start goes on');
    } finally {
      await client?.end().catch(() => undefined);
    }
  })();
}
