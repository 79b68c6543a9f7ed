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
  router.use(express.static(dir, { index: false, maxAge: '1h' }));
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
