import { expect } from 'chai';
import { counterIncrements } from '../../../src/receivers/counters';
import { batchMismatches, counterDrift, foldInventory } from '../../../src/reports/inventory-figures';

const counts = (
  c: Partial<Record<'in_stock' | 'allocated' | 'installed' | 'defective' | 'lost', number>>,
) => ({
  in_stock: 0,
  allocated: 0,
  installed: 0,
  defective: 0,
  lost: 0,
  ...c,
});

describe('inventory figures', () => {
  describe('foldInventory', () => {
    it('when there are no counters, then every figure is 0 and there are no rows', () => {
      expect(foldInventory([])).to.deep.equal({
        totals: { received: 0, inStock: 0, allocated: 0, installed: 0, defective: 0, lost: 0 },
        byType: [],
        byLot: [],
        bySupplier: [],
      });
    });

    it('when two lots of one supplier are counted, then received is the sum of the five statuses per lot, supplier and type', () => {
      const f = foldInventory([
        {
          provinceCode: '25',
          type: 'dvb-t2',
          lot: 'L1',
          supplier: 'S',
          counts: counts({ in_stock: 2, installed: 3 }),
        },
        {
          provinceCode: '25',
          type: 'dvb-t2',
          lot: 'L2',
          supplier: 'S',
          counts: counts({ defective: 1, lost: 1 }),
        },
        {
          provinceCode: '25',
          type: 'satellite',
          lot: null,
          supplier: null,
          counts: counts({ allocated: 4 }),
        },
      ]);

      expect(f.totals).to.deep.equal({
        received: 11,
        inStock: 2,
        allocated: 4,
        installed: 3,
        defective: 1,
        lost: 1,
      });
      expect(f.byLot.map((r) => [r.type, r.lot, r.received])).to.deep.equal([
        ['dvb-t2', 'L1', 5],
        ['dvb-t2', 'L2', 2],
        ['satellite', null, 4],
      ]);
      expect(f.bySupplier.map((r) => [r.type, r.supplier, r.received])).to.deep.equal([
        ['dvb-t2', 'S', 7],
        ['satellite', null, 4],
      ]);
      expect(f.byType.map((r) => [r.type, r.received])).to.deep.equal([
        ['dvb-t2', 7],
        ['satellite', 4],
      ]);
    });
  });

  describe('batchMismatches', () => {
    const installed = (serial: string, deliveryId: string) => ({
      serial,
      status: 'installed' as const,
      deliveryId,
      householdId: `h-${deliveryId}`,
    });

    const cases = [
      {
        name: 'an installed receiver whose delivery says the same serial',
        receivers: [installed('A', 'd1')],
        delivered: [{ id: 'd1', householdId: 'h-d1', serial: 'A' }],
        closed: false,
        kinds: [],
      },
      {
        name: 'an installed receiver without its delivery',
        receivers: [installed('A', 'd1')],
        delivered: [],
        closed: false,
        kinds: ['installed_without_delivery A'],
      },
      {
        name: 'a delivery whose serial is still allocated',
        receivers: [{ serial: 'B', status: 'allocated' as const, deliveryId: null, householdId: null }],
        delivered: [{ id: 'd2', householdId: 'h2', serial: 'B' }],
        closed: false,
        kinds: ['delivered_not_installed B'],
      },
      {
        name: 'a delivery without a serial',
        receivers: [],
        delivered: [{ id: 'd3', householdId: 'h3', serial: null }],
        closed: false,
        kinds: ['delivered_not_installed null'],
      },
      {
        name: 'a closed batch still holding a receiver',
        receivers: [{ serial: 'C', status: 'allocated' as const, deliveryId: null, householdId: null }],
        delivered: [],
        closed: true,
        kinds: ['allocated_to_closed_batch C'],
      },
    ];
    for (const c of cases) {
      it(`when ${c.name}, then it lists ${c.kinds.length ? c.kinds.join(', ') : 'nothing'}`, () => {
        const found = batchMismatches({ id: 'b1', closed: c.closed }, c.receivers, c.delivered);

        expect(found.map((m) => `${m.kind} ${m.serial}`)).to.deep.equal(c.kinds);
      });
    }

    it('when the delivered serial is installed for another delivery elsewhere, then the detail names that delivery', () => {
      const found = batchMismatches(
        { id: 'b1', closed: false },
        [],
        [{ id: 'd1', householdId: 'h1', serial: 'X' }],
        new Map([['X', { ...installed('X', 'd9'), batchId: 'b2' }]]),
      );

      expect(found[0].detail).to.equal('đầu thu X đã lắp đặt cho lượt bàn giao khác (d9)');
    });
  });

  it('counterDrift: when the counters agree with the recount, then nothing; when not, then one line per figure', () => {
    expect(counterDrift({ allocated: 2, installed: 1 }, { allocated: 2, installed: 1 })).to.deep.equal([]);
    expect(
      counterDrift({ allocated: 2, installed: 1 }, { allocated: 3, installed: 0 }).map((m) => m.detail),
    ).to.deep.equal([
      'đã phân cho đợt: số liệu tổng hợp 2, đếm lại theo đợt 3',
      'đã lắp đặt: số liệu tổng hợp 1, đếm lại theo đợt 0',
    ]);
  });

  it('counterIncrements: when moves of one kind cancel out, then nothing is written; others are summed per kind', () => {
    const kind = { provinceCode: '25', type: 'dvb-t2' as const, lot: 'L1', supplier: null };
    const out = counterIncrements([
      { ...kind, from: 'in_stock', to: 'allocated' },
      { ...kind, from: 'allocated', to: 'in_stock' },
      { ...kind, from: null, to: 'in_stock', n: 3 },
      { ...kind, lot: 'L2', from: 'allocated', to: 'allocated' },
    ]);

    expect(out).to.deep.equal([{ id: '25|dvb-t2|L1|', kind, inc: { 'counts.in_stock': 3 } }]);
  });
});
