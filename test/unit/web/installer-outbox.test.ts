import { expect } from 'chai';
import { drainOutbox, verdictOf, type OutboxItem, type OutboxStore } from '../../../web/src/installer/outbox';

// What shared/api.ts throws: an answer of the server has a status and a code; a NetworkError has none.
class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}
class NetworkError extends Error {}

function memoryOutbox(items: OutboxItem[]): OutboxStore & { rows: Map<number, OutboxItem> } {
  const rows = new Map<number, OutboxItem>(items.map((item, i) => [i + 1, { ...item, seq: i + 1 }]));
  return {
    rows,
    items: async () => [...rows.values()].sort((a, b) => (a.seq ?? 0) - (b.seq ?? 0)),
    remove: async (seq) => void rows.delete(seq),
    put: async (item) => void rows.set(item.seq ?? 0, item),
  };
}

const fail = (deliveryId: string): OutboxItem => ({
  kind: 'fail',
  key: `key-${deliveryId}`,
  deliveryId,
  batchId: 'b1',
  householdName: `Hộ ${deliveryId}`,
  capturedAt: '2026-01-01T00:00:00.000Z',
  temporary: true,
  body: { reason: 'absent', capturedAt: '2026-01-01T00:00:00.000Z' },
});

describe('installer outbox (outbox.ts)', () => {
  it('classifies answers: offline, 5xx, 429 and 401 are retried; other 4xx are refusals to show', () => {
    const api = (status: number) => new ApiError(status, 'X', 'x');

    expect(verdictOf(null)).to.equal('sent');
    expect(verdictOf(new NetworkError('network'))).to.equal('retry');
    expect([500, 503, 429, 408, 401].map((s) => verdictOf(api(s)))).to.deep.equal(Array(5).fill('retry'));
    expect([400, 404, 409, 413, 422].map((s) => verdictOf(api(s)))).to.deep.equal(Array(5).fill('refused'));
  });

  it('when every item is accepted, then they go in capture order with their own keys and the outbox is empty', async () => {
    const store = memoryOutbox([fail('a'), fail('b'), fail('c')]);
    const sent: string[] = [];

    const result = await drainOutbox(store, async (item) => sent.push(item.key));

    expect(sent).to.deep.equal(['key-a', 'key-b', 'key-c']);
    expect(result).to.deep.equal({ sent: 3, refused: 0, stopped: false });
    expect(store.rows.size).to.equal(0);
  });

  it('when the network drops mid-way, then it stops there and keeps that item and the ones after it', async () => {
    const store = memoryOutbox([fail('a'), fail('b'), fail('c')]);

    const result = await drainOutbox(store, async (item) => {
      if (item.deliveryId === 'b') throw new NetworkError('network');
    });

    expect(result).to.deep.equal({ sent: 1, refused: 0, stopped: true });
    expect([...store.rows.values()].map((i) => i.deliveryId)).to.deep.equal(['b', 'c']);
  });

  it('when the server refuses one, then it is kept with the refusal in words, the others still go, and a later drain skips it', async () => {
    const store = memoryOutbox([fail('a'), fail('b')]);
    const now = () => new Date('2026-02-01T08:00:00Z');

    const first = await drainOutbox(
      store,
      async (item) => {
        if (item.deliveryId === 'a') throw new ApiError(409, 'CONFLICT', 'Đầu thu đã lắp ở hộ khác');
      },
      undefined,
      now,
    );
    const calls: string[] = [];
    const second = await drainOutbox(store, async (item) => calls.push(item.deliveryId));

    expect(first).to.deep.equal({ sent: 1, refused: 1, stopped: false });
    expect([...store.rows.values()][0].refusal).to.deep.equal({
      status: 409,
      code: 'CONFLICT',
      message: 'Đầu thu đã lắp ở hộ khác',
      at: '2026-02-01T08:00:00.000Z',
    });
    expect(calls).to.deep.equal([]);
    expect(second.sent).to.equal(0);
  });
});
