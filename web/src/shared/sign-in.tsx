import { useState } from 'preact/hooks';
import { ApiError } from './api';
import { Field } from './field';
import { useWords } from './i18n';
import { signIn, type SessionNotice } from './session';
import { LanguageSwitch } from './shell';
import { errorText, Notice } from './states';

export function SignInPage({ notice }: { notice: SessionNotice }) {
  const w = useWords();
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const submit = async (e: Event) => {
    e.preventDefault();
    if (!username.trim() || !password) {
      setError(w.signIn.fillBoth);
      return;
    }
    setBusy(true);
    setError(null);
    try {
      await signIn(username.trim(), password);
    } catch (err) {
      setPassword('');
      if (err instanceof ApiError && err.status === 401) setError(w.signIn.wrong);
      else if (err instanceof ApiError && err.status === 429) setError(w.signIn.tooMany);
      else setError(errorText(err, w));
      setBusy(false);
    }
  };

  return (
    <main id="main" class="sign-in">
      <div class="top-row">
        <span class="brand">{w.appName}</span>
        <LanguageSwitch />
      </div>
      <form class="card" onSubmit={submit} noValidate>
        <h1>{w.signIn.title}</h1>
        <p>{w.signIn.intro}</p>
        {notice === 'expired' && <Notice kind="error">{w.signIn.expired}</Notice>}
        {notice === 'signedOut' && <Notice kind="ok">{w.signIn.signedOut}</Notice>}
        {error && <Notice kind="error">{error}</Notice>}
        <Field id="username" label={w.signIn.username}>
          {(a) => (
            <input
              {...a}
              name="username"
              autoComplete="username"
              autoCapitalize="none"
              spellcheck={false}
              value={username}
              onInput={(e) => setUsername(e.currentTarget.value)}
            />
          )}
        </Field>
        <Field id="password" label={w.signIn.password}>
          {(a) => (
            <input
              {...a}
              type="password"
              name="password"
              autoComplete="current-password"
              value={password}
              onInput={(e) => setPassword(e.currentTarget.value)}
            />
          )}
        </Field>
        <button type="submit" class="button primary" disabled={busy}>
          {busy ? w.signIn.submitting : w.signIn.submit}
        </button>
      </form>
      <p class="hint">{w.signIn.forgot}</p>
    </main>
  );
}
