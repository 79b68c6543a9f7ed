import pg from 'pg';
import type { Logger } from '../logger';

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
 * Rewrites the rows an earlier version stored compressed, a batch of 500 at a time in `_id` order
 * (FerretDB's own `_id` index), each batch its own short transaction. `_jsonb || '{}'` is the same
 * document as a new value, which PostgreSQL then stores by the table's new rule; a row changed by
 * the service meanwhile is re-read under its row lock, so nothing it wrote is lost. Returns how
 * many rows were rewritten. Safe to stop at any point and to run again.
 */
export async function rewriteCompressedRows(client: pg.Client, t: Table): Promise<number> {
  let rewritten = 0;
  let after: string | null = null;
  for (;;) {
    // Two statements, so that each walks the `_id` index (an `OR` would not).
    const select = `SELECT (_jsonb->'_id')::text AS id FROM ${qualified(t)}`;
    const order = `ORDER BY _jsonb->'_id' LIMIT ${REWRITE_BATCH}`;
    const page: pg.QueryResult<{ id: string }> =
      after === null
        ? await client.query(`${select} ${order}`)
        : await client.query(`${select} WHERE _jsonb->'_id' > $1::jsonb ${order}`, [after]);
    if (page.rowCount === 0) return rewritten;
    after = page.rows[page.rows.length - 1].id;
    const ids = page.rows.map((r) => r.id);
    const done = await client.query(
      `UPDATE ${qualified(t)} SET _jsonb = _jsonb || '{}'::jsonb
        WHERE _jsonb->'_id' = ANY($1::jsonb[]) AND pg_column_compression(_jsonb) IS NOT NULL
          AND pg_column_size(_jsonb) < ${TOAST_TUPLE_TARGET / 4}`,
      [ids],
    );
    rewritten += done.rowCount ?? 0;
  }
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
      log.warn({ err }, 'rewriting compressed rows stopped; the next start goes on');
    } finally {
      await client?.end().catch(() => undefined);
    }
  })();
}
