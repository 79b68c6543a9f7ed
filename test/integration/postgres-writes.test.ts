import { expect } from 'chai';
import mongoose from 'mongoose';
import { updateEach } from '../../src/database/bulk-writes';
import { postgresReadsInUse } from '../../src/database/postgres-reads';
import { updateEachInPostgres } from '../../src/database/postgres-writes';
import { HouseholdModel } from '../../src/households/model';
import '../support/app'; // registers every model, as the service does
import { useTestDb } from '../support/db';
import { storedRow } from '../support/stored-rows';
import { givenAreas, givenHousehold } from '../support/factories';

// The bulk writes the embedded PostgreSQL does itself (postgres-writes.ts) must leave exactly the
// row FerretDB would have left: the same JSON and the same "$s" types and key order, so that
// FerretDB, and the driver through it, read the document back as if FerretDB had written it.

describe('bulk writes done by the embedded PostgreSQL (updateEachInPostgres)', () => {
  useTestDb();

  before(function () {
    if (!postgresReadsInUse()) this.skip(); // only the embedded default has them
  });

  // The types and key order, and the values of what was written (the twins differ in name and ID).
  const written = (row: Record<string, unknown>, keys: string[]) => ({
    $s: row.$s,
    ...Object.fromEntries(keys.map((k) => [k, row[k]])),
  });

  it('when a household is updated by SQL and its twin by FerretDB, then both rows are the same', async () => {
    await givenAreas();
    const [a, b] = [await givenHousehold('00001'), await givenHousehold('00001')];
    const batchId = new mongoose.Types.ObjectId();
    const set = {
      status: 'approved',
      approvedAt: new Date('2026-11-30T03:04:05.678Z'),
      statusReason: null,
      bulkOp: 'job.1', // a key neither document has (unset above)
      batchId, // an ObjectId, which the schema casts to its string
      eligibility: { eligible: true, reasons: [] },
      needsDuplicateReview: false,
    };
    const [sqlId, driverId] = [a.id, b.id].map((id) => new mongoose.Types.ObjectId(id));
    // Rows written by an older version lack the newer fields: the SQL must add the key to "$k".
    await HouseholdModel.collection.updateMany(
      { _id: { $in: [sqlId, driverId] } },
      { $unset: { bulkOp: '' }, $set: { statusReason: 'Chờ bổ sung giấy tờ' } }, // set to null below
    );
    expect(((await storedRow(HouseholdModel, a.id)).$s as { $k: string[] }).$k).not.to.include('bulkOp');
    const done = await updateEachInPostgres(HouseholdModel, [
      { _id: sqlId, expect: { status: 'registered', version: a.version }, set, incVersion: true },
    ]);
    expect([...done]).to.deep.equal([a.id]);
    await HouseholdModel.updateOne({ _id: driverId }, { $set: set, $inc: { version: 1 } });

    const [bySql, byFerret] = [await storedRow(HouseholdModel, a.id), await storedRow(HouseholdModel, b.id)];
    const keys = [...Object.keys(set), 'version'];
    expect(written(bySql, keys)).to.deep.equal(written(byFerret, keys));
    expect((bySql.$s as { $k: string[] }).$k).to.include('bulkOp');

    const back = await HouseholdModel.findById(sqlId).lean();
    expect(back?.status).to.equal('approved');
    expect(back?.version).to.equal(a.version + 1);
    expect(back?.approvedAt?.toISOString()).to.equal('2026-11-30T03:04:05.678Z');
    expect(back?.batchId).to.equal(String(batchId));
    expect(back?.updatedAt?.getTime()).to.be.greaterThan(new Date(a.updatedAt).getTime());
  });

  it('when a document no longer holds what was read, then it is not written and not reported', async () => {
    await givenAreas();
    const h = await givenHousehold('00001');
    const _id = new mongoose.Types.ObjectId(h.id);
    const stale = {
      _id,
      expect: { status: 'registered', version: h.version + 7 },
      set: { status: 'approved' },
    };
    const written = await updateEach(
      HouseholdModel,
      [{ ...stale, update: { $set: stale.set, $inc: { version: 1 } } }],
      { _id: 1, status: 1 },
      () => true,
    );
    expect(written.size).to.equal(0);
    const back = await HouseholdModel.findById(_id).lean();
    expect(back?.status).to.equal('registered');
    expect(back?.version).to.equal(h.version);
  });

  it('when 20 parallel statements race for one document, then exactly one writes it', async () => {
    await givenAreas();
    const h = await givenHousehold('00001');
    const _id = new mongoose.Types.ObjectId(h.id);
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        updateEachInPostgres(HouseholdModel, [
          { _id, expect: { version: h.version }, set: { bulkOp: `race.${i}` }, incVersion: true },
        ]),
      ),
    );
    expect(results.filter((r) => r.size === 1)).to.have.length(1);
    const back = await HouseholdModel.findById(_id).lean();
    expect(back?.version).to.equal(h.version + 1);
  });
});
