import { expect } from 'chai';
import fc from 'fast-check';
import mongoose from 'mongoose';
import request from 'supertest';
import { testApp } from '../support/app';
import { confirmBody, deliveryIdOf, givenStartedBatch } from '../support/batches';
import { useTestDb } from '../support/db';
import { givenAreas, givenUser, type GivenUser } from '../support/factories';

// Issue 10.7: no request body of any shape gets a 5xx. Property-based (fast-check): each route gets
// bodies of any JSON shape, the valid body with exactly one field (at any depth) dropped or replaced,
// and bodies with many fields dropped, retyped or replaced by arbitrary JSON or odd text (control
// characters, lone surrogates).
// FUZZ_RUNS raises the number of bodies per property (default 60).

const RUNS = Number(process.env.FUZZ_RUNS ?? 60);

const oddText = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 30 }),
  fc.constantFrom('', ' ', 'Nguyen\u0000Van', '\ud800', '0'.repeat(5000), '$where', '{"$gt":""}'),
);
const anyJson = fc.oneof(fc.jsonValue({ maxDepth: 3 }), oddText);

/** Bodies derived from a valid one: each field kept, dropped, replaced, or (objects) mutated within. */
function mutationsOf(valid: unknown): fc.Arbitrary<unknown> {
  if (Array.isArray(valid)) {
    return fc.oneof(
      fc.constant(valid),
      anyJson,
      fc.array(valid.length ? mutationsOf(valid[0]) : anyJson, { maxLength: 4 }),
    );
  }
  if (valid && typeof valid === 'object') {
    const fields = Object.entries(valid).map(
      ([k, v]) => [k, fc.option(mutationsOf(v), { nil: undefined })] as const,
    );
    const mutated = fc
      .record(Object.fromEntries(fields))
      .map((o) => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)));
    return fc.oneof({ weight: 4, arbitrary: mutated }, { weight: 1, arbitrary: anyJson });
  }
  return fc.oneof(fc.constant(valid), anyJson);
}

/** Every path of a JSON value's fields (nested objects included), e.g. ['head', 'nationalId']. */
function pathsOf(v: unknown, at: string[] = []): string[][] {
  if (!v || typeof v !== 'object' || Array.isArray(v)) return [];
  return Object.entries(v).flatMap(([k, x]) => [[...at, k], ...pathsOf(x, [...at, k])]);
}

function withChange(v: unknown, path: string[], to: unknown | typeof DROP): unknown {
  const [first, ...rest] = path;
  const copy = { ...(v as Record<string, unknown>) };
  if (rest.length) copy[first] = withChange(copy[first], rest, to);
  else if (to === DROP) delete copy[first];
  else copy[first] = to;
  return copy;
}
const DROP = Symbol('drop');

/** The valid body with exactly one field dropped or replaced: what gets past the validator's other checks. */
function oneChangeOf(valid: unknown): fc.Arbitrary<unknown> {
  const paths = pathsOf(valid);
  return fc
    .tuple(fc.constantFrom(...paths), fc.oneof(fc.constant(DROP), anyJson))
    .map(([path, to]) => withChange(valid, path, to));
}

async function expectNo5xx(
  send: (body: unknown) => Promise<request.Response>,
  valid: unknown,
): Promise<void> {
  const seen: number[] = [];
  await fc.assert(
    fc.asyncProperty(
      fc.oneof(
        { weight: 3, arbitrary: oneChangeOf(valid) },
        { weight: 2, arbitrary: mutationsOf(valid) },
        { weight: 1, arbitrary: anyJson },
      ),
      async (body) => {
        const res = await send(body);
        seen.push(res.status);
        return res.status < 500;
      },
    ),
    { numRuns: RUNS, examples: [[valid]] },
  );
  // The bodies reach past the validator too (a 2xx, 404, 409 or 422 means the service ran).
  expect(
    seen.some((s) => s !== 400),
    `statuses: ${[...new Set(seen)].join(',')}`,
  ).to.equal(true);
}

