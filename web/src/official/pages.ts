// The official's pages under their paths (pure; shared/routes.ts hands the whole path to the workspace).

export type OfficialPage =
  | { name: 'dashboard' }
  | { name: 'review' }
  | { name: 'batches' }
  | { name: 'batch'; id: string }
  | { name: 'receivers' }
  | { name: 'inventory' }
  | { name: 'acceptance' }
  | { name: 'inspections' }
  | { name: 'targets' }
  | { name: 'audit' }
  | { name: 'notFound' };

const ID = '([0-9a-f]{24})';
const PAGES: [RegExp, (m: RegExpExecArray) => OfficialPage][] = [
  [/^\/dashboard\/?$/, () => ({ name: 'dashboard' })],
  [/^\/review\/?$/, () => ({ name: 'review' })],
  [/^\/batches\/?$/, () => ({ name: 'batches' })],
  [new RegExp(`^/batches/${ID}/?$`), (m) => ({ name: 'batch', id: m[1] })],
  [/^\/receivers\/?$/, () => ({ name: 'receivers' })],
  [/^\/inventory\/?$/, () => ({ name: 'inventory' })],
  [/^\/acceptance\/?$/, () => ({ name: 'acceptance' })],
  [/^\/inspections\/?$/, () => ({ name: 'inspections' })],
  [/^\/targets\/?$/, () => ({ name: 'targets' })],
  [/^\/audit\/?$/, () => ({ name: 'audit' })],
];

export function officialPageOf(path: string): OfficialPage {
  for (const [pattern, page] of PAGES) {
    const m = pattern.exec(path);
    if (m) return page(m);
  }
  return { name: 'notFound' };
}
