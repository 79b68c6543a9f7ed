import { expect } from 'chai';
import type { LocalChange, OfflinePack, PackDelivery } from '../../../web/src/installer/pack';
import { checkSerial, groupWorklist, viewOf } from '../../../web/src/installer/pack';

let n = 0;
function delivery(
  over: Partial<PackDelivery> & { name: string; village: string; commune?: string },
): PackDelivery {
  const { name, village, commune = '07888', ...rest } = over;
  return {
    id: `d${++n}`,
    batchId: 'b1',
    householdId: `h${n}`,
    area: { provinceCode: '25', districtCode: null, communeCode: commune },
    village,
    household: { fullName: name, nationalId: '********1234', address: `Số ${n}, ${village}`, phone: null },
    status: 'pending',
    serial: null,
    recipientName: null,
    recipientIdLast4: null,
    recipientIsHead: null,
    recipientRelation: null,
    handoverNumber: null,
    attempts: [],
    attemptCount: 0,
    deliveredAt: null,
    signalReceived: null,
    location: null,
    hasPhoto: false,
    notes: null,
    failureReason: null,
    failureKind: null,
    failedAt: null,
    cancelledAt: null,
    completedBy: null,
    version: 0,
    createdAt: '2026-01-01T00:00:00.000Z',
    updatedAt: '2026-01-01T00:00:00.000Z',
    ...rest,
  };
}

function packOf(deliveries: PackDelivery[], serials: string[] | null = ['SN-1', 'SN-2']): OfflinePack {
  return {
    batch: {
      id: 'b1',
      code: 'B1',
      name: 'Đợt 1',
      status: 'in_progress',
      plannedStart: null,
      plannedEnd: null,
    },
    communeNames: { '07888': 'Phường Dữu Lâu', '07891': 'Xã Bạch Hạc' },
    deliveries,
    serials,
    generatedAt: '2026-01-01T00:00:00.000Z',
  };
}

describe('installer worklist on the device (pack.ts)', () => {
  const an = delivery({ name: 'Nguyễn Văn An', village: 'Thôn Đồng Sơn' });
  const binh = delivery({ name: 'Trần Thị Bình', village: 'Khu 4' });
  const cuong = delivery({ name: 'Lê Văn Cường', village: 'Thôn 1', commune: '07891' });
  const done = delivery({ name: 'Đặng Thị Dung', village: 'Khu 4', status: 'delivered', serial: 'SN-9' });
  const pack = packOf([an, binh, cuong, done]);

  it('when grouped, then communes come by name (Vietnamese order), villages inside, with counts of what is left', () => {
    const groups = groupWorklist(pack, [], { status: 'all' });

    expect(groups.map((g) => g.communeName)).to.deep.equal(['Phường Dữu Lâu', 'Xã Bạch Hạc']);
    expect(groups[0].villages.map((v) => [v.village, v.todo, v.total])).to.deep.equal([
      ['Khu 4', 1, 2],
      ['Thôn Đồng Sơn', 1, 1],
    ]);
    expect([groups[0].todo, groups[0].total]).to.deep.equal([2, 3]);
  });

  it('when searching without tone marks, then the head’s name or the address matches', () => {
    const byName = groupWorklist(pack, [], { q: 'nguyen VAN an', status: 'all' });
    const byAddress = groupWorklist(pack, [], { q: 'dong son', status: 'all' });
    const byDj = groupWorklist(pack, [], { q: 'dang', status: 'all' });

    expect(byName.flatMap((c) => c.villages.flatMap((v) => v.items.map((i) => i.delivery.id)))).to.deep.equal(
      [an.id],
    );
    expect(byAddress[0].villages[0].items[0].delivery.id).to.equal(an.id);
    expect(byDj[0].villages[0].items[0].delivery.id).to.equal(done.id);
  });

  it('when filtered to what is left to do (the default), then delivered households are not listed', () => {
    const ids = groupWorklist(pack, []).flatMap((c) =>
      c.villages.flatMap((v) => v.items.map((i) => i.delivery.id)),
    );

    expect(ids).to.have.members([an.id, binh.id, cuong.id]);
  });

  it('when a confirmation waits in the outbox, then the household reads delivered and waiting; a refused one reads pending again', () => {
    const waiting: LocalChange = { deliveryId: an.id, kind: 'confirm', serial: 'SN-1', refused: false };

    expect(viewOf(an, [waiting])).to.include({ state: 'delivered', waiting: true, refused: false });
    expect(viewOf(an, [{ ...waiting, refused: true }])).to.include({
      state: 'pending',
      waiting: false,
      refused: true,
    });
  });

  it('when a temporary failure waits, then the household stays to revisit with one more attempt counted; a permanent one reads failed', () => {
    const revisit = delivery({ name: 'X', village: 'Y', attemptCount: 1 });
    const absent: LocalChange = {
      deliveryId: revisit.id,
      kind: 'fail',
      reason: 'absent',
      temporary: true,
      refused: false,
    };
    const moved: LocalChange = {
      deliveryId: revisit.id,
      kind: 'fail',
      reason: 'moved',
      temporary: false,
      refused: false,
    };

    expect(viewOf(revisit, [])).to.include({ state: 'revisit', attemptCount: 1 });
    expect(viewOf(revisit, [absent])).to.include({ state: 'revisit', attemptCount: 2, waiting: true });
    expect(viewOf(revisit, [moved]).state).to.equal('failed');
    // Why, in words on the delivery's page: what this device sends, else the server's last attempt.
    expect(viewOf(revisit, [absent, moved]).lastReason).to.equal('moved');
    expect(
      viewOf(
        {
          ...revisit,
          attempts: [{ at: '2026-12-01T02:00:00.000Z', reason: 'no_signal', notes: null, by: 'u' }],
        },
        [],
      ).lastReason,
    ).to.equal('no_signal');
    expect(viewOf(delivery({ name: 'Z', village: 'Y' }), []).lastReason).to.equal(null);
  });

  it('checks a serial against the batch’s allocated receivers and those already used on the device', () => {
    const used: LocalChange = { deliveryId: binh.id, kind: 'confirm', serial: 'SN-2', refused: false };

    expect(checkSerial(' sn-1 ', pack, [], an.id)).to.equal('allocated');
    expect(checkSerial('SN-7', pack, [], an.id)).to.equal('unknown');
    expect(checkSerial('SN-2', pack, [used], an.id)).to.equal('usedHere');
    expect(checkSerial('SN-9', pack, [], an.id)).to.equal('usedHere');
    expect(checkSerial('SN-2', pack, [used], binh.id)).to.equal('allocated');
    expect(checkSerial('SN-7', packOf([an], null), [], an.id)).to.equal('notChecked');
  });
});