function postJson(path: string, auth: { Authorization: string }) {
  return (body: unknown) =>
    request(testApp).post(path).set(auth).set('Content-Type', 'application/json').send(JSON.stringify(body));
}

describe('bad input: no body of any shape gets a 5xx (property-based)', () => {
  useTestDb();
  let staff: GivenUser;
  let official: GivenUser;
  let admin: GivenUser;

  beforeEach(async () => {
    await givenAreas();
    staff = await givenUser('commune_staff', '07888');
    official = await givenUser('official', '25');
    admin = await givenUser('admin');
  });

  let ids = 0;
  const nationalId = () => String(100_000_000_000 + process.pid * 1000 + ++ids).slice(0, 12);

  it('POST /households (registration)', async function () {
    this.timeout(300_000);
    const valid = () => ({
      communeCode: '07888',
      village: 'Thôn 1',
      address: 'Số 1',
      head: { fullName: 'Nguyễn Văn An', nationalId: nationalId(), birthYear: 1970, gender: 'male' },
      phone: '',
      povertyStatus: 'poor',
      povertyListYear: 2024,
      memberCount: 3,
      hasTv: true,
      hasPaidTv: false,
      hasDigitalTv: false,
      receiverType: 'dvb-t2',
      notes: null,
    });

    await expectNo5xx(postJson('/api/v1/households', staff.auth), valid());
  });

  it('POST /users (user create)', async function () {
    this.timeout(300_000);
    const valid = {
      username: 'can-bo-xa',
      password: 'mot mat khau dai',
      fullName: 'Trần Thị Bình',
      phone: '0912345678',
      role: 'commune_staff',
      areaCode: '07888',
    };

    await expectNo5xx(postJson('/api/v1/users', admin.auth), valid);
  });

  it('POST /batches (batch create)', async function () {
    this.timeout(300_000);
    const installer = await givenUser('installer', '25');
    const valid = {
      provinceCode: '25',
      name: 'Đợt 1 – Việt Trì',
      phase: 1,
      communeCodes: ['07888', '07891'],
      receiverType: 'dvb-t2',
      installerIds: [installer.id],
      plannedStart: '2026-01-05',
      plannedEnd: null,
    };

    await expectNo5xx(postJson('/api/v1/batches', official.auth), valid);
  });

  it('POST /receivers (receiver registration)', async function () {
    this.timeout(300_000);
    const valid = {
      provinceCode: '25',
      receivers: [{ serial: 'SN-FUZZ-0001', type: 'dvb-t2', model: 'HD-01', supplier: 'VTC', lot: 'L1' }],
    };

    await expectNo5xx(postJson('/api/v1/receivers', official.auth), valid);
  });

  it('POST /deliveries/:id/confirm (delivery confirmation)', async function () {
    this.timeout(300_000);
    const { serials, households, installer } = await givenStartedBatch({ receivers: 2, households: 1 });
    const id = await deliveryIdOf(households[0].id, official.auth);
    // A valid body must pass every check (a deliveredAt before the batch started is a 400).
    const valid = confirmBody(serials[0], {
      capturedAt: new Date().toISOString(),
      location: { lat: 21.3, lng: 105.4, accuracyM: 10 },
      notes: 'Đã lắp',
    });

    await expectNo5xx(postJson(`/api/v1/deliveries/${id}/confirm`, installer.auth), valid);
  });
});

