import { expect } from 'chai';
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import Joi from 'joi';
import { catalogueEntry, labelOf } from '../../../src/http/field-labels';

interface Described {
  type: string;
  keys?: Record<string, Described>;
  items?: Described[];
}

/** Every field path (names only, no array indexes) of a described Joi schema. */
function fieldPaths(d: Described, at: string[] = []): string[][] {
  const here = at.length ? [at] : [];
  if (d.type === 'object' && d.keys)
    return [...here, ...Object.entries(d.keys).flatMap(([k, v]) => fieldPaths(v, [...at, k]))];
  if (d.type === 'array' && d.items)
    return [...here, ...d.items.flatMap((item) => fieldPaths(item, at).slice(1))];
  return here;
}

function requestSchemas(): [string, Joi.Schema][] {
  const src = path.join(__dirname, '..', '..', '..', 'src');
  const found: [string, Joi.Schema][] = [];
  for (const feature of readdirSync(src)) {
    const file = path.join(src, feature, 'schemas.ts');
    if (!existsSync(file)) continue;
    // Every feature's schemas.ts, found on disk so a new feature is checked without editing this test.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const mod = require(file) as Record<string, unknown>;
    for (const [name, s] of Object.entries(mod)) if (Joi.isSchema(s)) found.push([`${feature}.${name}`, s]);
  }
  return found;
}

describe('field labels (the words validation messages use for each field)', () => {
  it('every field of every request schema has a label in Vietnamese and English', () => {
    const schemas = requestSchemas();
    const missing = schemas.flatMap(([name, schema]) =>
      fieldPaths(schema.describe() as Described)
        .filter((p) => !catalogueEntry(p))
        .map((p) => `${name}: ${p.join('.')}`),
    );

    expect(schemas.length).to.be.above(30);
    expect(missing).to.deep.equal([]);
  });

  const cases: [(string | number)[], string, string][] = [
    [['head', 'nationalId'], 'Số CCCD/CMND của chủ hộ', "Head's national ID"],
    [['phone'], 'Số điện thoại', 'Phone'],
    [['communeCodes', 3], 'Các mã xã (mục 4)', 'Commune codes (item 4)'],
    [['receivers', 0, 'serial'], 'Số sê-ri đầu thu (mục 1)', 'Receiver serial (item 1)'],
    [['version'], 'Phiên bản bản ghi', 'Record version'],
    [[], 'Dữ liệu gửi lên', 'The input'],
    [['somethingNew'], 'somethingNew', 'somethingNew'],
  ];
  for (const [p, vi, en] of cases) {
    it(`when the path is ${JSON.stringify(p)}, then the label is "${vi}" / "${en}"`, () => {
      expect(labelOf(p)).to.include({ vi, en });
    });
  }
});
