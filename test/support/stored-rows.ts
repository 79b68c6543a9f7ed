import mongoose from 'mongoose';
import pg from 'pg';
import { tableOf, thePool, type AnyModel } from '../../src/database/postgres-reads';

/** The row FerretDB keeps for a document on the embedded PostgreSQL: its JSON and its "$s" types. */
export async function storedRow(model: AnyModel, id: unknown): Promise<Record<string, unknown>> {
  const table = await tableOf(model.collection.collectionName);
  const db = pg.escapeIdentifier(mongoose.connection.name);
  const r = await thePool().query<{ doc: Record<string, unknown> }>(
    `SELECT _jsonb AS doc FROM ${db}.${pg.escapeIdentifier(table as string)} WHERE _jsonb->'_id' = $1::jsonb`,
    [JSON.stringify(String(id))],
  );
  return r.rows[0]?.doc as Record<string, unknown>;
}
