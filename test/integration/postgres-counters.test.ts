import { expect } from 'chai';
import { withLock } from '../../src/database/locks';
import { KEPT_MOVES } from '../../src/database/keyed-increments';
import { moveInPlace } from '../../src/database/postgres-counters';
import { postgresReadsInUse } from '../../src/database/postgres-reads';
import { countTransitionOnce, setFailedAttempts } from '../../src/households/counters';
import { HouseholdCounterModel } from '../../src/households/counter-model';
import { useTestDb } from '../support/db';
import { storedRow } from '../support/stored-rows';

// Counters moved by the embedded PostgreSQL in one statement, beside each other and without the
// counter's lock (postgres-counters.ts): the row left is FerretDB's own, a move lands once, and
// nothing moves while a locked writer holds the counter.

const AREA = { provinceCode: '25', districtCode: '227', communeCode: '07888' };
const LOCK = (id: string) => `household-counter:${id}`;
const move = (id: string, moveId: string, inc: Record<string, number>) => ({
  id,
  lockKey: LOCK(id),
  inc,
  move: { field: 'moves', id: moveId, keep: KEPT_MOVES },
});

async function counter(_id: string, fields: Record<string, unknown> = {}) {
  await HouseholdCounterModel.create({
    _id,
    ...AREA,
    counts: { registered: 3, approved: 1 },
    moves: ['m0'],
    ...fields,
  });
}

type Row = Record<string, unknown> & { $s: { p: Record<string, unknown>; $k: string[] } };

describe('counters moved in place by the embedded PostgreSQL (moveInPlace)', () => {
  useTestDb();

  before(function () {
    if (!postgresReadsInUse()) this.skip(); // only the embedded default
  });

  it('when a counter is moved in place and its twin by FerretDB’s $inc and $push, then both rows hold the same values, types and key order', async () => {
    await counter('twin-sql');
    await counter('twin-ferretdb');
    const before = await HouseholdCounterModel.findById('twin-sql').lean();
    await new Promise((r) => setTimeout(r, 5));
    const inc = { 'counts.registered': -1, 'counts.approved': 1 };

    const applied = await moveInPlace(HouseholdCounterModel, move('twin-sql', 'm1', inc));
    await HouseholdCounterModel.updateOne({ _id: 'twin-ferretdb' }, { $inc: inc, $push: { moves: 'm1' } });

    expect(applied).to.equal(true);
    const comparable = (row: Row) => {
      const { _id, updatedAt, createdAt, $s, ...rest } = row;
      void [_id, updatedAt, createdAt];
      return { rest, keys: $s.$k, types: { ...$s.p, _id: null } };
    };
    const [a, b] = [
      (await storedRow(HouseholdCounterModel, 'twin-sql')) as Row,
      (await storedRow(HouseholdCounterModel, 'twin-ferretdb')) as Row,
    ];
    expect(comparable(a)).to.deep.equal(comparable(b));
    const read = await HouseholdCounterModel.findById('twin-sql').lean();
    expect(read?.counts).to.deep.include({ registered: 2, approved: 2 });
    expect(read?.moves).to.deep.equal(['m0', 'm1']);
    expect((read?.updatedAt as Date).getTime()).to.be.greaterThan((before?.updatedAt as Date).getTime());
  });

  it('when the same move comes again, then nothing moves the second time', async () => {
    await counter('again');
    const inc = { 'counts.approved': 1 };

    expect(await moveInPlace(HouseholdCounterModel, move('again', 'm1', inc))).to.equal(true);
    expect(await moveInPlace(HouseholdCounterModel, move('again', 'm1', inc))).to.equal(false);

    const read = await HouseholdCounterModel.findById('again').lean();
    expect(read?.counts?.approved).to.equal(2);
    expect(read?.moves).to.deep.equal(['m0', 'm1']);
  });

  it('when the counter is missing, a field is not there yet, a count would leave 32 bits or the moves are missing, then nothing moves (the locked path does it)', async () => {
    // Straight through the driver: the model would add every status at 0.
    await HouseholdCounterModel.collection.insertOne({
      _id: 'edge' as never,
      ...AREA,
      counts: { registered: 2_147_483_647 },
      moves: ['m0'],
    });
    await counter('no-moves', { moves: undefined });
    const before = await storedRow(HouseholdCounterModel, 'edge');

    expect(
      await moveInPlace(HouseholdCounterModel, move('missing', 'm1', { 'counts.approved': 1 })),
    ).to.equal(false);
    expect(await moveInPlace(HouseholdCounterModel, move('edge', 'm1', { 'counts.approved': 1 }))).to.equal(
      false,
    );
    expect(await moveInPlace(HouseholdCounterModel, move('edge', 'm1', { 'counts.registered': 1 }))).to.equal(
      false,
    );
    expect(
      await moveInPlace(HouseholdCounterModel, move('no-moves', 'm1', { 'counts.registered': 1 })),
    ).to.equal(false);

    expect(await storedRow(HouseholdCounterModel, 'edge')).to.deep.equal(before);
    expect(await HouseholdCounterModel.countDocuments({ _id: 'missing' })).to.equal(0);
    expect((await HouseholdCounterModel.findById('no-moves').lean())?.counts?.registered).to.equal(3);
  });

  it('when a locked writer holds the counter, then nothing moves in place until it lets go', async () => {
    await counter('held');
    const inc = { 'counts.approved': 1 };

    const whileHeld = await withLock(LOCK('held'), () =>
      moveInPlace(HouseholdCounterModel, move('held', 'm1', inc)),
    );
    const after = await moveInPlace(HouseholdCounterModel, move('held', 'm1', inc));

    expect(whileHeld).to.equal(false);
    expect(after).to.equal(true);
    expect((await HouseholdCounterModel.findById('held').lean())?.counts?.approved).to.equal(2);
  });

  it(`when ${KEPT_MOVES} moves are kept, then the next one drops the oldest, values and types alike`, async () => {
    const kept = Array.from({ length: KEPT_MOVES }, (_, i) => `k${i}`);
    await counter('full', { moves: kept });

    expect(await moveInPlace(HouseholdCounterModel, move('full', 'new', { 'counts.approved': 1 }))).to.equal(
      true,
    );

    const read = await HouseholdCounterModel.findById('full').lean();
    expect(read?.moves).to.deep.equal([...kept.slice(1), 'new']);
    const row = (await storedRow(HouseholdCounterModel, 'full')) as Row;
    expect((row.$s.p.moves as { i: unknown[] }).i).to.have.length(KEPT_MOVES);
  });

  it('when 60 moves (30 ids, each sent twice) land in parallel with a locked writer of the same counter, then each id counts once and the locked write is kept', async () => {
    await countTransitionOnce('first', AREA, null, 'registered', 100); // creates it
    const ids = Array.from({ length: 30 }, (_, i) => `p${i}`);

    await Promise.all([
      ...[...ids, ...ids].map((id) => countTransitionOnce(id, AREA, 'registered', 'approved', 1)),
      setFailedAttempts(AREA, 7),
      setFailedAttempts(AREA, 7),
    ]);

    const read = await HouseholdCounterModel.findById(AREA.communeCode).lean();
    expect(read?.counts).to.deep.include({ registered: 70, approved: 30 });
    expect(read?.failedAttempts).to.equal(7);
    expect([...(read?.moves ?? [])].sort()).to.deep.equal(['first', ...ids].sort());
  });
});
