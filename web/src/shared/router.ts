import { createStore } from './store';

// The current location; links and navigate() change it without reloading the page.

export interface Location {
  path: string;
  search: string;
}

const here = (): Location => ({ path: window.location.pathname, search: window.location.search });

export const location = createStore<Location>(here());

window.addEventListener('popstate', () => location.set(here()));

export function navigate(to: string, opts: { replace?: boolean } = {}): void {
  if (opts.replace) window.history.replaceState(null, '', to);
  else window.history.pushState(null, '', to);
  location.set(here());
  window.scrollTo(0, 0);
}

/** For <a href> inside the app: a plain click navigates in place; ctrl/middle click opens a tab. */
export function onLinkClick(e: MouseEvent): void {
  const a = (e.target as HTMLElement).closest('a');
  if (!a || e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
  const url = new URL(a.href, window.location.href);
  if (url.origin !== window.location.origin || a.target || a.hasAttribute('download')) return;
  e.preventDefault();
  navigate(url.pathname + url.search);
}
