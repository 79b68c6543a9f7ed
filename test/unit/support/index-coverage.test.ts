import { expect } from 'chai';
import { isServed, shapesOf, type DeclaredIndex } from '../../support/index-coverage';

const households: DeclaredIndex[] = [
  { collection: 'households', keys: [['head.nationalId', 1]], unique: true },
  {
    collection: 'households',
    keys: [
      ['area.communeCode', 1],
      ['status', 1],
      ['createdAt', -1],
    ],
    unique: false,
  },
];

describe('index coverage of query shapes', () => {
  const cases: Array<[string, unknown, unknown, boolean]> = [
    ['an _id lookup with a status check', { _id: 'x', status: 'approved' }, undefined, true],
    ['a unique field fixed', { 'head.nationalId': '001', status: 'registered' }, undefined, true],
    ['equality prefix', { 'area.communeCode': '00001' }, undefined, true],
    [
      'equality prefix in another order',
      { status: 'approved', 'area.communeCode': '00001' },
      undefined,
      true,
    ],
    ['equality then sort', { 'area.communeCode': '00001', status: 'approved' }, { createdAt: -1 }, true],
    ['sort reversed whole', { 'area.communeCode': '00001', status: 'approved' }, { createdAt: 1 }, true],
    ['$in counts as equality', { 'area.communeCode': '00001', status: { $in: ['a', 'b'] } }, undefined, true],
    [
      'range after the equality prefix',
      { 'area.communeCode': '1', status: 'a', createdAt: { $gt: 1 } },
      undefined,
      true,
    ],
    ['an empty filter reads everything by design', {}, undefined, true],
    [
      'an unanchored regex is checked on the bounded documents',
      { 'area.communeCode': '1', phone: { $regex: '09' } },
      undefined,
      true,
    ],
    [
      'a range on the sort key',
      { 'area.communeCode': '1', status: 'a', createdAt: { $lt: 5 } },
      { createdAt: -1 },
      true,
    ],
    [
      'a sort after the leading equality keys, others checked',
      { 'area.communeCode': '1', status: 'a', village: 'T' },
      { createdAt: -1 },
      true,
    ],
    ['an equality field no index leads with', { status: 'approved' }, undefined, false],
    ['a sort that skips an index field', { 'area.communeCode': '00001' }, { createdAt: -1 }, false],
    [
      'an extra equality field after an indexed prefix',
      { 'area.communeCode': '1', village: 'T' },
      undefined,
      true,
    ],
    [
      'a sort after an equality field no index has',
      { 'area.communeCode': '1', village: 'T' },
      { createdAt: -1 },
      false,
    ],
    ['a range alone on an index that does not lead with it', { createdAt: { $gt: 1 } }, undefined, false],
    ['a sort on an empty filter without an index', {}, { updatedAt: 1 }, false],
    ['$or with one branch unindexed', { $or: [{ _id: 'x' }, { phone: '0912' }] }, undefined, false],
    ['$or with every branch indexed', { $or: [{ _id: 'x' }, { 'head.nationalId': '1' }] }, undefined, true],
  ];
  for (const [scenario, filter, sort, served] of cases) {
    it(`${scenario}: ${served ? 'served' : 'not served'}`, () => {
      const shapes = shapesOf('households', filter, sort);

      expect(shapes.every((s) => isServed(s, households))).to.equal(served);
    });
  }

  it('an index of another collection never serves the shape', () => {
    const [shape] = shapesOf('receivers', { 'area.communeCode': '00001' });

    expect(isServed(shape!, households)).to.equal(false);
  });
});
