import { expect } from 'chai';
import { seedDemo } from '../../scripts/demo/seed';
import { checkInvariants } from '../../src/batches/invariants';
import { DeliveryModel } from '../../src/batches/delivery-model';
import { BatchModel } from '../../src/batches/model';
import { useTestDb } from '../support/db';
import { givenAreas } from '../support/factories';

const DAY = 86_400_000;

describe('npm run seed:demo', function () {
  this.timeout(300_000);
  useTestDb();
  beforeEach(givenAreas);

  it('builds a province whose deliveries are spread over the weeks since each batch started', async () => {
    await seedDemo({ provinceCode: '01', households: 40, seed: 3, quiet: true });

    const started = await BatchModel.find({ status: { $ne: 'planned' } }).lean();
    expect(started).to.not.be.empty;
    const delivered = await DeliveryModel.find({ status: 'delivered' }).lean();
    expect(delivered.length).to.be.greaterThan(5);
    const batchOf = new Map(started.map((b) => [String(b._id), b]));
    for (const d of delivered) {
      const batch = batchOf.get(d.batchId);
      // A batch counts as started on its planned day, so back-dated handovers are accepted.
      expect(batch?.startedAt?.getTime()).to.equal(batch?.plannedStart?.getTime());
      expect(d.deliveredAt!.getTime()).to.be.at.least(batch!.startedAt!.getTime());
    }
    const weeksAgo = delivered.filter((d) => d.deliveredAt!.getTime() < Date.now() - 7 * DAY);
    expect(weeksAgo, 'deliveries older than a week').to.not.be.empty;
    expect(await checkInvariants()).to.deep.equal([]);
  });
});
