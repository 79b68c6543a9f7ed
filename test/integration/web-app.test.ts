import { expect } from 'chai';
import express from 'express';
import helmet from 'helmet';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import request from 'supertest';
import { errorHandler, notFoundRoute } from '../../src/http/error-handler';
import { webAppRoutes } from '../../src/http/web-app';
import { testApp } from '../support/app';

// The built app's files, served as createApp serves dist/web (here a folder made for the test).
describe('web app serving', () => {
  let dir: string;
  let app: express.Express;

  before(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'dtv-web-'));
    mkdirSync(path.join(dir, 'assets'));
    writeFileSync(path.join(dir, 'index.html'), '<!doctype html><title>app</title>');
    writeFileSync(path.join(dir, 'assets', 'index-abc123.js'), 'console.log(1)');
    app = express();
    app.use(helmet());
    app.use('/api/v1', (_req, _res, next) => next());
    app.use(webAppRoutes(dir));
    app.use(notFoundRoute);
    app.use(errorHandler);
  });

  after(() => rmSync(dir, { recursive: true, force: true }));

  it('when / is opened, then index.html comes with a strict CSP and is revalidated on each load', async () => {
    const res = await request(app).get('/');

    expect(res.status).to.equal(200);
    expect(res.text).to.contain('<title>app</title>');
    expect(res.headers['cache-control']).to.equal('no-cache');
    expect(res.headers['content-security-policy']).to.contain("script-src 'self'");
    expect(res.headers['content-security-policy']).not.to.contain("script-src 'self' 'unsafe-inline'");
  });

  it("when one of the app's pages is opened directly, then it gets index.html", async () => {
    const res = await request(app).get('/households/0123456789abcdef01234567/edit');

    expect(res.status).to.equal(200);
    expect(res.text).to.contain('<title>app</title>');
  });

  it('when a hashed asset is fetched, then browsers may keep it a year', async () => {
    const res = await request(app).get('/assets/index-abc123.js');

    expect(res.status).to.equal(200);
    expect(res.headers['cache-control']).to.equal('public, max-age=31536000, immutable');
  });

  it('when an unknown asset or API path is asked, then it is the JSON 404, not the app', async () => {
    const asset = await request(app).get('/assets/missing.js');
    const api = await request(app).get('/api/v1/nothing-here');

    expect(asset.status).to.equal(404);
    expect(api.status).to.equal(404);
    expect(api.body.error.code).to.equal('NOT_FOUND');
  });

  it('when the real app is asked for an unknown API path, then it still answers the JSON 404', async () => {
    const res = await request(testApp).get('/api/v1/nothing-here');

    expect(res.status).to.equal(404);
    expect(res.body.error.code).to.equal('NOT_FOUND');
  });
});
