import { expect } from 'chai';
import type { Router } from 'express';
import request from 'supertest';
import { apiMounts } from '../../src/app';
import { routesOf } from '../../src/http/api-router';
import { healthRoutes } from '../../src/http/health';
import { testApp, testConfig } from '../support/app';
import { useTestDb } from '../support/db';

const METHODS = ['get', 'post', 'put', 'patch', 'delete', 'head', 'options'];

/** "METHOD /path" of every route a router registers, under its mount path. */
function routesUnder(router: Router, prefix: string): string[] {
  const routes = routesOf(router);
  if (!routes) throw new Error(`the router at ${prefix || '/'} lists no routes: make it with apiRouter()`);
  return routes.map((r) => r.replace(' ', ` ${prefix}`));
}

function routedOperations(): string[] {
  const api = apiMounts(testConfig()).flatMap((m) => routesUnder(m.router, '/api/v1' + m.path));
  return [...api, ...routesUnder(healthRoutes, '')];
}

type Doc = {
  openapi: string;
  paths: Record<
    string,
    Record<string, { responses: Record<string, unknown>; parameters?: { name: string }[] }>
  >;
  components: { schemas: Record<string, unknown> };
};

function documentedOperations(doc: Doc): string[] {
  return Object.entries(doc.paths).flatMap(([p, item]) =>
    Object.keys(item)
      .filter((m) => METHODS.includes(m))
      .map((m) => `${m.toUpperCase()} ${p}`),
  );
}

describe('OpenAPI document', () => {
  useTestDb();

  it('when GET /api/openapi.json is requested without a token, then it answers an OpenAPI 3 document', async () => {
    const res = await request(testApp).get('/api/openapi.json');

    expect(res.status).to.equal(200);
    expect(res.type).to.equal('application/json');
    expect(res.body.openapi).to.match(/^3\.\d+\.\d+$/);
    expect(res.body.info).to.include.keys('title', 'version');
    expect(res.body.paths).to.be.an('object');
    expect(res.body.components.securitySchemes.bearer).to.include({ type: 'http', scheme: 'bearer' });
  });

  it('when every route of the API routers is listed, then each has a documented path and method', async () => {
    const routes = routedOperations();

    const res = await request(testApp).get('/api/openapi.json');

    const documented = documentedOperations(res.body as Doc);
    expect(routes.length).to.be.greaterThan(10);
    expect(routes.filter((r) => !documented.includes(r))).to.deep.equal([]);
  });

  it('when every documented operation is listed, then each has a route', async () => {
    const routes = routedOperations();

    const res = await request(testApp).get('/api/openapi.json');

    const documented = documentedOperations(res.body as Doc);
    expect(documented.filter((d) => !routes.includes(d))).to.deep.equal([]);
  });

  it('when a path has parameters in braces, then each is described as a required path parameter', async () => {
    const res = await request(testApp).get('/api/openapi.json');

    const doc = res.body as Doc;
    const missing: string[] = [];
    for (const [p, item] of Object.entries(doc.paths)) {
      const names = [...p.matchAll(/\{([^}]+)\}/g)].map((m) => m[1]);
      for (const [method, op] of Object.entries(item)) {
        const params = (op.parameters ?? []) as { name: string; in: string; required: boolean }[];
        for (const n of names)
          if (!params.some((x) => x.name === n && x.in === 'path' && x.required))
            missing.push(`${method} ${p} ${n}`);
      }
    }
    expect(missing).to.deep.equal([]);
  });

  it('when the document refers to a component schema, then that schema exists', async () => {
    const res = await request(testApp).get('/api/openapi.json');

    const refs = [...JSON.stringify(res.body).matchAll(/"\$ref":"#\/components\/schemas\/([^"]+)"/g)].map(
      (m) => m[1],
    );
    expect(refs.length).to.be.greaterThan(0);
    expect(refs.filter((r) => !(r in res.body.components.schemas))).to.deep.equal([]);
  });

  it('when an area route is documented, then its query and errors match what the route validates', async () => {
    const res = await request(testApp).get('/api/openapi.json');

    const list = res.body.paths['/api/v1/areas'].get;
    const programme = res.body.paths['/api/v1/areas/{code}/programme'].put;
    expect(list.parameters.map((p: { name: string }) => p.name)).to.have.members([
      'level',
      'parentCode',
      'provinceCode',
      'q',
      'page',
      'pageSize',
    ]);
    expect(list.responses['200'].content['application/json'].schema.required).to.have.members([
      'items',
      'total',
      'page',
      'pageSize',
    ]);
    expect(programme.responses).to.include.keys('200', '400', '401', '403', '404', '422');
    const date = programme.requestBody.content['application/json'].schema.properties.switchOffDate;
    expect(date.pattern).to.equal('^\\d{4}-\\d{2}-\\d{2}$');
  });

  it('when /api/docs/ is requested, then it serves the Swagger UI page', async () => {
    const res = await request(testApp).get('/api/docs/');

    expect(res.status).to.equal(200);
    expect(res.type).to.equal('text/html');
    expect(res.text).to.contain('swagger-ui');
  });

  it('when /api/docs is requested without the slash, then it redirects to /api/docs/', async () => {
    const res = await request(testApp).get('/api/docs');

    expect(res.status).to.be.within(301, 308);
    expect(res.headers.location).to.match(/\/api\/docs\/$/);
  });
});
