import { expect } from 'chai';
import { withLock } from '../../src/database/locks';
import { postgresReadsInUse } from '../../src/database/postgres-reads';
import { addIncrements, rewriteInPostgres } from '../../src/database/postgres-rewrite';
import { countTransitionOnce } from '../../src/households/counters';
import { HouseholdCounterModel } from '../../src/households/counter-model';
import { useTestDb } from '../support/db';
import { storedRow } from '../support/stored-rows';

// Counters read and written back by the embedded PostgreSQL under their lock (postgres-rewrite.ts):
// the row left must be the one FerretDB's own $inc would have left, and the moves still land once.

const AREA = { provinceCode: '25', districtCode: '227', communeCode: '07888' };

describe('counters rewritten by the embedded PostgreSQL (rewriteInPostgres)', () => {
  useTestDb();

  before(function () {
    if (!postgresReadsInUse()) this.skip(); // only the embedded default
  });

  it('when one counter is raised in PostgreSQL and its twin by FerretDB’s $inc, then both rows hold the same values and types', async () => {
    for (const _id of ['twin-sql', 'twin-ferretdb'])
      await HouseholdCounterModel.create({
        _id,
        ...AREA,
        counts: { registered: 3, approved: 1 },
        moves: ['m0'],
      });
    const inc = { 'counts.registered': -1, 'counts.approved': 1, 'counts.assigned': 2 };

    const outcome = await withLock('household-counter:twin-sql', () =>
      rewriteInPostgres(HouseholdCounterModel, 'twin-sql', (doc) => {
        addIncrements(doc, inc);
        doc.moves = [...(doc.moves as string[]), 'm1'];
        return true;
      }),
    );
    await HouseholdCounterModel.updateOne(
      { _id: 'twin-ferretdb' },
      { $inc: inc, $set: { moves: ['m0', 'm1'] } },
    );

    expect(outcome).to.equal('written');
    const [a, b] = [
      await storedRow(HouseholdCounterModel, 'twin-sql'),
      await storedRow(HouseholdCounterModel, 'twin-ferretdb'),
    ];
    const comparable = (row: Record<string, unknown>) => {
      const { _id, updatedAt, createdAt, $s, ...rest } = row as Record<string, unknown> & {
        $s: { p: Record<string, unknown>; $k: string[] };
      };
      void _id;
      void updatedAt;
      void createdAt;
      return { rest, keys: $s.$k, types: { ...$s.p, _id: null } };
    };
    expect(comparable(a)).to.deep.equal(comparable(b));
    const read = await HouseholdCounterModel.findById('twin-sql').lean();
    expect(read?.counts).to.deep.include({ registered: 2, approved: 2, assigned: 2 });
    expect(read?.updatedAt).to.be.instanceOf(Date);
  });

  it('when 40 callers move one commune’s counter at once, some with the same move id, then each move lands once', async () => {
    await countTransitionOnce('first', AREA, null, 'registered', 1); // created by FerretDB’s upsert
    const moves = Array.from({ length: 40 }, (_, i) => `move-${i % 20}`); // every move sent twice

    await Promise.all(moves.map((id) => countTransitionOnce(id, AREA, 'registered', 'approved', 1)));

    const doc = await HouseholdCounterModel.findById('07888').lean();
    expect(doc?.counts).to.deep.include({ registered: -19, approved: 20 });
    expect(doc?.moves).to.have.length(21);
  });

  it('when the document is missing, then nothing is written and the caller takes its ordinary path', async () => {
    expect(await rewriteInPostgres(HouseholdCounterModel, 'nowhere', () => true)).to.equal('ordinary');
    expect(await HouseholdCounterModel.countDocuments({ _id: 'nowhere' })).to.equal(0);
  });
});
