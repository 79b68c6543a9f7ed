// Where the session token lives on the device (README, "The session token"): in localStorage under one
// key, with its expiry, so it survives a reload and (later) a day offline; it is removed on sign-out and
// on any 401. Pure over a key-value store so it can be unit-tested without a browser.

export interface KeyValueStore {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
}

export interface SavedSession<U = unknown> {
  token: string;
  expiresAt: string;
  /** Who signed in and their area's name, so a reload shows the workspace before the API answers. */
  user?: U;
  areaName?: string | null;
}

export const SESSION_KEY = 'dtv.session';

/** The saved token, or null when there is none, it is malformed or it has expired at `now`. */
export function readSavedSession(store: KeyValueStore, now: Date): SavedSession | null {
  const raw = store.getItem(SESSION_KEY);
  if (!raw) return null;
  try {
    const parsed = JSON.parse(raw) as Partial<SavedSession>;
    const expires = Date.parse(String(parsed.expiresAt));
    if (
      typeof parsed.token !== 'string' ||
      !parsed.token ||
      Number.isNaN(expires) ||
      expires <= now.getTime()
    ) {
      store.removeItem(SESSION_KEY);
      return null;
    }
    return {
      token: parsed.token,
      expiresAt: String(parsed.expiresAt),
      ...(parsed.user === undefined ? {} : { user: parsed.user }),
      ...(parsed.areaName === undefined ? {} : { areaName: parsed.areaName }),
    };
  } catch {
    store.removeItem(SESSION_KEY);
    return null;
  }
}

export function saveSession<U>(store: KeyValueStore, session: SavedSession<U>): void {
  store.setItem(SESSION_KEY, JSON.stringify(session));
}

export function forgetSession(store: KeyValueStore): void {
  store.removeItem(SESSION_KEY);
}
