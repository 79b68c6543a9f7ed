import { expect } from 'chai';
import mongoose from 'mongoose';
import { pendingAudit } from '../../src/audit/pending';
import { IdempotencyModel } from '../../src/batches/idempotency-model';
import { isDuplicateKeyError } from '../../src/database/duplicate-key';
import { postgresReadsInUse } from '../../src/database/postgres-reads';
import { insertOne, updateOneAndRead } from '../../src/database/single-writes';
import { HouseholdModel } from '../../src/households/model';
import { ReceiverModel } from '../../src/receivers/model';
import { SYSTEM_ACTOR } from '../../src/users/roles';
import '../support/app'; // registers every model, as the service does
import { givenStock } from '../support/batches';
import { useTestDb } from '../support/db';
import { storedRow } from '../support/stored-rows';
import { givenAreas, givenHousehold } from '../support/factories';

// One document's conditional write and one insert done by the embedded PostgreSQL itself
// (single-writes.ts) must answer as the driver's findOneAndUpdate / create would, and leave the row
// FerretDB would have left (types, key order), so that everything reading it later sees no difference.

describe('single-document writes (updateOneAndRead, insertOne)', () => {
  useTestDb();

  before(function () {
    if (!postgresReadsInUse()) this.skip(); // elsewhere both are the driver's own calls
  });

  beforeEach(givenAreas);

  const markerOf = (id: string, version: number) =>
    pendingAudit(
      SYSTEM_ACTOR,
      'household.approved',
      { type: 'household', id, area: { provinceCode: '25', districtCode: '227', communeCode: '07888' } },
      {
        before: { status: 'registered' },
        after: { status: 'approved', at: new Date('2026-12-01T01:02:03Z') },
      },
      version + 1,
    );

  it('when a household is changed by updateOneAndRead and its twin by the driver, then both answers and both rows are the same', async () => {
    const [a, b] = [await givenHousehold('07888'), await givenHousehold('07888')];
    const change = (id: string, version: number) => ({
      $set: { status: 'approved', statusReason: null, pendingAudit: markerOf(id, version) },
      $inc: { version: 1 },
    });
    const mine = await updateOneAndRead<Record<string, unknown>>(
      HouseholdModel,
      { _id: new mongoose.Types.ObjectId(a.id), status: 'registered', version: a.version },
      change(a.id, a.version),
    );
    const driver = await HouseholdModel.findOneAndUpdate(
      { _id: b.id, status: 'registered', version: b.version },
      change(b.id, b.version),
      { returnDocument: 'after' },
    ).lean();

    const same = (d: Record<string, unknown> | null) => ({
      status: d?.status,
      version: d?.version,
      statusReason: d?.statusReason,
      marker: { ...(d?.pendingAudit as object), key: undefined, entityId: undefined, at: undefined },
      updatedAt: d?.updatedAt instanceof Date,
    });
    expect(same(mine)).to.deep.equal(same(driver as Record<string, unknown>));
    expect((mine?.pendingAudit as { after: { at: Date } }).after.at).to.be.instanceOf(Date);
    const keys = ['status', 'statusReason', 'version'];
    const [bySql, byDriver] = [await storedRow(HouseholdModel, a.id), await storedRow(HouseholdModel, b.id)];
    const typesOf = (row: Record<string, unknown>) => {
      const s = row.$s as { p: Record<string, unknown>; $k: string[] };
      return { keys: s.$k, types: Object.fromEntries([...keys, 'pendingAudit'].map((k) => [k, s.p[k]])) };
    };
    expect(typesOf(bySql)).to.deep.equal(typesOf(byDriver));
  });

  it('when the document no longer holds what was read, then nothing is written and the answer is null', async () => {
    const h = await givenHousehold('07888');
    const stale = await updateOneAndRead(
      HouseholdModel,
      { _id: new mongoose.Types.ObjectId(h.id), status: 'registered', version: h.version + 1 },
      { $set: { status: 'approved' }, $inc: { version: 1 } },
    );
    expect(stale).to.equal(null);
    expect((await HouseholdModel.findById(h.id).lean())?.status).to.equal('registered');
  });

  it('when 20 parallel writes race for one document, then exactly one is answered with it', async () => {
    const h = await givenHousehold('07888');
    const answers = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        updateOneAndRead(
          HouseholdModel,
          { _id: new mongoose.Types.ObjectId(h.id), version: h.version },
          { $set: { statusReason: `race ${i}` }, $inc: { version: 1 } },
        ),
      ),
    );
    // Through FerretDB the condition and the write are two steps (its callers hold a lock); here one.
    expect(answers.filter((d) => d !== null)).to.have.length(1);
    expect((await HouseholdModel.findById(h.id).lean())?.version).to.equal(h.version + 1);
  });

  it('when a write would break a unique index, then it throws what isDuplicateKeyError recognises', async () => {
    const [first, second] = await givenStock('25', 2);
    const r = await ReceiverModel.findOne({ serial: second }).lean();
    const err = await updateOneAndRead(
      ReceiverModel,
      { _id: r?._id, status: r?.status },
      { $set: { installedKey: `${first}` }, $inc: { version: 1 } },
    ).catch((e: unknown) => e);
    expect(isDuplicateKeyError(err), String(err)).to.equal(true);
  });

  it('when an idempotency record is inserted twice, then the second throws a duplicate and the first is read back whole', async () => {
    const now = new Date('2026-12-02T03:04:05.678Z');
    const response = { id: 'd1', status: 'delivered', deliveredAt: now, items: [{ a: 1 }], location: null };
    const doc = { _id: 'u1:key-1', requestHash: 'h1', response, createdAt: now, updatedAt: now };
    await insertOne(IdempotencyModel, doc);
    const again = await insertOne(IdempotencyModel, { ...doc, requestHash: 'h2' }).catch((e: unknown) => e);
    expect(isDuplicateKeyError(again), String(again)).to.equal(true);
    const back = await IdempotencyModel.findById('u1:key-1').lean();
    expect(back).to.deep.equal(doc);
  });
});
