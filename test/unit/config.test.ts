import { expect } from 'chai';
import { databaseInUri, loadConfig } from '../../src/config';

describe('loadConfig', () => {
  it('when the environment is empty, then every setting has its harmless default', () => {
    const { handover, ...config } = loadConfig({});

    // No secret has a default: an unset link secret is a random one per process.
    expect(handover.linkSecret).to.match(/^[0-9a-f]{64}$/);
    expect(loadConfig({}).handover.linkSecret).to.not.equal(handover.linkSecret);
    expect(handover.linkTtlMinutes).to.equal(10);
    expect(config).to.deep.equal({
      env: 'development',
      http: { host: '127.0.0.1', port: 3000, bodyLimit: '1mb', trustProxy: 0 },
      mongo: { uri: undefined, dbName: 'dtv' },
      embedded: { dataDir: '.data', ferretdbBin: undefined },
      log: { level: 'info' },
      auth: { tokenTtlMinutes: 480, loginWindowMinutes: 15, loginMaxPerUser: 10, loginMaxPerAddress: 100 },
      bootstrap: { areasList: '2025', adminUsername: 'admin', adminPassword: undefined },
      reconcile: { everyMinutes: 0, graceMinutes: 5 },
      backup: { dir: '.data/backups', everyHours: 24, keep: 14 },
    });
  });

  it('when backups are configured, then the folder, the schedule and how many to keep are used; else the folder follows DATA_DIR', () => {
    expect(
      loadConfig({ BACKUP_DIR: '/mnt/usb/dtv', BACKUP_EVERY_HOURS: '0', BACKUP_KEEP: '30' }).backup,
    ).to.deep.equal({
      dir: '/mnt/usb/dtv',
      everyHours: 0,
      keep: 30,
    });
    expect(loadConfig({ DATA_DIR: '/var/lib/dtv' }).backup.dir).to.equal('/var/lib/dtv/backups');
    expect(() => loadConfig({ BACKUP_KEEP: '0' })).to.throw(
      '"BACKUP_KEEP" must be greater than or equal to 1',
    );
  });

  it('when values are given as strings, then numbers are converted and every value is used', () => {
    const env = {
      NODE_ENV: 'production',
      HOST: '0.0.0.0',
      PORT: '8080',
      BODY_LIMIT: '5mb',
      TRUST_PROXY: '1',
      MONGODB_URI: 'mongodb://db.example:27017',
      MONGODB_DB_NAME: 'dtv_prod',
      DATA_DIR: '/var/lib/dtv',
      FERRETDB_BIN: '/usr/local/bin/ferretdb',
      LOG_LEVEL: 'warn',
      TOKEN_TTL_MINUTES: '60',
      LOGIN_WINDOW_MINUTES: '30',
      LOGIN_MAX_PER_USER: '3',
      LOGIN_MAX_PER_ADDRESS: '50',
      AREAS_LIST: '2024',
      ADMIN_USERNAME: 'root.admin',
      ADMIN_PASSWORD: 'a long enough password',
    };

    const config = loadConfig(env);

    expect(config.env).to.equal('production');
    expect(config.http).to.deep.equal({ host: '0.0.0.0', port: 8080, bodyLimit: '5mb', trustProxy: 1 });
    expect(config.mongo).to.deep.equal({ uri: 'mongodb://db.example:27017', dbName: 'dtv_prod' });
    expect(config.embedded).to.deep.equal({
      dataDir: '/var/lib/dtv',
      ferretdbBin: '/usr/local/bin/ferretdb',
    });
    expect(config.log.level).to.equal('warn');
    expect(config.auth).to.deep.equal({
      tokenTtlMinutes: 60,
      loginWindowMinutes: 30,
      loginMaxPerUser: 3,
      loginMaxPerAddress: 50,
    });
    expect(config.bootstrap).to.deep.equal({
      areasList: '2024',
      adminUsername: 'root.admin',
      adminPassword: 'a long enough password',
    });
  });

  it('when a variable is an empty string, then it is treated as unset', () => {
    const env = { PORT: '', MONGODB_URI: '', ADMIN_PASSWORD: '', LOG_LEVEL: '', AREAS_LIST: '' };

    const config = loadConfig(env);

    expect(config.http.port).to.equal(3000);
    expect(config.mongo.uri).to.equal(undefined);
    expect(config.bootstrap.adminPassword).to.equal(undefined);
    expect(config.log.level).to.equal('info');
    expect(config.bootstrap.areasList).to.equal('2025');
  });

  it('when PORT is not a number, then it throws naming PORT', () => {
    const load = () => loadConfig({ PORT: 'eighty' });

    expect(load).to.throw(/Invalid configuration[\s\S]*"PORT" must be a number/);
  });

  it('when several variables are bad, then the error lists every problem, one a line', () => {
    const env = {
      PORT: '70000',
      NODE_ENV: 'staging',
      TOKEN_TTL_MINUTES: '1',
      MONGODB_URI: 'http://db.example',
      BODY_LIMIT: '1gb',
      ADMIN_PASSWORD: 'short',
    };

    let message = '';
    try {
      loadConfig(env);
    } catch (err) {
      message = (err as Error).message;
    }

    const lines = message.split('\n').filter((l) => l.startsWith('  - '));
    expect(lines).to.have.length(6);
    for (const name of [
      'PORT',
      'NODE_ENV',
      'TOKEN_TTL_MINUTES',
      'MONGODB_URI',
      'BODY_LIMIT',
      'ADMIN_PASSWORD',
    ])
      expect(message).to.contain(`"${name}"`);
  });

  const badValues: [string, string][] = [
    ['PORT', '-1'],
    ['PORT', '3000.5'],
    ['TRUST_PROXY', '11'],
    ['LOG_LEVEL', 'verbose'],
    ['MONGODB_DB_NAME', 'dtv/prod'],
    ['ADMIN_USERNAME', 'Admin User'],
    ['LOGIN_MAX_PER_USER', '0'],
    ['HOST', 'not a host'],
  ];
  for (const [name, value] of badValues) {
    it(`when ${name} is "${value}", then it throws naming ${name}`, () => {
      const load = () => loadConfig({ [name]: value });

      expect(load).to.throw(new RegExp(`"${name}"`));
    });
  }

  it('when unrelated variables are present, then they are ignored', () => {
    const config = loadConfig({ PATH: '/usr/bin', HOME: '/root', PORT: '4000' });

    expect(config.http.port).to.equal(4000);
    expect(config).not.to.have.property('PATH');
  });

  it('when the config is loaded, then it is frozen to the last level', () => {
    const config = loadConfig({});

    expect(Object.isFrozen(config)).to.equal(true);
    expect(Object.isFrozen(config.http)).to.equal(true);
    expect(Object.isFrozen(config.auth)).to.equal(true);
  });
});

