import { expect } from 'chai';
import mongoose from 'mongoose';
import { decodeDocument, encodeObject, encodeValue } from '../../../src/database/postgres-format';

// FerretDB's storage format (postgres-format.ts): what the bulk writes encode, the reads decode
// back to the same values with the same BSON types.

describe('FerretDB storage format', () => {
  const cases: Array<[string, unknown, string]> = [
    ['a string', 'Nguyễn Văn An', 'string'],
    ['a boolean', false, 'bool'],
    ['null', null, 'null'],
    ['a small integer (int32, as the driver sends it)', 42, 'int'],
    ['an integer beyond 32 bits', 2 ** 40, 'double'],
    ['a fraction', 0.25, 'double'],
    ['a date', new Date('2026-12-01T07:00:00.123Z'), 'date'],
    ['an ObjectId', new mongoose.Types.ObjectId('6b0ef7785e563fdbc76974a4'), 'objectId'],
    ['an array of mixed values', ['a', 1, null], 'array'],
    ['a nested object', { eligible: true, reasons: ['not_poor'] }, 'object'],
  ];
  for (const [name, value, type] of cases) {
    it(`when ${name} is encoded, then it is typed ${type} and decodes to itself`, () => {
      const e = encodeValue(value);
      expect(e.schema.t).to.equal(type);
      const back = decodeDocument({ v: e.json, $s: { p: { v: e.schema }, $k: ['v'] } });
      expect(back.v).to.deep.equal(value);
    });
  }

  it('when an object is encoded, then its keys keep their order and undefined fields are left out', () => {
    const e = encodeObject({ b: 1, a: undefined, c: 'x' });
    expect(e.schema.$k).to.deep.equal(['b', 'c']);
    expect(Object.keys(decodeDocument({ ...e.json, $s: e.schema }))).to.deep.equal(['b', 'c']);
  });

  it('when a value has no FerretDB type here, then encoding refuses it', () => {
    expect(() => encodeValue(Number.NaN)).to.throw();
    expect(() => encodeValue(new Map())).to.throw();
    expect(() => encodeValue(10n)).to.throw();
  });
});
