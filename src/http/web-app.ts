import { existsSync } from 'node:fs';
import path from 'node:path';
import express, { Router } from 'express';

// The browser app built by Vite into dist/web (npm run build). Hashed files under /assets never change,
// so browsers keep them a year; index.html is revalidated on every load so a new build is picked up.
// Any other path outside /api is one of the app's own pages: it gets index.html and the app routes it.

export function webAppRoutes(dir: string): Router {
  const router = Router();
  const index = path.join(dir, 'index.html');
  router.use(
    '/assets',
    express.static(path.join(dir, 'assets'), { immutable: true, maxAge: '365d', index: false }),
  );
  // The service worker (web/public/sw.js) is checked for a new version on every start, and controls
  // the whole app (scope /); the manifest gets its registered type.
  router.get('/sw.js', (_req, res, next) => {
    const file = path.join(dir, 'sw.js');
    if (!existsSync(file)) {
      next();
      return;
    }
    res.set({ 'Cache-Control': 'no-cache', 'Service-Worker-Allowed': '/' });
    res.type('text/javascript').sendFile(file);
  });
  router.use(
    express.static(dir, {
      index: false,
      maxAge: '1h',
      setHeaders: (res, file) => {
        if (file.endsWith('.webmanifest')) res.type('application/manifest+json');
      },
    }),
  );
  router.get('/{*page}', (req, res, next) => {
    const isPage = req.path !== '/api' && !req.path.startsWith('/api/') && !req.path.startsWith('/assets/');
    // Checked per request: the server also runs (tests, API only) without a built app.
    if (!isPage || !existsSync(index)) {
      next();
      return;
    }
    res.set('Cache-Control', 'no-cache');
    res.sendFile(index);
  });
  return router;
}
