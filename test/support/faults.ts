import sinon from 'sinon';
import { postgresReadsInUse, tableOf, thePool, type AnyModel } from '../../src/database/postgres-reads';
import { isOneWriteStatement } from '../../src/database/postgres-writes';

// Fault injection (STYLE §12): one named model call fails once, as if the process had died at
// that step; every other call goes through. Call sinon.restore() in afterEach.
export function failOnce<T extends object>(target: T, method: keyof T & string, nth = 1): sinon.SinonStub {
  const stub = sinon.stub(target, method as never) as unknown as sinon.SinonStub;
  stub.callThrough();
  stub.onCall(nth - 1).rejects(new Error(`process died (injected into ${method})`));
  return stub;
}

/** A rejected query (callers chain `.lean()` on model calls before awaiting them). */
function failingQuery(error: Error) {
  const p = Promise.reject(error);
  p.catch(() => undefined);
  return Object.assign(p, { lean: () => p, exec: () => p });
}

/**
 * The model's conditional single-document writes fail with `error()` (only the nth, counting both
 * paths, when given): its findOneAndUpdate, and on the embedded PostgreSQL the one statement that
 * stands for it (single-writes.ts), whichever a write takes. Undone by sinon.restore().
 */
export function failDocumentWrites(model: AnyModel, error: () => Error, nth?: number): void {
  let seen = 0;
  const failsNow = () => ++seen === nth || nth === undefined;
  const original = model.findOneAndUpdate.bind(model) as (...args: unknown[]) => unknown;
  sinon
    .stub(model, 'findOneAndUpdate')
    .callsFake(((...args: unknown[]) => (failsNow() ? failingQuery(error()) : original(...args))) as never);
  if (!postgresReadsInUse()) return;
  const pool = thePool();
  const query = pool.query.bind(pool) as (...args: unknown[]) => Promise<unknown>;
  sinon.stub(pool, 'query').callsFake((async (...args: unknown[]) => {
    const table = await tableOf(model.collection.collectionName);
    if (table && isOneWriteStatement(String(args[0]), table) && failsNow()) throw error();
    return query(...args);
  }) as never);
}
