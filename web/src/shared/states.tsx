import type { ComponentChildren } from 'preact';
import { ApiError, NetworkError } from './api';
import { useWords } from './i18n';
import type { Words } from './words-vi';

/** An error in words that say what to do; the server's own message when it is about the request. */
export function errorText(err: unknown, w: Words): string {
  if (err instanceof NetworkError) return w.errors.network;
  if (err instanceof ApiError) {
    if (err.status === 503) return w.errors.unavailable;
    if (err.status === 403) return w.errors.forbidden;
    if (err.status === 404) return w.errors.notFound;
    if (err.status >= 500) return w.errors.internal;
    return err.message;
  }
  return w.errors.internal;
}

export function Loading() {
  const w = useWords();
  return (
    <p class="state" role="status" aria-live="polite">
      <span class="spinner" aria-hidden="true" /> {w.loading}
    </p>
  );
}

export function ErrorBox({ error, onRetry }: { error: unknown; onRetry?: () => void }) {
  const w = useWords();
  return (
    <div class="alert alert-error" role="alert">
      <p>{errorText(error, w)}</p>
      {onRetry && (
        <button type="button" class="button" onClick={onRetry}>
          {w.retry}
        </button>
      )}
    </div>
  );
}

export function Notice({
  kind = 'info',
  children,
}: {
  kind?: 'info' | 'ok' | 'error';
  children: ComponentChildren;
}) {
  return (
    <div class={`alert alert-${kind}`} role={kind === 'error' ? 'alert' : 'status'}>
      {children}
    </div>
  );
}

export function Empty({ children }: { children: ComponentChildren }) {
  return <p class="state empty">{children}</p>;
}
