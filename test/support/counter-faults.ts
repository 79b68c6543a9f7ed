import sinon from 'sinon';
import { postgresReadsInUse, tableOf, thePool } from '../../src/database/postgres-reads';

export const dbGone = () =>
  Object.assign(new Error('connection reset by peer (injected)'), { name: 'MongoNetworkError' });

/**
 * The counter model's next write fails as if the database went away (after it was stored, if
 * `applied`: its answer lost): its FerretDB updateOne, or its UPDATE by the embedded PostgreSQL
 * (postgres-rewrite.ts), whichever the counter takes. Undone by sinon.restore().
 */
export async function failNextCounterWrite(
  model: { updateOne: (...args: never[]) => unknown; collection: { collectionName: string } },
  applied = false,
): Promise<void> {
  let died = false;
  const original = model.updateOne.bind(model) as (...args: unknown[]) => PromiseLike<unknown>;
  const stub = sinon.stub(model, 'updateOne' as never) as unknown as sinon.SinonStub;
  stub.callsFake(async (...args: unknown[]) => {
    if (died) return original(...args);
    died = true;
    if (applied) await original(...args);
    throw dbGone();
  });
  if (!postgresReadsInUse()) return;
  const table = await tableOf(model.collection.collectionName);
  const pool = thePool();
  const query = pool.query.bind(pool) as (...args: unknown[]) => Promise<unknown>;
  sinon.stub(pool, 'query').callsFake((async (...args: unknown[]) => {
    const sql = String(args[0]);
    if (died || !table || !sql.startsWith('UPDATE') || !sql.includes(table)) return query(...args);
    died = true;
    if (applied) await query(...args);
    throw dbGone();
  }) as never);
}