describe('bad input answered right', () => {
  useTestDb();
  let admin: GivenUser;
  let staff: GivenUser;

  beforeEach(async () => {
    await givenAreas();
    admin = await givenUser('admin');
    staff = await givenUser('commune_staff', '07888');
  });

  it('when a registration has no head, then it answers 400 naming the head in Vietnamese, not 500', async () => {
    const res = await request(testApp).post('/api/v1/households').set(staff.auth).send({
      communeCode: '07888',
      village: 'Thôn 1',
      povertyStatus: 'poor',
      povertyListYear: 2024,
      hasTv: true,
      hasPaidTv: false,
      hasDigitalTv: false,
    });

    expect(res.status).to.equal(400);
    expect(res.body.error.details).to.deep.equal([
      { path: 'head', type: 'any.required', message: 'Chủ hộ: bắt buộc phải nhập' },
    ]);
  });

  it('when a name holds NUL, then it answers 400 naming the field with what to do, and nothing is stored', async () => {
    const res = await request(testApp)
      .post('/api/v1/households')
      .set(staff.auth)
      .send({
        communeCode: '07888',
        village: 'Thôn 1',
        head: { fullName: 'Nguyen\u0000Van', nationalId: '001234567890' },
        notes: 'chuông\u0007',
        povertyStatus: 'poor',
        povertyListYear: 2024,
        hasTv: true,
        hasPaidTv: false,
        hasDigitalTv: false,
      });

    expect(res.status).to.equal(400);
    expect(res.body.error.details.map((d: { path: string; type: string }) => [d.path, d.type])).to.deep.equal(
      [
        ['head.fullName', 'string.controlChars'],
        ['notes', 'string.controlChars'],
      ],
    );
    expect(res.body.error.details[0].message).to.equal(
      'Họ tên chủ hộ: có ký tự điều khiển không được phép (như NUL hoặc ký tự vô hình); hãy xoá rồi gõ lại',
    );
    const list = await request(testApp).get('/api/v1/households').set(staff.auth);
    expect(list.body.total).to.equal(0);
  });

  const LIST_ROUTES = [
    '/users',
    '/areas',
    '/households',
    '/households?format=csv',
    '/receivers',
    '/batches',
    '/deliveries',
    '/deliveries/worklist',
    '/inspections',
    '/inspections/summary',
    '/audit',
    '/reports/coverage',
    '/reports/progress',
  ];
  for (const route of LIST_ROUTES) {
    for (const [what, param] of [
      ['a mistyped filter', 'stauts=withdrawn'],
      ['an operator in a filter', 'status[$eq]=withdrawn'],
    ]) {
      it(`when GET ${route} has ${what}, then it answers 400 naming the parameter instead of a wider list`, async () => {
        const name = param.split('=')[0];

        const res = await request(testApp)
          .get(`/api/v1${route}${route.includes('?') ? '&' : '?'}${param}`)
          .set(admin.auth);

        expect(res.status).to.equal(400);
        expect(res.type).to.equal('application/json');
        const problem = (res.body.error.details as { path: string; type: string; message: string }[]).find(
          (d) => d.path === name,
        );
        expect(problem?.type).to.equal('object.unknown');
        expect(problem?.message).to.equal(
          `${name}: không có tham số này; hãy kiểm tra lại tên (xem tài liệu API)`,
        );
      });
    }
  }

  it('when a filter is given twice (?status=a&status=b), then it answers 400 naming it', async () => {
    const res = await request(testApp)
      .get('/api/v1/households?status=approved&status=withdrawn')
      .set(admin.auth);

    expect(res.status).to.equal(400);
    expect(res.body.error.details[0].path).to.equal('status');
  });

  it('when the handover record of an unknown delivery is asked, then the 404 is JSON typed application/json', async () => {
    const res = await request(testApp)
      .get('/api/v1/deliveries/0123456789abcdef01234567/handover')
      .set(admin.auth);

    expect(res.status).to.equal(404);
    expect(res.type).to.equal('application/json');
    expect(res.body.error.code).to.equal('NOT_FOUND');
  });

  it('when a CSV export fails validation, then the error is JSON with no download name', async () => {
    const res = await request(testApp).get('/api/v1/households?format=csv&pageSize=0').set(admin.auth);

    expect(res.status).to.equal(400);
    expect(res.type).to.equal('application/json');
    expect(res.headers['content-disposition']).to.equal(undefined);
  });

  it('when a batch names 300 commune codes, then they are checked with one query and each bad one is named by its index', async function () {
    this.timeout(60_000);
    const official = await givenUser('official', '25');
    const codes = ['07888', ...Array.from({ length: 299 }, (_, i) => String(50_000 + i))];
    const areaQueries: string[] = [];
    mongoose.set('debug', (collection: string, method: string) => {
      if (collection === 'areas') areaQueries.push(method);
    });

    const res = await request(testApp)
      .post('/api/v1/batches')
      .set(official.auth)
      .send({ provinceCode: '25', name: 'Đợt lớn', phase: 1, communeCodes: codes, receiverType: 'dvb-t2' });
    mongoose.set('debug', false);

    expect(res.status).to.equal(400);
    expect(res.body.error.details).to.have.length(299);
    expect(res.body.error.details[0]).to.include({ path: 'communeCodes.1', type: 'commune.outside' });
    expect(res.body.error.details[0].message).to.equal(
      'Các mã xã (mục 2): 50000 không phải mã một xã của tỉnh 25',
    );
    expect(areaQueries.filter((m) => m === 'find' || m === 'findOne')).to.have.length.at.most(2); // province + communes
  });
});

