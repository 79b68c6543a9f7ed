import { expect } from 'chai';
import { foldProgress } from '../../../src/batches/progress';

const row = (
  communeCode: string,
  status: 'pending' | 'delivered' | 'failed' | 'cancelled',
  n: number,
  by: string | null = null,
  reason: string | null = null,
) => ({ _id: { communeCode, status, by, reason }, n }) as Parameters<typeof foldProgress>[0][number];

describe('batch progress', () => {
  it('when there are no deliveries, then every count is zero and capacity is the allocated receivers', () => {
    const p = foldProgress([], { allocated: 4, installed: 0 }, new Map());

    expect(p.deliveries).to.deep.equal({ pending: 0, delivered: 0, failed: 0, cancelled: 0 });
    expect(p.capacity).to.equal(4);
    expect(p.byCommune).to.deep.equal([]);
  });

  it('when deliveries are spread over communes and installers, then totals, per commune, per installer and reasons add up', () => {
    const p = foldProgress(
      [
        row('07891', 'pending', 2),
        row('07888', 'delivered', 3, 'u1'),
        row('07888', 'failed', 1, 'u1', 'absent'),
        row('07891', 'failed', 2, 'u2', 'absent'),
        row('07891', 'failed', 1, 'u2', 'moved'),
      ],
      { allocated: 5, installed: 3 },
      new Map([
        ['u1', 'Nguyễn Văn An'],
        ['u2', 'Trần Thị Bình'],
      ]),
    );

    expect(p.deliveries).to.deep.equal({ pending: 2, delivered: 3, failed: 4, cancelled: 0 });
    expect(p.capacity).to.equal(3);
    expect(p.failedReasons).to.deep.equal({ absent: 3, moved: 1 });
    expect(p.byCommune.map((c) => c.communeCode)).to.deep.equal(['07888', '07891']);
    expect(p.byCommune[1]).to.include({ pending: 2, failed: 3 });
    expect(p.byInstaller).to.deep.equal([
      { userId: 'u1', fullName: 'Nguyễn Văn An', delivered: 3, failed: 1 },
      { userId: 'u2', fullName: 'Trần Thị Bình', delivered: 0, failed: 3 },
    ]);
  });

  it('when an installer row’s user has no name (no account has the id any more), then its fullName is null', () => {
    const p = foldProgress([row('07888', 'delivered', 1, 'gone')], { allocated: 1, installed: 1 }, new Map());

    expect(p.byInstaller).to.deep.equal([{ userId: 'gone', fullName: null, delivered: 1, failed: 0 }]);
  });

  it('when more deliveries are pending than receivers are allocated (drift), then capacity is zero, not negative', () => {
    expect(
      foldProgress([row('07888', 'pending', 3)], { allocated: 2, installed: 0 }, new Map()).capacity,
    ).to.equal(0);
  });
});
