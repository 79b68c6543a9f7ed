import { expect } from 'chai';
import { Types } from 'mongoose';
import { AuditModel } from '../../src/audit/model';
import { ConflictError } from '../../src/errors';
import { ReceiverModel } from '../../src/receivers/model';
import {
  allocateReceivers,
  installReceiver,
  receiverCountsOfBatch,
  returnReceivers,
  uninstallReceiver,
  type BatchRef,
} from '../../src/receivers/service';
import { changeReceiverStatus } from '../../src/receivers/inventory';
import { SYSTEM_ACTOR } from '../../src/users/roles';
import { useTestDb } from '../support/db';
import { givenAreas, givenReceivers } from '../support/factories';

const newId = () => new Types.ObjectId().toString();
const batchOf = (overrides: Partial<BatchRef> = {}): BatchRef => ({
  id: newId(),
  provinceCode: '25',
  receiverType: 'dvb-t2',
  ...overrides,
});
const stored = (serial: string) => ReceiverModel.findOne({ serial }).lean();
const auditCount = (action: string, serial?: string) =>
  AuditModel.countDocuments({ action, entityType: 'receiver', ...(serial ? { entityId: serial } : {}) });

async function conflictOf(work: Promise<unknown>): Promise<ConflictError> {
  try {
    await work;
  } catch (err) {
    expect(err).to.be.instanceOf(ConflictError);
    return err as ConflictError;
  }
  throw new Error('expected a ConflictError');
}

