/* global self, caches, fetch, URL, Response */
// The app shell offline (README "Offline"): the page and its built files are kept in the Cache API so
// the app opens with no network. Never API answers: the installer's data lives in IndexedDB, which
// sign-out wipes. Hashed /assets/* never change (cache first); the page itself is served from the
// cache at once and refreshed in the background, so a new build shows on the next start.
// precache.json (written by the build) lists every built file, so the lazy chunks load offline too:
// the barcode scanner and its ZXing WebAssembly work after the first visit online.
const SHELL = 'dtv-shell-v2';
const PAGE = '/index.html';

async function precache() {
  const cache = await caches.open(SHELL);
  const res = await fetch('/', { cache: 'no-cache' });
  if (!res.ok) return;
  const html = await res.clone().text();
  await cache.put(PAGE, res);
  const files = new Set(['/favicon.svg', '/manifest.webmanifest', '/icon-192.png', '/icon-512.png']);
  for (const m of html.matchAll(/(?:src|href)="(\/assets\/[^"]+)"/g)) files.add(m[1]);
  const list = await fetch('/precache.json', { cache: 'no-cache' })
    .then((r) => (r.ok ? r.json() : []))
    .catch(() => []);
  for (const f of list) if (typeof f === 'string' && f.startsWith('/assets/')) files.add(f);
  await Promise.all([...files].map((f) => cache.add(f).catch(() => undefined)));
}

self.addEventListener('install', (event) => {
  event.waitUntil(precache().then(() => self.skipWaiting()));
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((keys) => Promise.all(keys.filter((k) => k !== SHELL).map((k) => caches.delete(k))))
      .then(() => self.clients.claim()),
  );
});

async function page() {
  const cache = await caches.open(SHELL);
  const cached = await cache.match(PAGE);
  const fresh = fetch('/', { cache: 'no-cache' })
    .then((res) => {
      if (res.ok) void cache.put(PAGE, res.clone());
      return res;
    })
    .catch(() => null);
  if (cached) return cached;
  return (await fresh) ?? new Response('Offline', { status: 503 });
}

async function file(request) {
  const cache = await caches.open(SHELL);
  const cached = await cache.match(request);
  if (cached) return cached;
  const res = await fetch(request);
  if (res.ok) void cache.put(request, res.clone());
  return res;
}

self.addEventListener('fetch', (event) => {
  const { request } = event;
  const url = new URL(request.url);
  if (request.method !== 'GET' || url.origin !== self.location.origin || url.pathname.startsWith('/api/'))
    return;
  if (request.mode === 'navigate') event.respondWith(page());
  else if (url.pathname.startsWith('/assets/') || /^\/[\w.-]+\.(svg|png|webmanifest)$/.test(url.pathname))
    event.respondWith(file(request));
});
