import { expect } from 'chai';
import { apiMounts } from '../../../src/app';
import { loadConfig } from '../../../src/config';
import type { Household } from '../../../src/households/service';
import { HouseholdShape } from '../../../src/households/shapes';
import { buildOpenApiDocument } from '../../../src/openapi/document';
import { closeObjects, createShapeChecker } from '../../support/response-shapes';

// The suite-wide response check (test/support/response-shapes.ts) itself: it must catch a drift.

type Json = Record<string, unknown>;

const documentOf = () => buildOpenApiDocument(apiMounts(loadConfig({ NODE_ENV: 'test' }))) as Json;

const household: Household = {
  id: '65f000000000000000000001',
  area: { provinceCode: '25', districtCode: '227', communeCode: '07888' },
  village: 'Thôn Đồng Sơn',
  address: null,
  head: { fullName: 'Nguyễn Thị Hoà', nationalId: '025185000001', birthYear: 1968, gender: null },
  phone: '0912345678',
  povertyStatus: 'poor',
  povertyCertificateNo: null,
  povertyListYear: 2024,
  memberCount: 4,
  hasTv: true,
  hasPaidTv: false,
  hasDigitalTv: false,
  receiverType: 'dvb-t2',
  notes: null,
  status: 'delivered',
  statusReason: null,
  eligibility: { eligible: true, reasons: [] },
  possibleDuplicates: [],
  needsDuplicateReview: false,
  approvedAt: '2026-03-01T02:00:00.000Z',
  batchId: '65f000000000000000000002',
  receiverSerial: 'DTV-0001',
  deliveredAt: '2026-03-05T03:00:00.000Z',
  version: 4,
  createdBy: '65f000000000000000000003',
  createdAt: '2026-02-01T02:00:00.000Z',
  updatedAt: '2026-03-05T03:00:00.000Z',
};

describe('response shape check', () => {
  const check = createShapeChecker(documentOf());
  const path = `/api/v1/households/${household.id}`;

  it('when a household matches its schema, then there is no violation', () => {
    expect(check('PATCH', path, 200, household)).to.equal(null);
  });

  it('when the document’s Household lacks batchId, receiverSerial and deliveredAt (the drift of issue 11), then a real household is a violation naming them', () => {
    const drifted = documentOf();
    const old = structuredClone(HouseholdShape) as unknown as {
      properties: Record<string, unknown>;
      required: string[];
    };
    for (const field of ['batchId', 'receiverSerial', 'deliveredAt']) {
      delete old.properties[field];
      old.required = old.required.filter((f) => f !== field);
    }
    ((drifted.components as Json).schemas as Json).Household = old;

    const violation = createShapeChecker(drifted)('PATCH', path, 200, household);

    expect(violation?.operation).to.equal('PATCH /api/v1/households/{id}');
    expect(violation?.errors).to.include.members([
      '(body) must NOT have additional properties: batchId',
      '(body) must NOT have additional properties: receiverSerial',
      '(body) must NOT have additional properties: deliveredAt',
    ]);
  });

  it('when a field is missing or of the wrong type, then it is a violation', () => {
    const { receiverSerial: _gone, ...missing } = household;

    expect(check('PATCH', path, 200, missing)?.errors).to.deep.equal([
      "(body) must have required property 'receiverSerial'",
    ]);
    expect(check('PATCH', path, 200, { ...household, version: '4' })?.errors).to.deep.equal([
      '/version must be integer',
    ]);
    expect(check('PATCH', path, 200, { ...household, status: 'lost' })?.errors).to.deep.equal([
      '/status must be equal to one of the allowed values',
    ]);
  });

  it('when a nullable value is null, then it matches, enum or not', () => {
    const h = { ...household, head: { ...household.head, gender: null }, batchId: null, deliveredAt: null };

    expect(check('PATCH', path, 200, h)).to.equal(null);
  });

  it('when the status is not documented for the operation, then it is a violation', () => {
    expect(check('GET', '/api/v1/healthz', 418, {})).to.equal(null); // no such operation
    expect(check('GET', '/healthz', 418, { status: 'ok' })?.errors).to.deep.equal([
      'status 418 with a JSON body is not documented',
    ]);
  });

  it('when a literal path and a parameter both match, then the literal operation is checked', () => {
    const violation = check('POST', '/api/v1/households/import', 200, household);

    expect(violation?.operation).to.equal('POST /api/v1/households/import');
  });

  it('when objects are closed, then allOf members stay open', () => {
    const closed = closeObjects({
      type: 'object',
      properties: { a: { type: 'object', properties: {} } },
      allOf: [{ type: 'object', properties: { b: {} } }],
    }) as Json;

    expect(closed.additionalProperties).to.equal(false);
    expect(((closed.properties as Json).a as Json).additionalProperties).to.equal(false);
    expect((closed.allOf as Json[])[0].additionalProperties).to.equal(undefined);
  });
});
