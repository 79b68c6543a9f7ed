import { expect } from 'chai';
import { isDuplicateKeyError } from '../../src/database/duplicate-key';

describe('isDuplicateKeyError', () => {
  const cases: Array<[string, unknown, boolean]> = [
    ['MongoDB E11000', { code: 11000, message: 'E11000 duplicate key error' }, true],
    [
      'FerretDB on SQLite, an update',
      { code: 1, message: "UNIQUE constraint failed: index 'receivers_installedKey_1'" },
      true,
    ],
    [
      'FerretDB on PostgreSQL, an update',
      { code: 1, message: 'ERROR: duplicate key value violates unique constraint "x_idx" (SQLSTATE 23505)' },
      true,
    ],
    ['another internal error', { code: 1, message: 'context canceled' }, false],
    ['a plain error', new Error('boom'), false],
    ['nothing', undefined, false],
  ];
  for (const [scenario, err, expected] of cases) {
    it(`${scenario}: ${expected ? 'a duplicate' : 'not a duplicate'}`, () => {
      expect(isDuplicateKeyError(err)).to.equal(expected);
    });
  }
});
