// The app's pages and their paths. Pure: the router module keeps the browser's location in step.

export type Page =
  | { name: 'households' }
  | { name: 'register' }
  | { name: 'household'; id: string }
  | { name: 'edit'; id: string }
  | { name: 'import' }
  | { name: 'users' }
  | { name: 'areas' }
  | { name: 'backups' }
  | { name: 'password' }
  | { name: 'installer' }
  | { name: 'worklist'; batchId: string }
  | { name: 'delivery'; id: string }
  | { name: 'official'; path: string }
  | { name: 'notFound' };

const ID = '([0-9a-f]{24})';
/** The official's workspace (web/src/official/pages.ts routes inside it). */
const OFFICIAL_PATHS =
  /^\/(dashboard|review|batches|receivers|inventory|acceptance|inspections|targets|audit)(\/[^?#]*)?$/;
const PAGES: [RegExp, (m: RegExpExecArray) => Page][] = [
  [/^\/$/, () => ({ name: 'households' })],
  [/^\/households\/?$/, () => ({ name: 'households' })],
  [/^\/households\/new\/?$/, () => ({ name: 'register' })],
  [new RegExp(`^/households/${ID}/?$`), (m) => ({ name: 'household', id: m[1] })],
  [new RegExp(`^/households/${ID}/edit/?$`), (m) => ({ name: 'edit', id: m[1] })],
  [/^\/import\/?$/, () => ({ name: 'import' })],
  [/^\/users\/?$/, () => ({ name: 'users' })],
  [/^\/areas\/?$/, () => ({ name: 'areas' })],
  [/^\/backups\/?$/, () => ({ name: 'backups' })],
  [/^\/password\/?$/, () => ({ name: 'password' })],
  [/^\/installer\/?$/, () => ({ name: 'installer' })],
  [new RegExp(`^/installer/batches/${ID}/?$`), (m) => ({ name: 'worklist', batchId: m[1] })],
  [new RegExp(`^/installer/deliveries/${ID}/?$`), (m) => ({ name: 'delivery', id: m[1] })],
  [OFFICIAL_PATHS, (m) => ({ name: 'official', path: m[0] })],
];

export function pageOf(path: string): Page {
  for (const [pattern, page] of PAGES) {
    const m = pattern.exec(path);
    if (m) return page(m);
  }
  return { name: 'notFound' };
}

export function pathOf(page: Page): string {
  switch (page.name) {
    case 'households':
      return '/households';
    case 'register':
      return '/households/new';
    case 'household':
      return `/households/${page.id}`;
    case 'edit':
      return `/households/${page.id}/edit`;
    case 'import':
      return '/import';
    case 'users':
      return '/users';
    case 'areas':
      return '/areas';
    case 'backups':
      return '/backups';
    case 'password':
      return '/password';
    case 'installer':
      return '/installer';
    case 'worklist':
      return `/installer/batches/${page.batchId}`;
    case 'delivery':
      return `/installer/deliveries/${page.id}`;
    case 'official':
      return page.path;
    case 'notFound':
      return '/';
  }
}

/** The path of a household's page, for every link and `navigate` to one. */
export function householdPath(id: string): string {
  return pathOf({ name: 'household', id });
}

/** The path of a household's edit form. */
export function householdEditPath(id: string): string {
  return pathOf({ name: 'edit', id });
}

/** The list's filters live in the query string, so a reload or the back button keeps them. */
export function queryOf(search: string): Record<string, string> {
  return Object.fromEntries(new URLSearchParams(search));
}

export function searchOf(query: Record<string, string | number | boolean | undefined | null>): string {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query))
    if (v !== undefined && v !== null && v !== '') params.set(k, String(v));
  const s = params.toString();
  return s ? `?${s}` : '';
}
