import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { expect } from 'chai';
import request from 'supertest';
import { AuditModel } from '../../src/audit/model';
import { readBackup } from '../../src/database/backup';
import { postgresAccess } from '../../src/database/db';
import { testAppWith } from '../support/app';
import { useTestDb } from '../support/db';
import { binary } from '../support/pdf';
import { givenAreas, givenHousehold, givenUser, type GivenUser } from '../support/factories';

// The Sao lưu page's API (src/backups/): an admin starts a backup, sees it running and then listed,
// downloads it; nobody else sees any of it.

const API = '/api/v1/backups';

describe('backups through the API (GET/POST /backups, GET /backups/:name)', function () {
  this.timeout(60_000);
  useTestDb();
  let dir: string;
  let app: ReturnType<typeof testAppWith>;
  let admin: GivenUser;

  before(function () {
    if (!postgresAccess()) this.skip(); // the embedded PostgreSQL only
  });

  beforeEach(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'dtv-backups-'));
    app = testAppWith({ BACKUP_DIR: dir, BACKUP_KEEP: '2' });
    await givenAreas();
    admin = await givenUser('admin');
  });

  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  /** Waits until no backup runs; returns the list then. */
  async function settled(): Promise<{ items: { name: string; bytes: number }[]; lastFailure: unknown }> {
    for (let i = 0; i < 200; i++) {
      const list = await request(app).get(API).set(admin.auth).expect(200);
      if (!list.body.running) return list.body;
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error('the backup never finished');
  }

  it('when an admin starts a backup, then it runs, is listed, and downloads as a complete backup, each step audited', async () => {
    await givenHousehold('07888');
    const empty = await request(app).get(API).set(admin.auth).expect(200);
    expect(empty.body).to.include({ available: true, directory: dir, everyHours: 24, keep: 2, total: 0 });

    const started = await request(app).post(API).set(admin.auth).expect(202);
    expect(started.body.running.by).to.equal(admin.username);
    const list = await settled();

    expect(list.lastFailure).to.equal(null);
    expect(list.items).to.have.length(1);
    const [backup] = list.items;
    expect(backup.name).to.match(/^dtv_test_\d+_\d+-\d{4}-\d{2}-\d{2}-\d{6}\.jsonl\.gz$/);
    const file = await request(app)
      .get(`${API}/${backup.name}`)
      .set(admin.auth)
      .buffer(true)
      .parse(binary)
      .expect(200)
      .expect('Content-Type', 'application/gzip')
      .expect('Content-Disposition', `attachment; filename=${backup.name}`);
    expect((file.body as Buffer).length).to.equal(backup.bytes);
    const { collections } = await readBackup(Readable.from([file.body as Buffer]));
    expect(collections.households).to.equal(1);
    expect(collections.users).to.equal(1);

    const actions = await AuditModel.find({ entityType: 'backup' }).sort({ at: 1 }).lean();
    expect(actions.map((a) => [a.action, a.entityId, a.actor.username])).to.deep.equal([
      ['backup.created', backup.name, admin.username],
      ['backup.downloaded', backup.name, admin.username],
    ]);
    // The audit page names the file.
    const trail = await request(app).get('/api/v1/audit?entityType=backup').set(admin.auth).expect(200);
    expect(
      trail.body.items.map((e: { action: string; subject: string }) => [e.action, e.subject]),
    ).to.deep.equal([
      ['backup.downloaded', backup.name],
      ['backup.created', backup.name],
    ]);
  });

  it('when two backups are asked for at once, then one runs and the other is told to wait (409)', async () => {
    const answers = await Promise.all([1, 2].map(() => request(app).post(API).set(admin.auth)));
    expect(answers.map((a) => a.status).sort()).to.deep.equal([202, 409]);
    expect(answers.find((a) => a.status === 409)?.body.error.message).to.match(/^Đang sao lưu/);
    expect((await settled()).items).to.have.length(1);
  });

  it('when more backups are made than BACKUP_KEEP, then the oldest are deleted and nothing else in the folder', async () => {
    writeFileSync(path.join(dir, 'notes.txt'), 'kept');
    const names: string[] = [];
    for (let i = 0; i < 3; i++) {
      await request(app).post(API).set(admin.auth).expect(202);
      names.push((await settled()).items[0].name);
      await new Promise((r) => setTimeout(r, 1_100)); // names carry the second
    }
    const { items } = await settled();
    expect(items.map((b) => b.name)).to.deep.equal([names[2], names[1]]);
    expect(readdirSync(dir).sort()).to.deep.equal([...items.map((b) => b.name), 'notes.txt'].sort());
  });

  it('when the folder cannot be written, then the list says so in words', async () => {
    const blocked = path.join(dir, 'a-file');
    writeFileSync(blocked, '');
    app = testAppWith({ BACKUP_DIR: path.join(blocked, 'backups') });
    await request(app).post(API).set(admin.auth).expect(202);
    const list = await settled();
    expect(list.items).to.deep.equal([]);
    expect(list.lastFailure).to.have.nested.property(
      'message.vi',
      'Đường dẫn thư mục sao lưu (BACKUP_DIR) không phải là một thư mục: hãy sửa cấu hình của dịch vụ',
    );
  });

  it('when someone other than an admin asks, or names no backup, then nothing is shown', async () => {
    const official = await givenUser('official', '25');
    await request(app).get(API).set(official.auth).expect(403);
    await request(app).post(API).set(official.auth).expect(403);
    await request(app).get(`${API}/x.jsonl.gz`).set(official.auth).expect(403);
    writeFileSync(path.join(dir, 'secret.txt'), 'not a backup');
    await request(app).get(`${API}/secret.txt`).set(admin.auth).expect(404);
    await request(app).get(`${API}/..%2F..%2Fetc%2Fpasswd`).set(admin.auth).expect(404);
    await request(app).get(`${API}/dtv-2026-01-01-000000.jsonl.gz`).set(admin.auth).expect(404);
  });
});
