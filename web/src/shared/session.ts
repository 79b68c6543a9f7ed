import { api, configureApi, NetworkError, type User } from './api';
import { language } from './i18n';
import { forgetSession, readSavedSession, saveSession, type SavedSession } from './saved-session';
import { createStore } from './store';

// Who is signed in. The token is in localStorage with the user and their area's name
// (saved-session.ts, README "The session token"), so a reload shows the workspace at once while
// GET /auth/me checks the session in the background; any 401 ends it.

export type SessionNotice = 'expired' | 'signedOut' | null;

export type SessionState =
  | { status: 'checking' }
  | { status: 'signedOut'; notice: SessionNotice }
  | { status: 'signedIn'; user: User; areaName: string | null };

export const session = createStore<SessionState>({ status: 'checking' });

let saved: SavedSession<User> | null = readSavedSession(
  localStorage,
  new Date(),
) as SavedSession<User> | null;

function endSession(notice: SessionNotice): void {
  saved = null;
  forgetSession(localStorage);
  session.set({ status: 'signedOut', notice });
}

configureApi({
  token: () => saved?.token ?? null,
  language: () => language.get(),
  unauthorized: () => endSession('expired'),
});

/** "Phường Dữu Lâu, Tỉnh Phú Thọ": the area's name and its province's, never their codes. */
async function areaNameOf(user: User): Promise<string | null> {
  if (!user.scope) return null;
  const scope = user.scope;
  const [area, province] = await Promise.all([
    api.area(scope.code),
    scope.level === 'province' ? null : api.area(scope.provinceCode).catch(() => null),
  ]);
  return province ? `${area.name}, ${province.name}` : area.name;
}

function show(user: User, areaName: string | null): void {
  if (!saved) return;
  saved = { ...saved, user, areaName };
  saveSession(localStorage, saved);
  session.set({ status: 'signedIn', user, areaName });
}

/** Shows the workspace; the area's name follows when the API gives it (it is not worth a wait). */
function enter(user: User): void {
  const known = saved?.user?.scope?.code === user.scope?.code ? (saved?.areaName ?? null) : null;
  show(user, known);
  areaNameOf(user).then(
    (name) => saved && show(user, name),
    () => undefined,
  );
}

/** On start: the saved session at once (checked in the background), or the sign-in page. */
export async function resumeSession(): Promise<void> {
  if (!saved) {
    session.set({ status: 'signedOut', notice: null });
    return;
  }
  const check = api.me().then(enter, (err: unknown) => {
    // A 401 has already ended the session (the API client's hook); offline keeps the saved one.
    if (!(err instanceof NetworkError) && session.get().status !== 'signedOut') endSession('expired');
    if (err instanceof NetworkError && !saved?.user) throw err;
  });
  if (saved.user) {
    session.set({ status: 'signedIn', user: saved.user, areaName: saved.areaName ?? null });
    return;
  }
  await check;
}

export async function signIn(username: string, password: string): Promise<void> {
  const result = await api.login({ username, password });
  saved = { token: result.token, expiresAt: result.expiresAt };
  saveSession(localStorage, saved);
  enter(result.user);
}

export async function signOut(): Promise<void> {
  await api.logout().catch(() => undefined);
  endSession('signedOut');
}

export function signedInUser(): User | null {
  const s = session.get();
  return s.status === 'signedIn' ? s.user : null;
}
