import { expect } from 'chai';
import request from 'supertest';
import { AreaModel } from '../../src/areas/model';
import { AuditModel } from '../../src/audit/model';
import { testApp } from '../support/app';
import { useTestDb } from '../support/db';
import { givenAreas, givenUser } from '../support/factories';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

describe('errors', () => {
  useTestDb();

  describe('malformed and oversized bodies', () => {
    it('when the body is malformed JSON, then it answers 400 VALIDATION_FAILED with code and message only', async () => {
      await givenAreas();
      const official = await givenUser('official', '25');

      const res = await request(testApp)
        .put('/api/v1/areas/07888/targets')
        .set(official.auth)
        .set('Content-Type', 'application/json')
        .send('{"poor": 1,');

      expect(res.status).to.equal(400);
      expect(res.type).to.equal('application/json');
      expect(res.body).to.deep.equal({
        error: { code: 'VALIDATION_FAILED', message: 'Nội dung gửi lên không phải JSON hợp lệ' },
      });
      expect((await AreaModel.findOne({ code: '07888' }).lean())?.targets).to.equal(null);
      expect(await AuditModel.countDocuments({ action: 'area.targets_set' })).to.equal(0);
    });

    it('when the body is malformed JSON on sign-in (no token), then it still answers 400, not 401', async () => {
      const res = await request(testApp)
        .post('/api/v1/auth/login')
        .set('Content-Type', 'application/json')
        .send('not json');

      expect(res.status).to.equal(400);
      expect(res.body.error.code).to.equal('VALIDATION_FAILED');
    });

    it('when the body is over the size limit, then it answers 413 PAYLOAD_TOO_LARGE naming the limit', async () => {
      const admin = await givenUser('admin');
      const big = JSON.stringify({ poor: 1, nearPoor: 1, listYear: 2024, padding: 'x'.repeat(1_100_000) });

      const res = await request(testApp)
        .put('/api/v1/areas/07888/targets')
        .set(admin.auth)
        .set('Content-Type', 'application/json')
        .send(big);

      expect(res.status).to.equal(413);
      expect(res.type).to.equal('application/json');
      expect(res.body).to.deep.equal({
        error: {
          code: 'PAYLOAD_TOO_LARGE',
          message: 'Nội dung gửi lên quá lớn (tối đa 1 MB); hãy gửi ít dữ liệu hơn mỗi lần',
          details: { limit: '1 MB' },
        },
      });
    }).timeout(30_000);

    it('when the JSON body declares a charset the parser does not support, then it answers 400, not 500', async () => {
      const admin = await givenUser('admin');

      const res = await request(testApp)
        .put('/api/v1/areas/07888/targets')
        .set(admin.auth)
        .set('Content-Type', 'application/json; charset=latin1')
        .send('{"poor": 1}');

      expect(res.status).to.equal(400);
      expect(res.body.error.code).to.equal('VALIDATION_FAILED');
    });

    it('when the body is compressed with an unsupported encoding, then it answers 400, not 500', async () => {
      const admin = await givenUser('admin');

      const res = await request(testApp)
        .put('/api/v1/areas/07888/targets')
        .set(admin.auth)
        .set('Content-Type', 'application/json')
        .set('Content-Encoding', 'compress')
        .send('{"poor": 1}');

      expect(res.status).to.equal(400);
      expect(res.body.error.code).to.equal('VALIDATION_FAILED');
    });
  });

  describe('unknown routes', () => {
    for (const [method, path] of [
      ['get', '/api/v1/nothing-here'],
      ['post', '/api/v1/areas'],
      ['delete', '/api/v1/areas/25'],
      // GET of other paths is the web app's (index.html, see web-app.test.ts); /api/* never is.
      ['get', '/api/nothing-here'],
      ['put', '/nothing-here'],
    ] as const) {
      it(`when ${method.toUpperCase()} ${path} is requested, then it answers 404 NOT_FOUND naming the route`, async () => {
        const admin = await givenUser('admin');

        const res = await request(testApp)[method](path).set(admin.auth);

        expect(res.status).to.equal(404);
        expect(res.body).to.deep.equal({
          error: {
            code: 'NOT_FOUND',
            message: `Không có đường dẫn ${method.toUpperCase()} ${path}`,
          },
        });
      });
    }

    it('when an unknown API route is requested without a token, then it answers 404 NOT_FOUND', async () => {
      const res = await request(testApp).get('/api/v1/nothing-here');

      expect(res.status).to.equal(404);
      expect(res.body.error.code).to.equal('NOT_FOUND');
    });
  });

  describe('language of messages', () => {
    const languages: [string, string | undefined, string][] = [
      ['no Accept-Language', undefined, 'Không có đơn vị hành chính mã 99'],
      ['Accept-Language: en', 'en', 'No area with code 99'],
      ['Accept-Language: en-US,en;q=0.9', 'en-US,en;q=0.9', 'No area with code 99'],
      ['Accept-Language: vi', 'vi', 'Không có đơn vị hành chính mã 99'],
      [
        'Accept-Language: vi-VN,vi;q=0.9,en;q=0.8',
        'vi-VN,vi;q=0.9,en;q=0.8',
        'Không có đơn vị hành chính mã 99',
      ],
      ['Accept-Language: fr', 'fr', 'Không có đơn vị hành chính mã 99'],
    ];
    for (const [name, header, message] of languages) {
      it(`when the request has ${name}, then the message is "${message}"`, async () => {
        await givenAreas();
        const user = await givenUser('commune_staff', '07888');

        const req = request(testApp).get('/api/v1/areas/99').set(user.auth);
        const res = await (header ? req.set('Accept-Language', header) : req);

        expect(res.status).to.equal(404);
        expect(res.body.error.message).to.equal(message);
      });
    }

    it('when validation fails with Accept-Language: en, then the message and every detail are English', async () => {
      await givenAreas();
      const official = await givenUser('official', '25');

      const res = await request(testApp)
        .put('/api/v1/areas/07888/targets')
        .set(official.auth)
        .set('Accept-Language', 'en')
        .send({ poor: -1, listYear: 2024 });

      expect(res.status).to.equal(400);
      expect(res.body.error.message).to.match(/^Invalid input: /);
      expect(res.body.error.details).to.deep.equal([
        { path: 'poor', type: 'number.min', message: 'Poor households: must be at least 0' },
        { path: 'nearPoor', type: 'any.required', message: 'Near-poor households: is required' },
      ]);
    });

    it('when validation fails with no Accept-Language, then the message and every detail are Vietnamese', async () => {
      await givenAreas();
      const official = await givenUser('official', '25');

      const res = await request(testApp)
        .put('/api/v1/areas/07888/targets')
        .set(official.auth)
        .send({ poor: -1, listYear: 2024 });

      expect(res.status).to.equal(400);
      expect(res.body.error.message).to.match(/^Dữ liệu không hợp lệ: /);
      expect(res.body.error.details).to.deep.equal([
        { path: 'poor', type: 'number.min', message: 'Số hộ nghèo: không được nhỏ hơn 0' },
        { path: 'nearPoor', type: 'any.required', message: 'Số hộ cận nghèo: bắt buộc phải nhập' },
      ]);
    });

    it('when a role may not call a route, then it answers 403 in the chosen language with the allowed roles', async () => {
      await givenAreas();
      const installer = await givenUser('installer', '25');

      const res = await request(testApp)
        .get('/api/v1/audit')
        .set(installer.auth)
        .set('Accept-Language', 'en');

      expect(res.status).to.equal(403);
      expect(res.body.error).to.deep.equal({
        code: 'FORBIDDEN',
        message: 'Your role may not do this',
        details: { allowedRoles: ['admin', 'official'] },
      });
    });
  });

  describe('authentication errors', () => {
    for (const header of ['Bearer short', 'Basic dXNlcjpwYXNz', 'Bearer ' + 'a'.repeat(43) + '!']) {
      it(`when the Authorization header is "${header.slice(0, 20)}…", then it answers 401 UNAUTHENTICATED`, async () => {
        const res = await request(testApp).get('/api/v1/areas').set('Authorization', header);

        expect(res.status).to.equal(401);
        expect(res.body.error.code).to.equal('UNAUTHENTICATED');
      });
    }
  });

  describe('request ids', () => {
    it('when the client sends X-Request-Id, then the response echoes it', async () => {
      const res = await request(testApp).get('/healthz').set('X-Request-Id', 'req-123.abc_DEF');

      expect(res.status).to.equal(200);
      expect(res.headers['x-request-id']).to.equal('req-123.abc_DEF');
    });

    it('when the client sends X-Request-Id on a failing request, then the error response echoes it too', async () => {
      const res = await request(testApp).get('/api/v1/nothing-here').set('X-Request-Id', 'trace-42');

      expect(res.status).to.equal(404);
      expect(res.headers['x-request-id']).to.equal('trace-42');
    });

    for (const [name, id] of [
      ['spaces', 'bad id'],
      ['more than 64 characters', 'x'.repeat(65)],
      ['a header injection attempt', 'abc%0d%0aSet-Cookie:x'],
    ] as const) {
      it(`when the client's X-Request-Id has ${name}, then a fresh UUID is used instead`, async () => {
        const res = await request(testApp).get('/healthz').set('X-Request-Id', id);

        expect(res.headers['x-request-id']).to.match(UUID);
      });
    }

    it('when the client sends no X-Request-Id, then a UUID is generated', async () => {
      const res = await request(testApp).get('/healthz');

      expect(res.headers['x-request-id']).to.match(UUID);
    });
  });
});
