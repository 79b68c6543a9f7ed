import { expect } from 'chai';
import type pg from 'pg';
import sinon from 'sinon';
import type { Logger } from '../../../src/logger';
import { rewriteInBackground } from '../../../src/database/postgres-storage';

// The one-time rewrite of compressed rows runs in the background at start; a script or the tests
// ending stops the server under it. That is expected and said in one line; anything else is a warning.

function clientFailingWith(err: Error): pg.Client {
  return { query: sinon.stub().rejects(err), end: sinon.stub().resolves() } as unknown as pg.Client;
}

function fakeLog() {
  return { info: sinon.spy(), warn: sinon.spy() };
}

async function rewriteWith(err: Error) {
  const log = fakeLog();
  const client = clientFailingWith(err);
  rewriteInBackground(async () => client, [{ schema: 's', table: 't' }], log as unknown as Logger);
  await new Promise((r) => setTimeout(r, 10));
  return { log, client };
}

describe('rewriting compressed rows in the background', () => {
  const goingAway: [string, Error][] = [
    ['the connection ended', new Error('Connection terminated unexpectedly')],
    [
      'the server shutting down (57P01)',
      Object.assign(new Error('terminating connection'), { code: '57P01' }),
    ],
  ];
  for (const [what, err] of goingAway) {
    it(`when ${what}, then it says so in one line without a warning and closes its connection`, async () => {
      const { log, client } = await rewriteWith(err);

      expect(log.warn.called).to.equal(false);
      expect(log.info.calledOnce).to.equal(true);
      expect(log.info.firstCall.args).to.have.length(1);
      expect((client.end as sinon.SinonStub).calledOnce).to.equal(true);
    });
  }

  it('when a query fails for another reason, then it warns with the error', async () => {
    const err = Object.assign(new Error('permission denied'), { code: '42501' });

    const { log } = await rewriteWith(err);

    expect(log.info.called).to.equal(false);
    expect(log.warn.calledOnce).to.equal(true);
    expect(log.warn.firstCall.args[0]).to.deep.equal({ err });
  });
});
