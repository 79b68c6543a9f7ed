import { isDuplicateKeyError } from '../database/duplicate-key';
import { withLock } from '../database/locks';
import { incrementInPostgres } from '../database/postgres-increments';
import { postgresReadsInUse } from '../database/postgres-reads';
import { vietnamYear } from '../vietnam-time';
import { DeliveryModel } from './delivery-model';
import { HandoverCounterModel } from './handover-counter-model';

// Handover record numbers (DESIGN §14, issue 12): "000123/2026/BB-BG", numbered per province and
// Vietnam year. One counter document per province and year, keyed by `_id`, incremented with $inc
// (under a lock on FerretDB, whose updates are read-modify-write; on the embedded default by one
// atomic UPDATE in PostgreSQL, postgres-increments.ts): numbers never repeat. A number is
// given at confirmation, or reserved for a blank paper form; a gap (a crash after $inc) is harmless.

export const formatHandoverNumber = (n: number, year: number) =>
  `${String(n).padStart(6, '0')}/${year}/BB-BG`;

/** The next number of a province's year, e.g. "000124/2026/BB-BG". */
export async function nextHandoverNumber(provinceCode: string, at: Date): Promise<string> {
  return (await reserveHandoverNumbers(provinceCode, at, 1))[0];
}

/**
 * The next `count` numbers of a province's year, taken at once from the same counter: a number
 * reserved for a blank paper form is never given to a confirmation, nor twice.
 */
export async function reserveHandoverNumbers(
  provinceCode: string,
  at: Date,
  count: number,
): Promise<string[]> {
  const year = vietnamYear(at);
  const id = `${provinceCode}:${year}`;
  const numbers = (last: number) =>
    Array.from({ length: count }, (_, i) => formatHandoverNumber(last - count + 1 + i, year));
  if (postgresReadsInUse()) {
    // The embedded default raises it in PostgreSQL, atomically and without our lock (the one
    // counter every confirmation of the province raises); the year's first number creates it.
    const last =
      (await incrementInPostgres(HandoverCounterModel, id, 'last', count)) ??
      ((await createCounter(id, provinceCode, year)) &&
        (await incrementInPostgres(HandoverCounterModel, id, 'last', count)));
    if (typeof last === 'number') return numbers(last);
  }
  const doc = await withLock(`handover-counter:${id}`, () =>
    HandoverCounterModel.findOneAndUpdate(
      { _id: id },
      { $inc: { last: count }, $setOnInsert: { provinceCode, year } },
      { upsert: true, returnDocument: 'after' },
    ).lean(),
  );
  return numbers(doc?.last ?? count);
}

/** The year's counter at 0, unless it exists (an insert: atomic against the unique _id). */
async function createCounter(id: string, provinceCode: string, year: number): Promise<true> {
  try {
    await HandoverCounterModel.create({ _id: id, provinceCode, year, last: 0 });
  } catch (err) {
    if (!isDuplicateKeyError(err)) throw err; // another caller created it first
  }
  return true;
}

/**
 * The delivery's number, given once: an existing one is kept (a retry, a reprint); otherwise the next
 * one is written conditionally on there being none, and a lost race reads the winner's.
 */
export async function ensureHandoverNumber(d: {
  _id: unknown;
  handoverNumber?: string | null;
  area: { provinceCode: string };
  deliveredAt?: Date | null;
}): Promise<string> {
  if (d.handoverNumber) return d.handoverNumber;
  const number = await nextHandoverNumber(d.area.provinceCode, d.deliveredAt ?? new Date());
  const { modifiedCount } = await DeliveryModel.updateOne(
    { _id: d._id, status: 'delivered', handoverNumber: null },
    { $set: { handoverNumber: number } },
  );
  if (modifiedCount === 1) return number;
  const now = await DeliveryModel.findById(d._id, { handoverNumber: 1 }).lean();
  return now?.handoverNumber ?? number;
}
