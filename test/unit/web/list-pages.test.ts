import { expect } from 'chai';
import { pagerOf } from '../../../web/src/shared/list-pages';

const items = (n: number) => Array.from({ length: n }, (_, i) => i);

describe('pagerOf (the pager of a household list whose total may be capped)', () => {
  const cases: [string, Parameters<typeof pagerOf>, ReturnType<typeof pagerOf>][] = [
    [
      'an empty list',
      [{ total: 0, totalCapped: false, items: [] }, 1, 20],
      { pages: 1, more: false, hasNext: false },
    ],
    [
      'an exact total, first page of three',
      [{ total: 45, totalCapped: false, items: items(20) }, 1, 20],
      { pages: 3, more: false, hasNext: true },
    ],
    [
      'an exact total, its last page',
      [{ total: 45, totalCapped: false, items: items(5) }, 3, 20],
      { pages: 3, more: false, hasNext: false },
    ],
    [
      'a capped total (more than 1,000), first page',
      [{ total: 1000, totalCapped: true, items: items(20) }, 1, 20],
      { pages: 50, more: true, hasNext: true },
    ],
    [
      'a capped total, at its counted last page: another may follow',
      [{ total: 1000, totalCapped: true, items: items(20) }, 50, 20],
      { pages: 50, more: true, hasNext: true },
    ],
    [
      'a capped total, past the count, a short page: the end',
      [{ total: 1000, totalCapped: true, items: items(7) }, 53, 20],
      { pages: 50, more: true, hasNext: false },
    ],
    [
      'exactly 1,000 counted exactly: no page after the fiftieth',
      [{ total: 1000, totalCapped: false, items: items(20) }, 50, 20],
      { pages: 50, more: false, hasNext: false },
    ],
  ];
  for (const [title, args, expected] of cases) {
    it(title, () => {
      expect(pagerOf(...args)).to.deep.equal(expected);
    });
  }
});
