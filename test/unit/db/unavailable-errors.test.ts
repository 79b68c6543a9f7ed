import { expect } from 'chai';
import { isDbUnavailableError } from '../../../src/database/db';

function named(name: string, message: string, extra: Record<string, unknown> = {}): Error {
  return Object.assign(new Error(message), { name }, extra);
}

describe('isDbUnavailableError (503, not 500)', () => {
  const cases: [string, unknown, boolean][] = [
    ['server selection timed out', named('MongoServerSelectionError', 'connect ECONNREFUSED'), true],
    ['a pooled connection closed', named('MongoNetworkError', 'connection 7 to 127.0.0.1 closed'), true],
    [
      'a request in flight while the service shuts down',
      named('MongoClientClosedError', 'Operation interrupted because client was closed'),
      true,
    ],
    [
      'a bare socket reset (not wrapped by the driver)',
      named('Error', 'write ECONNRESET', { code: 'ECONNRESET' }),
      true,
    ],
    [
      'FerretDB shutting down: context canceled',
      named('MongoServerError', 'context canceled', { code: 1 }),
      true,
    ],
    [
      'FerretDB without its PostgreSQL backend',
      named('MongoServerError', 'failed to connect to `host=127.0.0.1 user=ferretdb`: dial error', {
        code: 1,
      }),
      true,
    ],
    [
      'PostgreSQL stopping under FerretDB',
      named(
        'MongoServerError',
        'FATAL: terminating connection due to administrator command (SQLSTATE 57P01)',
      ),
      true,
    ],
    [
      'the embedded PostgreSQL asked directly while it shuts down',
      named('error', 'the database system is shutting down', { code: '57P03' }),
      true,
    ],
    [
      'the embedded PostgreSQL ending a direct query',
      named('error', 'terminating connection due to administrator command', { code: '57P01' }),
      true,
    ],
    ['a direct query whose connection ended', named('Error', 'Connection terminated unexpectedly'), true],
    [
      'a direct query refused by a unique index',
      named('error', 'duplicate key value violates unique constraint', { code: '23505' }),
      false,
    ],
    [
      'a direct query with bad SQL',
      named('error', 'syntax error at or near "FORM"', { code: '42601' }),
      false,
    ],
    ['Mongoose on a closed connection', named('MongooseError', 'Connection was force closed'), true],
    [
      'wrapped as the cause',
      Object.assign(new Error('while saving'), { cause: named('MongoNetworkError', 'x') }),
      true,
    ],
    ['a duplicate key', named('MongoServerError', 'E11000 duplicate key', { code: 11000 }), false],
    ['a bad query', named('MongoServerError', 'unknown operator: $foo', { code: 2 }), false],
    ['a bug in our code', new TypeError("Cannot read properties of undefined (reading 'nationalId')"), false],
    ['not an error', 'context canceled', false],
  ];
  for (const [scenario, err, expected] of cases) {
    it(`when ${scenario}, then it is ${expected ? '' : 'not '}a database outage`, () => {
      expect(isDbUnavailableError(err)).to.equal(expected);
    });
  }
});
