import { Router } from 'express';

// A router that lists the routes registered on it ("GET /{id}/photo", OpenAPI's form, relative to
// where it is mounted), so that a test can check every route is documented (and every documented
// operation routed) without reading Express's private router.stack. Every API router is made here.

const METHODS = ['get', 'post', 'put', 'patch', 'delete'] as const;
const LISTS = new WeakMap<Router, string[]>();

type Register = (path: string, ...handlers: unknown[]) => Router;

/** Express's "/:id/photo" in OpenAPI's form, "/{id}/photo"; the mount's own path "/" is "". */
const openApiPath = (path: string) => (path === '/' ? '' : path.replace(/:([A-Za-z0-9_]+)/g, '{$1}'));

export function apiRouter(): Router {
  const router = Router();
  const routes: string[] = [];
  const methods = router as unknown as Record<(typeof METHODS)[number], Register>;
  for (const method of METHODS) {
    const register = methods[method].bind(router);
    methods[method] = (path, ...handlers) => {
      routes.push(`${method.toUpperCase()} ${openApiPath(path)}`);
      return register(path, ...handlers);
    };
  }
  LISTS.set(router, routes);
  return router;
}

/** "METHOD /path" of every route registered on a router made by apiRouter(); null for another router. */
export function routesOf(router: Router): readonly string[] | null {
  return LISTS.get(router) ?? null;
}