describe('the OpenAPI document agrees with what the routes accept', () => {
  useTestDb();

  interface Op {
    requestBody?: { required: boolean; content: Record<string, { schema: JsonSchema }> };
    responses: Record<string, { content?: Record<string, unknown> }>;
  }
  interface JsonSchema {
    required?: string[];
    properties?: Record<string, { pattern?: string }>;
  }
  let paths: Record<string, Record<string, Op>>;

  before(async () => {
    paths = (await request(testApp).get('/api/openapi.json')).body.paths;
  });

  it('when a registration is documented, then head is required, as the validator requires it', () => {
    const schema = paths['/api/v1/households'].post.requestBody?.content['application/json'].schema;

    expect(schema?.required).to.include('head');
  });

  it('when a phone is documented, then its pattern admits "" (no phone), as the route does', () => {
    const pattern =
      paths['/api/v1/households'].post.requestBody?.content['application/json'].schema.properties?.phone
        ?.pattern;

    expect(new RegExp(pattern ?? 'x').test('')).to.equal(true);
    expect(new RegExp(pattern ?? 'x').test('0912 345 678')).to.equal(true);
  });

  it('when a body is documented as required, then the route refuses an empty one, and the other way round', () => {
    const optional = Object.entries(paths).flatMap(([p, item]) =>
      Object.entries(item)
        .filter(([, op]) => op.requestBody && !op.requestBody.required)
        .map(([m]) => `${m} ${p}`),
    );

    expect(optional).to.deep.equal([
      'post /api/v1/households/{id}/approve',
      'post /api/v1/households/{id}/reopen',
      'post /api/v1/batches/{id}/households',
      'post /api/v1/deliveries/{id}/handover-link',
    ]);
  });

  it('when the handover photo is documented, then JPEG, PNG and WebP are listed both ways', () => {
    const item = paths['/api/v1/deliveries/{id}/photo'];

    expect(Object.keys(item.put.requestBody?.content ?? {})).to.deep.equal([
      'image/jpeg',
      'image/png',
      'image/webp',
    ]);
    expect(Object.keys(item.get.responses['200'].content ?? {})).to.deep.equal([
      'image/jpeg',
      'image/png',
      'image/webp',
    ]);
  });

  it('when an operation takes a body, then it documents 413 PAYLOAD_TOO_LARGE', () => {
    const without = Object.entries(paths).flatMap(([p, item]) =>
      Object.entries(item)
        .filter(([, op]) => op.requestBody && !op.responses['413'])
        .map(([m]) => `${m} ${p}`),
    );

    expect(without).to.deep.equal([]);
  });
});
