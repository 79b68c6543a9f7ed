import { api, configureApi, NetworkError, type User } from './api';
import { language } from './i18n';
import { forgetSession, readSavedSession, saveSession } from './saved-session';
import { createStore } from './store';

// Who is signed in. The token is in localStorage (saved-session.ts, README "The session token"); the
// user and their area's name come from the API after a reload.

export type SessionNotice = 'expired' | 'signedOut' | null;

export type SessionState =
  | { status: 'checking' }
  | { status: 'signedOut'; notice: SessionNotice }
  | { status: 'signedIn'; user: User; areaName: string | null };

export const session = createStore<SessionState>({ status: 'checking' });

let token: string | null = readSavedSession(localStorage, new Date())?.token ?? null;

function endSession(notice: SessionNotice): void {
  token = null;
  forgetSession(localStorage);
  session.set({ status: 'signedOut', notice });
}

configureApi({
  token: () => token,
  language: () => language.get(),
  unauthorized: () => endSession('expired'),
});

/** "Xã Tân Sơn, Phú Thọ": the area's name and its province's, never their codes. */
async function areaNameOf(user: User): Promise<string | null> {
  if (!user.scope) return null;
  const area = await api.area(user.scope.code);
  if (user.scope.level === 'province') return area.name;
  const province = await api.area(user.scope.provinceCode).catch(() => null);
  return province ? `${area.name}, ${province.name}` : area.name;
}

async function enter(user: User): Promise<void> {
  session.set({ status: 'signedIn', user, areaName: await areaNameOf(user) });
}

/** On start: the saved token's user, or the sign-in page. A network failure keeps the token. */
export async function resumeSession(): Promise<void> {
  if (!token) {
    session.set({ status: 'signedOut', notice: null });
    return;
  }
  try {
    await enter(await api.me());
  } catch (err) {
    if (err instanceof NetworkError) throw err;
    if (session.get().status !== 'signedOut') endSession('expired');
  }
}

export async function signIn(username: string, password: string): Promise<void> {
  const result = await api.login({ username, password });
  token = result.token;
  saveSession(localStorage, { token: result.token, expiresAt: result.expiresAt });
  await enter(result.user);
}

export async function signOut(): Promise<void> {
  await api.logout().catch(() => undefined);
  endSession('signedOut');
}

export function signedInUser(): User | null {
  const s = session.get();
  return s.status === 'signedIn' ? s.user : null;
}
