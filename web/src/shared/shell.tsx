import type { ComponentChildren } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import type { User } from './api';
import { language, useWords } from './i18n';
import type { Page } from './routes';
import { signOut } from './session';
import type { Words } from './words-vi';

interface NavItem {
  href: string;
  label: string;
  pages: Page['name'][];
}

/** The official's workspace: its sections, by path prefix (web/src/official/). */
const OFFICIAL_NAV = (w: Words): [string, string][] => [
  ['/review', w.nav.review],
  ['/batches', w.nav.batches],
  ['/receivers', w.nav.receivers],
  ['/inspections', w.nav.inspections],
  ['/acceptance', w.nav.acceptance],
  ['/targets', w.nav.targets],
  ['/audit', w.nav.audit],
];

function isCurrent(item: NavItem, page: Page): boolean {
  if (page.name === 'official')
    return (
      page.path === item.href ||
      page.path.startsWith(`${item.href}/`) ||
      (item.href === '/receivers' && page.path.startsWith('/inventory'))
    );
  return item.pages.includes(page.name);
}

function navFor(user: User, w: Words): NavItem[] {
  const items: NavItem[] = [];
  if (user.role === 'commune_staff' || user.role === 'admin' || user.role === 'official') {
    items.push({ href: '/households', label: w.nav.households, pages: ['households', 'household', 'edit'] });
  }
  if (user.role === 'commune_staff') {
    items.push({ href: '/households/new', label: w.nav.register, pages: ['register'] });
    items.push({ href: '/import', label: w.nav.import, pages: ['import'] });
  }
  if (user.role === 'admin' || user.role === 'official') {
    items.unshift({ href: '/dashboard', label: w.nav.dashboard, pages: [] });
    for (const [href, label] of OFFICIAL_NAV(w)) items.push({ href, label, pages: [] });
    items.push({ href: '/users', label: w.nav.users, pages: ['users'] });
  }
  if (user.role === 'admin') {
    items.push({ href: '/areas', label: w.nav.areas, pages: ['areas'] });
    items.push({ href: '/backups', label: w.nav.backups, pages: ['backups'] });
  }
  if (user.role === 'installer') {
    items.push({ href: '/installer', label: w.nav.installer, pages: ['installer', 'worklist', 'delivery'] });
  }
  return items;
}

export function LanguageSwitch() {
  const w = useWords();
  const other = language.get() === 'vi' ? 'en' : 'vi';
  return (
    <button type="button" class="link-button" lang={other} onClick={() => language.set(other)}>
      {w.switchToOther}
    </button>
  );
}

function SignOutButton() {
  const w = useWords();
  return (
    <button type="button" class="link-button" onClick={() => void signOut()}>
      {w.nav.signOut}
    </button>
  );
}

function PasswordLink(props: { page: Page }) {
  const w = useWords();
  return (
    <a href="/password" aria-current={props.page.name === 'password' ? 'page' : undefined}>
      {w.nav.password}
    </a>
  );
}

/**
 * The person's own account (password, sign-out) beside their name, not among the sections: an
 * admin's thirteen items wrapped sign-out onto a second row at 1366 px. On a phone with the
 * sections folded (CSS), the password is the menu's last item and sign-out sits beside the menu's
 * button instead, so the header keeps its three rows and sign-out stays in view (shared phones).
 */
function Account(props: { page: Page }) {
  return (
    <span class="account">
      <PasswordLink page={props.page} />
      <SignOutButton />
    </span>
  );
}

export function Shell(props: {
  user: User;
  areaName: string | null;
  page: Page;
  children: ComponentChildren;
}) {
  const w = useWords();
  const { user } = props;
  const main = useRef<HTMLElement>(null);
  const first = useRef(true);
  const items = navFor(user, w);
  const current = items.find((item) => isCurrent(item, props.page));
  // An official's dozen sections took six rows of a phone's screen: there (CSS, under 700 px) they
  // fold behind one button naming the current page; the account moves into that row (Account).
  const collapsible = items.length > 5;
  const [open, setOpen] = useState(false);
  // After a page change, keyboard and screen-reader users start at the new page's content.
  useEffect(() => {
    setOpen(false);
    if (first.current) first.current = false;
    else main.current?.focus();
  }, [JSON.stringify(props.page)]);
  return (
    <>
      <a class="skip-link" href="#main">
        {w.skipToContent}
      </a>
      <header class={collapsible ? 'top folding' : 'top'}>
        <div class="top-row">
          <span class="brand">{w.appName}</span>
          <LanguageSwitch />
        </div>
        <div class="who-row">
          <p class="who">
            <strong>{user.fullName}</strong> · {w.roles[user.role]} ·{' '}
            {props.areaName ?? (user.scope ? '…' : w.wholeCountry)}
          </p>
          <Account page={props.page} />
        </div>
        <nav aria-label={w.nav.label} class={collapsible ? `collapsible${open ? ' open' : ''}` : undefined}>
          {collapsible && (
            <div class="nav-bar">
              <button
                type="button"
                class="nav-toggle"
                aria-expanded={open}
                aria-controls="nav-list"
                onClick={() => setOpen(!open)}
              >
                <span aria-hidden="true">☰ </span>
                {current ? `${w.nav.label}: ${current.label}` : w.nav.label}
              </button>
              <SignOutButton />
            </div>
          )}
          <ul id="nav-list">
            {items.map((item) => (
              <li key={item.href}>
                <a href={item.href} aria-current={isCurrent(item, props.page) ? 'page' : undefined}>
                  {item.label}
                </a>
              </li>
            ))}
            {collapsible && (
              <li class="nav-account">
                <PasswordLink page={props.page} />
              </li>
            )}
          </ul>
        </nav>
      </header>
      <main id="main" tabIndex={-1} ref={main}>
        {props.children}
      </main>
    </>
  );
}
