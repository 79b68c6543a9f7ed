import { expect } from 'chai';
import {
  forgetSession,
  readSavedSession,
  saveSession,
  SESSION_KEY,
  type KeyValueStore,
} from '../../../web/src/shared/saved-session';

function memoryStore(): KeyValueStore & { map: Map<string, string> } {
  const map = new Map<string, string>();
  return {
    map,
    getItem: (k) => map.get(k) ?? null,
    setItem: (k, v) => void map.set(k, v),
    removeItem: (k) => void map.delete(k),
  };
}

const NOW = new Date('2026-12-01T10:00:00Z');

describe('web saved session', () => {
  it('when a saved token has not expired, then it is read back', () => {
    const store = memoryStore();
    saveSession(store, { token: 'abc', expiresAt: '2026-12-01T11:00:00Z' });

    expect(readSavedSession(store, NOW)).to.deep.equal({ token: 'abc', expiresAt: '2026-12-01T11:00:00Z' });
  });

  const broken: [string, string][] = [
    ['expired', JSON.stringify({ token: 'abc', expiresAt: '2026-12-01T09:59:59Z' })],
    ['expiring now', JSON.stringify({ token: 'abc', expiresAt: NOW.toISOString() })],
    ['without a token', JSON.stringify({ expiresAt: '2026-12-01T11:00:00Z' })],
    ['without an expiry', JSON.stringify({ token: 'abc' })],
    ['not JSON', 'abc'],
  ];
  for (const [name, raw] of broken) {
    it(`when the saved value is ${name}, then there is no session and the value is removed`, () => {
      const store = memoryStore();
      store.setItem(SESSION_KEY, raw);

      expect(readSavedSession(store, NOW)).to.equal(null);
      expect(store.map.has(SESSION_KEY)).to.equal(false);
    });
  }

  it('when the session is forgotten, then nothing is left on the device', () => {
    const store = memoryStore();
    saveSession(store, { token: 'abc', expiresAt: '2026-12-01T11:00:00Z' });

    forgetSession(store);

    expect(store.map.size).to.equal(0);
  });
});
