import { useState } from 'preact/hooks';
import { api, ApiError } from './api';
import { Field } from './field';
import { useWords } from './i18n';
import { signedInUser, signIn } from './session';
import { errorText, Notice } from './states';

export function PasswordPage() {
  const w = useWords();
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [repeat, setRepeat] = useState('');
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<{ ok: boolean; text: string } | null>(null);
  const nextError = next && next.length < 10 ? w.password.tooShort : null;
  const repeatError = repeat && repeat !== next ? w.password.mismatch : null;

  const submit = async (e: Event) => {
    e.preventDefault();
    if (next.length < 10 || next !== repeat || !current) {
      setResult({ ok: false, text: next.length < 10 ? w.password.tooShort : w.password.mismatch });
      return;
    }
    setBusy(true);
    try {
      await api.changePassword({ currentPassword: current, newPassword: next });
      // The server ends every session of the user, this one too: sign in again with the new password.
      const user = signedInUser();
      if (user) await signIn(user.username, next);
      setResult({ ok: true, text: w.password.done });
      setCurrent('');
      setNext('');
      setRepeat('');
    } catch (err) {
      const wrong = err instanceof ApiError && err.status === 400 && !!err.fieldErrors().currentPassword;
      setResult({ ok: false, text: wrong ? w.password.wrongCurrent : errorText(err, w) });
    } finally {
      setBusy(false);
    }
  };

  return (
    <section class="narrow">
      <h1>{w.password.title}</h1>
      <p>{w.password.intro}</p>
      {result && <Notice kind={result.ok ? 'ok' : 'error'}>{result.text}</Notice>}
      <form class="card" onSubmit={submit} noValidate>
        <Field id="current-password" label={w.password.current} required>
          {(a) => (
            <input
              {...a}
              type="password"
              autoComplete="current-password"
              value={current}
              onInput={(e) => setCurrent(e.currentTarget.value)}
            />
          )}
        </Field>
        <Field id="new-password" label={w.password.next} error={nextError} required>
          {(a) => (
            <input
              {...a}
              type="password"
              autoComplete="new-password"
              value={next}
              onInput={(e) => setNext(e.currentTarget.value)}
            />
          )}
        </Field>
        <Field id="repeat-password" label={w.password.repeat} error={repeatError} required>
          {(a) => (
            <input
              {...a}
              type="password"
              autoComplete="new-password"
              value={repeat}
              onInput={(e) => setRepeat(e.currentTarget.value)}
            />
          )}
        </Field>
        <button type="submit" class="button primary" disabled={busy}>
          {w.password.submit}
        </button>
      </form>
    </section>
  );
}