describe('databaseInUri', () => {
  const cases: Array<[string | undefined, string | undefined]> = [
    [undefined, undefined],
    ['mongodb://db.example:27017', undefined],
    ['mongodb://db.example:27017/', undefined],
    ['mongodb://db.example:27017/?replicaSet=rs0', undefined],
    ['mongodb://db.example:27017/dtv_hanoi', 'dtv_hanoi'],
    ['mongodb://u:p%40ss@h1:27017,h2:27017/dtv?replicaSet=rs0', 'dtv'],
    ['mongodb+srv://user:pw@cluster0.example.net/dtv_prod?retryWrites=true', 'dtv_prod'],
  ];
  for (const [uri, expected] of cases) {
    it(`${uri ?? '(no URI)'} names ${expected ?? 'no database'}`, () => {
      expect(databaseInUri(uri)).to.equal(expected);
    });
  }

  it('when the URI names a database, then it wins over MONGODB_DB_NAME', () => {
    const config = loadConfig({
      MONGODB_URI: 'mongodb://db.example:27017/dtv_hanoi',
      MONGODB_DB_NAME: 'other',
    });

    expect(config.mongo.dbName).to.equal('dtv_hanoi');
  });

  it('when the URI names none, then MONGODB_DB_NAME is used', () => {
    const config = loadConfig({ MONGODB_URI: 'mongodb://db.example:27017/', MONGODB_DB_NAME: 'other' });

    expect(config.mongo.dbName).to.equal('other');
  });
});