describe('receiver allocation, installation and return (service)', () => {
  useTestDb();

  beforeEach(async () => {
    await givenAreas();
  });

  describe('allocateReceivers by serials', () => {
    it('when serials are in stock, then they become allocated to the batch, in the order asked, and are audited', async () => {
      const serials = await givenReceivers('25', 3);
      const batch = batchOf();

      const result = await allocateReceivers(
        batch,
        { serials: [serials[2], serials[0].toLowerCase()] },
        SYSTEM_ACTOR,
      );

      expect(result).to.deep.equal({ allocated: [serials[2], serials[0]], refused: [], shortBy: 0 });
      expect(await stored(serials[0])).to.include({ status: 'allocated', batchId: batch.id, version: 2 });
      expect(await stored(serials[1])).to.include({ status: 'in_stock', batchId: null });
      const entry = await AuditModel.findOne({ action: 'receiver.allocated', entityId: serials[2] }).lean();
      expect(entry).to.deep.include({
        entityType: 'receiver',
        before: { status: 'in_stock', batchId: null },
        after: { status: 'allocated', batchId: batch.id },
      });
      expect(entry?.area?.provinceCode).to.equal('25');
      expect(await auditCount('receiver.allocated')).to.equal(2);
    });

    it('when serials cannot be allocated, then each is refused with its reason and nothing changes for it', async () => {
      const [mine, taken, broken, repeated] = await givenReceivers('25', 4);
      const [otherProvince] = await givenReceivers('01', 1);
      const [satellite] = await givenReceivers('25', 1, 'satellite');
      const batch = batchOf();
      await allocateReceivers(batchOf(), { serials: [taken] }, SYSTEM_ACTOR);
      await allocateReceivers(batch, { serials: [mine] }, SYSTEM_ACTOR);
      await changeReceiverStatus(
        broken,
        { action: 'mark_defective', reason: 'Không lên nguồn' },
        SYSTEM_ACTOR,
      );

      const result = await allocateReceivers(
        batch,
        { serials: ['NO-SUCH-SERIAL', otherProvince, satellite, taken, mine, broken, repeated, repeated] },
        SYSTEM_ACTOR,
      );

      expect(result.allocated).to.deep.equal([repeated]);
      expect(result.refused.map((r) => [r.serial, r.reason.en])).to.deep.equal([
        ['NO-SUCH-SERIAL', 'not in the province’s stock'],
        [otherProvince, 'not in the province’s stock'],
        [satellite, 'it is a satellite receiver; the batch needs dvb-t2'],
        [taken, 'allocated to another batch'],
        [mine, 'already allocated to this batch'],
        [broken, 'the receiver is defective'],
        [repeated, 'repeated in the list'],
      ]);
      expect(result.refused[0].reason.vi).to.equal('không có trong kho của tỉnh');
      expect(await stored(otherProvince)).to.include({ status: 'in_stock' });
      expect(await stored(satellite)).to.include({ status: 'in_stock' });
    });
  });

  describe('allocateReceivers by count', () => {
    it('when enough receivers are in stock, then the oldest of the batch’s province and type are allocated', async () => {
      const serials = await givenReceivers('25', 5);
      await givenReceivers('25', 2, 'satellite');
      await givenReceivers('01', 2);
      const batch = batchOf();

      const result = await allocateReceivers(batch, { count: 3 }, SYSTEM_ACTOR);

      expect(result).to.deep.equal({ allocated: serials.slice(0, 3), refused: [], shortBy: 0 });
      expect(await receiverCountsOfBatch(batch.id)).to.deep.equal({ allocated: 3, installed: 0 });
    });

    it('when the stock is short, then all it has is allocated and shortBy says how many were missing', async () => {
      const serials = await givenReceivers('25', 4);
      await allocateReceivers(batchOf(), { serials: [serials[0]] }, SYSTEM_ACTOR);
      const batch = batchOf();

      const result = await allocateReceivers(batch, { count: 10 }, SYSTEM_ACTOR);

      expect(result.allocated).to.deep.equal(serials.slice(1));
      expect(result.shortBy).to.equal(7);
      expect(await auditCount('receiver.allocated')).to.equal(4);
    });

    it('when 8 batches ask for 3 each from 12 in parallel, then the 12 are shared out with none given twice', async () => {
      const serials = await givenReceivers('25', 12);
      const batches = Array.from({ length: 8 }, () => batchOf());

      const results = await Promise.all(batches.map((b) => allocateReceivers(b, { count: 3 }, SYSTEM_ACTOR)));

      const given = results.flatMap((r) => r.allocated);
      expect(given).to.have.length(12);
      expect(new Set(given).size).to.equal(12);
      expect(results.reduce((n, r) => n + r.shortBy, 0)).to.equal(8 * 3 - 12);
      for (const [i, r] of results.entries()) {
        for (const serial of r.allocated) expect((await stored(serial))?.batchId).to.equal(batches[i].id);
      }
      expect(await ReceiverModel.countDocuments({ serial: { $in: serials }, status: 'allocated' })).to.equal(
        12,
      );
      expect(await auditCount('receiver.allocated')).to.equal(12);
    });
  });

  it('when 20 allocations of the same serials into two batches run in parallel, then each receiver is allocated exactly once', async () => {
    const serials = await givenReceivers('25', 10);
    const [a, b] = [batchOf(), batchOf()];

    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) => allocateReceivers(i % 2 ? a : b, { serials }, SYSTEM_ACTOR)),
    );

    const claims = results.flatMap((r, i) => r.allocated.map((serial) => ({ serial, batch: i % 2 ? a : b })));
    expect(claims).to.have.length(10);
    expect(new Set(claims.map((c) => c.serial)).size).to.equal(10);
    for (const c of claims)
      expect(await stored(c.serial)).to.include({ status: 'allocated', batchId: c.batch.id });
    for (const r of results) expect(r.allocated.length + r.refused.length).to.equal(10);
    expect(await auditCount('receiver.allocated')).to.equal(10);
    const counts = [await receiverCountsOfBatch(a.id), await receiverCountsOfBatch(b.id)];
    expect(counts[0].allocated + counts[1].allocated).to.equal(10);
  });

  describe('installReceiver', () => {
    let batch: BatchRef;
    let serials: string[];

    beforeEach(async () => {
      batch = batchOf();
      serials = await givenReceivers('25', 3);
      await allocateReceivers(batch, { serials }, SYSTEM_ACTOR);
    });

    it('when an allocated receiver of the batch is handed over, then it is installed at the household and audited', async () => {
      const target = { batchId: batch.id, householdId: newId(), deliveryId: newId() };

      const receiver = await installReceiver(` ${serials[0].toLowerCase()} `, target, SYSTEM_ACTOR);

      expect(receiver).to.include({ serial: serials[0], status: 'installed', ...target, version: 3 });
      expect(receiver.installedAt).to.be.a('string');
      expect(await stored(serials[0])).to.include({ installedKey: `household:${target.householdId}` });
      expect(await receiverCountsOfBatch(batch.id)).to.deep.equal({ allocated: 2, installed: 1 });
      const entry = await AuditModel.findOne({ action: 'receiver.installed', entityId: serials[0] }).lean();
      expect(entry?.before).to.deep.equal({ status: 'allocated', batchId: batch.id });
      expect(entry?.after).to.deep.include({ status: 'installed', householdId: target.householdId });
    });

    it('when the same handover is retried for the same delivery, then it returns the installed receiver again', async () => {
      const target = { batchId: batch.id, householdId: newId(), deliveryId: newId() };
      const first = await installReceiver(serials[0], target, SYSTEM_ACTOR);

      const again = await installReceiver(serials[0], target, SYSTEM_ACTOR);

      expect(again).to.deep.equal(first);
      expect(await auditCount('receiver.installed')).to.equal(1);
    });

    it('when the receiver is installed for another delivery, then it is 409 installed_elsewhere', async () => {
      await installReceiver(
        serials[0],
        { batchId: batch.id, householdId: newId(), deliveryId: newId() },
        SYSTEM_ACTOR,
      );

      const err = await conflictOf(
        installReceiver(
          serials[0],
          { batchId: batch.id, householdId: newId(), deliveryId: newId() },
          SYSTEM_ACTOR,
        ),
      );

      expect(err.details).to.include({ problem: 'installed_elsewhere', serial: serials[0] });
      expect(err.text.vi).to.equal(`Đầu thu ${serials[0]} đã được lắp đặt cho một hộ khác`);
    });

    it('when the serial is allocated to another batch, then it is 409 other_batch and nothing changes', async () => {
      const other = batchOf();
      const [foreign] = await givenReceivers('25', 1);
      await allocateReceivers(other, { serials: [foreign] }, SYSTEM_ACTOR);

      const err = await conflictOf(
        installReceiver(
          foreign,
          { batchId: batch.id, householdId: newId(), deliveryId: newId() },
          SYSTEM_ACTOR,
        ),
      );

      expect(err.details).to.include({ problem: 'other_batch', batchId: other.id });
      expect(err.text.en).to.equal(`Receiver ${foreign} is allocated to another batch, not this one`);
      expect(await stored(foreign)).to.include({ status: 'allocated', batchId: other.id, householdId: null });
    });

    it('when the serial is unknown, in stock, defective or lost, then each is a 409 naming the problem', async () => {
      const [inStock, defective, lost] = await givenReceivers('25', 3);
      await changeReceiverStatus(defective, { action: 'mark_defective', reason: 'Hỏng nguồn' }, SYSTEM_ACTOR);
      await changeReceiverStatus(lost, { action: 'mark_lost', reason: 'Mất khi vận chuyển' }, SYSTEM_ACTOR);
      const target = () => ({ batchId: batch.id, householdId: newId(), deliveryId: newId() });

      const problems = [];
      for (const serial of ['NO-SUCH-1', inStock, defective, lost])
        problems.push((await conflictOf(installReceiver(serial, target(), SYSTEM_ACTOR))).details);

      expect(problems.map((p) => (p as { problem: string }).problem)).to.deep.equal([
        'unknown_serial',
        'in_stock',
        'defective',
        'lost',
      ]);
      expect(await auditCount('receiver.installed')).to.equal(0);
    });

    it('when a household that already has a receiver is given a second, then it is 409 naming the first', async () => {
      const householdId = newId();
      await installReceiver(
        serials[0],
        { batchId: batch.id, householdId, deliveryId: newId() },
        SYSTEM_ACTOR,
      );

      const err = await conflictOf(
        installReceiver(serials[1], { batchId: batch.id, householdId, deliveryId: newId() }, SYSTEM_ACTOR),
      );

      expect(err.details).to.deep.equal({
        problem: 'household_has_receiver',
        householdId,
        serial: serials[0],
      });
      expect(await stored(serials[1])).to.include({
        status: 'allocated',
        householdId: null,
        installedKey: serials[1],
      });
    });

    it('when two receivers are handed to one household in parallel, then exactly one is installed', async () => {
      const householdId = newId();

      const outcomes = await Promise.allSettled(
        serials.map((s) =>
          installReceiver(s, { batchId: batch.id, householdId, deliveryId: newId() }, SYSTEM_ACTOR),
        ),
      );

      expect(outcomes.filter((o) => o.status === 'fulfilled')).to.have.length(1);
      for (const o of outcomes.filter((x) => x.status === 'rejected'))
        expect((o as PromiseRejectedResult).reason).to.be.instanceOf(ConflictError);
      expect(await ReceiverModel.countDocuments({ householdId, status: 'installed' })).to.equal(1);
    });
  });

  describe('uninstallReceiver', () => {
    let batch: BatchRef;
    let serial: string;
    const householdId = newId();
    const deliveryId = newId();

    beforeEach(async () => {
      batch = batchOf();
      [serial] = await givenReceivers('25', 1);
      await allocateReceivers(batch, { serials: [serial] }, SYSTEM_ACTOR);
      await installReceiver(serial, { batchId: batch.id, householdId, deliveryId }, SYSTEM_ACTOR);
    });

    it('when the batch is open, then the receiver goes back to allocated and the household may get another', async () => {
      await uninstallReceiver(serial, deliveryId, true, SYSTEM_ACTOR);

      expect(await stored(serial)).to.include({
        status: 'allocated',
        batchId: batch.id,
        householdId: null,
        deliveryId: null,
        installedAt: null,
        installedKey: serial,
      });
      const entry = await AuditModel.findOne({ action: 'receiver.uninstalled', entityId: serial }).lean();
      expect(entry?.after).to.deep.equal({ status: 'allocated', batchId: batch.id });
      const [another] = await givenReceivers('25', 1);
      await allocateReceivers(batch, { serials: [another] }, SYSTEM_ACTOR);
      const again = await installReceiver(
        another,
        { batchId: batch.id, householdId, deliveryId: newId() },
        SYSTEM_ACTOR,
      );
      expect(again.status).to.equal('installed');
    });

    it('when the batch is closed, then the receiver goes back to stock', async () => {
      await uninstallReceiver(serial, deliveryId, false, SYSTEM_ACTOR);

      expect(await stored(serial)).to.include({ status: 'in_stock', batchId: null, installedKey: serial });
      expect(await receiverCountsOfBatch(batch.id)).to.deep.equal({ allocated: 0, installed: 0 });
    });

    it('when it is not installed for that delivery, then nothing happens', async () => {
      await uninstallReceiver(serial, newId(), true, SYSTEM_ACTOR);
      await uninstallReceiver('NO-SUCH-1', deliveryId, true, SYSTEM_ACTOR);

      expect(await stored(serial)).to.include({ status: 'installed', deliveryId });
      expect(await auditCount('receiver.uninstalled')).to.equal(0);
    });
  });

  describe('returnReceivers', () => {
    it('when a batch closes, then its allocated receivers go back to stock and installed ones stay', async () => {
      const batch = batchOf();
      const serials = await givenReceivers('25', 4);
      await allocateReceivers(batch, { serials }, SYSTEM_ACTOR);
      await installReceiver(
        serials[1],
        { batchId: batch.id, householdId: newId(), deliveryId: newId() },
        SYSTEM_ACTOR,
      );

      const returned = await returnReceivers(batch.id, SYSTEM_ACTOR);

      expect(returned).to.deep.equal([serials[0], serials[2], serials[3]]);
      expect(await stored(serials[0])).to.include({ status: 'in_stock', batchId: null });
      expect(await stored(serials[1])).to.include({ status: 'installed', batchId: batch.id });
      expect(await receiverCountsOfBatch(batch.id)).to.deep.equal({ allocated: 0, installed: 1 });
      expect(await auditCount('receiver.returned')).to.equal(3);
      expect(await returnReceivers(batch.id, SYSTEM_ACTOR)).to.deep.equal([]);
    });
  });
});
