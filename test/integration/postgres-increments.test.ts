import { expect } from 'chai';
import { HandoverCounterModel } from '../../src/batches/handover-counter-model';
import { reserveHandoverNumbers } from '../../src/batches/handover-numbers';
import { incrementInPostgres } from '../../src/database/postgres-increments';
import { postgresReadsInUse } from '../../src/database/postgres-reads';
import { useTestDb } from '../support/db';
import { storedRow } from '../support/stored-rows';

// The handover-number counter raised by the embedded PostgreSQL in one UPDATE
// (postgres-increments.ts): atomic without our lock, and a row FerretDB still reads as its own.

const AT = new Date('2026-07-01T03:00:00Z');

describe('counters raised by the embedded PostgreSQL (handover numbers)', () => {
  useTestDb();

  before(function () {
    if (!postgresReadsInUse()) this.skip(); // only the embedded default
  });

  it('when 60 callers reserve numbers of one province in parallel, then every number is given once and none is skipped', async () => {
    const counts = Array.from({ length: 60 }, (_, i) => (i % 5 === 0 ? 3 : 1));

    const given = (await Promise.all(counts.map((n) => reserveHandoverNumbers('01', AT, n)))).flat();

    const total = counts.reduce((a, b) => a + b, 0);
    expect(new Set(given).size).to.equal(total);
    expect([...given].sort()).to.deep.equal(
      Array.from({ length: total }, (_, i) => `${String(i + 1).padStart(6, '0')}/2026/BB-BG`),
    );
    expect((await HandoverCounterModel.findById('01:2026').lean())?.last).to.equal(total);
  });

  it('when PostgreSQL raised the counter, then FerretDB reads it with its types: last a whole number, updatedAt a date', async () => {
    await reserveHandoverNumbers('79', AT, 1); // creates it (through FerretDB)
    const before = await HandoverCounterModel.findById('79:2026').lean();
    await new Promise((r) => setTimeout(r, 5));

    expect(await incrementInPostgres(HandoverCounterModel, '79:2026', 'last', 4)).to.equal(5);

    const after = await HandoverCounterModel.findById('79:2026').lean();
    expect(after?.last).to.equal(5);
    expect(after?.provinceCode).to.equal('79');
    expect(after?.updatedAt).to.be.instanceOf(Date);
    expect((after?.updatedAt as Date).getTime()).to.be.greaterThan((before?.updatedAt as Date).getTime());
    const row = await storedRow(HandoverCounterModel, '79:2026');
    expect((row.$s as { p: Record<string, unknown> }).p.last).to.deep.equal({ t: 'int' });
    // FerretDB itself goes on from there.
    await HandoverCounterModel.updateOne({ _id: '79:2026' }, { $inc: { last: 1 } });
    expect((await HandoverCounterModel.findById('79:2026').lean())?.last).to.equal(6);
  });

  it('when the counter would leave 32 bits, or is missing, then PostgreSQL leaves it alone (the caller takes its ordinary path)', async () => {
    await HandoverCounterModel.create({
      _id: '48:2026',
      provinceCode: '48',
      year: 2026,
      last: 2_147_483_646,
    });

    expect(await incrementInPostgres(HandoverCounterModel, '48:2026', 'last', 2)).to.equal(null);
    expect(await incrementInPostgres(HandoverCounterModel, 'missing', 'last', 1)).to.equal(null);

    expect((await HandoverCounterModel.findById('48:2026').lean())?.last).to.equal(2_147_483_646);
    expect(await HandoverCounterModel.countDocuments({ _id: 'missing' })).to.equal(0);
  });
});
