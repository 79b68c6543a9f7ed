import { expect } from 'chai';
import sinon from 'sinon';
import request from 'supertest';
import { AuditModel } from '../../src/audit/model';
import { auditEn } from '../../web/src/official/audit-words-en';
import { auditVi } from '../../web/src/official/audit-words-vi';
import { auditLogRows } from '../../src/reports/audit-log';
import { givenAuditedDay, REJECTION_REASON } from '../support/audited-day';
import { testApp } from '../support/app';
import { useTestDb } from '../support/db';
import { givenAreas, givenUser, type GivenUser } from '../support/factories';
import { downloadWorkbook, sheetRows } from '../support/workbooks';

const targets = { poor: 10, nearPoor: 5, listYear: 2024 };

interface Entry {
  id: string;
  at: string;
  action: string;
  entityType: string;
  entityId: string;
  area: { provinceCode: string; districtCode: string | null; communeCode: string | null } | null;
  actor: { id: string; username: string; role: string };
}

async function setTargets(user: GivenUser, code: string): Promise<void> {
  const res = await request(testApp).put(`/api/v1/areas/${code}/targets`).set(user.auth).send(targets);
  expect(res.status).to.equal(200);
}

/** An approval entry in commune 07888 by `official`, at a given time, about a made-up household. */
const approvalBy = (official: GivenUser) => (at: Date, id: string) => ({
  at,
  actor: { id: official.id, username: official.username, role: 'official' },
  action: 'household.approved',
  entityType: 'household',
  entityId: id,
  area: { provinceCode: '25', districtCode: '227', communeCode: '07888' },
});

describe('GET /api/v1/audit', () => {
  useTestDb();

  afterEach(() => {
    sinon.restore();
  });

  it('when an admin lists the audit trail, then every entry is answered, newest first', async () => {
    await givenAreas();
    const admin = await givenUser('admin');
    await setTargets(admin, '07888');
    await setTargets(admin, '00001');
    const stored = await AuditModel.countDocuments();

    const res = await request(testApp).get('/api/v1/audit').set(admin.auth);

    expect(res.status).to.equal(200);
    expect(res.body).to.include({ total: stored, page: 1, pageSize: 50 });
    expect(res.body.items).to.have.length(stored);
    const items: Entry[] = res.body.items;
    expect(items.map((e) => e.action)).to.include.members([
      'areas.imported',
      'user.created',
      'user.signed_in',
      'area.targets_set',
    ]);
    const times = items.map((e) => e.at);
    expect(times).to.deep.equal([...times].sort().reverse());
    expect(items[0]).to.deep.include({
      action: 'area.targets_set',
      entityType: 'area',
      entityId: '00001',
      actor: { id: admin.id, username: admin.username, role: 'admin', fullName: admin.fullName },
      area: { provinceCode: '01', districtCode: '001', communeCode: '00001' },
    });
    expect(items[0].id).to.match(/^[0-9a-f]{24}$/);
  });

  it('when an official of a province lists the audit trail, then only entries inside their province are answered', async () => {
    await givenAreas();
    const admin = await givenUser('admin');
    const official = await givenUser('official', '25');
    await setTargets(admin, '07888');
    await setTargets(admin, '07942');
    await setTargets(admin, '00001');
    await setTargets(admin, '00688');
    const inside = await AuditModel.countDocuments({ 'area.provinceCode': '25' });

    const res = await request(testApp).get('/api/v1/audit').set(official.auth);

    expect(res.status).to.equal(200);
    const items: Entry[] = res.body.items;
    expect(res.body.total).to.equal(inside);
    expect(items.every((e) => e.area?.provinceCode === '25')).to.equal(true);
    expect(items.filter((e) => e.action === 'area.targets_set').map((e) => e.entityId)).to.have.members([
      '07888',
      '07942',
    ]);
    expect(items.some((e) => e.action === 'areas.imported')).to.equal(false);
    expect(items.some((e) => e.entityId === admin.id)).to.equal(false);
  });

  it('when an official narrows to a commune, then only its entries are answered; a commune outside their area finds nothing', async () => {
    await givenAreas();
    const admin = await givenUser('admin');
    const official = await givenUser('official', '25');
    await setTargets(admin, '07888');
    await setTargets(admin, '07891');
    await setTargets(admin, '00001');

    const mine = await request(testApp).get('/api/v1/audit?areaCode=07888').set(official.auth);
    const outside = await request(testApp).get('/api/v1/audit?areaCode=00001').set(official.auth);
    const admins = await request(testApp).get('/api/v1/audit?areaCode=00001').set(admin.auth);

    expect(mine.status).to.equal(200);
    expect(mine.body.items.map((e: Entry) => e.entityId)).to.deep.equal(['07888']);
    expect(mine.body.items[0]).to.include({ areaName: 'Phường Dữu Lâu', subject: 'Phường Dữu Lâu' });
    expect(outside.status).to.equal(200);
    expect(outside.body).to.include({ total: 0 });
    expect(admins.body.items.map((e: Entry) => e.entityId)).to.deep.equal(['00001']);
  });

  it('when more than 1,000 entries match wider than a commune, then the total stops at 1,000 and says more; a commune counts exactly', async () => {
    await givenAreas();
    const official = await givenUser('official', '25');
    const at = new Date('2026-11-01T03:00:00Z');
    await AuditModel.insertMany(
      Array.from({ length: 1_001 }, (_, i) => ({
        at: new Date(at.getTime() + i * 1000),
        actor: { id: official.id, username: official.username, role: 'official' },
        action: 'area.targets_set',
        entityType: 'area',
        entityId: '07888',
        area: { provinceCode: '25', districtCode: '227', communeCode: '07888' },
      })),
    );

    const wide = await request(testApp).get('/api/v1/audit?action=area.targets_set').set(official.auth);
    const commune = await request(testApp)
      .get('/api/v1/audit?action=area.targets_set&areaCode=07888')
      .set(official.auth);

    expect(wide.body).to.include({ total: 1_000, totalCapped: true });
    expect(wide.body.items).to.have.length(50);
    expect(commune.body).to.include({ total: 1_001, totalCapped: false });
    // The .xlsx pages through all of them (500 at a time): each once.
    const file = await downloadWorkbook('/api/v1/audit?format=xlsx&action=area.targets_set', official.auth);
    const rows = sheetRows(file.book, 'Nhật ký').slice(1);
    expect(rows).to.have.length(1_001);
    expect(new Set(rows.map((r) => (r[0] as Date).getTime())).size).to.equal(1_001);
  });

  it('when a bulk step wrote 1,200 entries at one instant between others, then the .xlsx holds each of them once', async () => {
    await givenAreas();
    const official = await givenUser('official', '25');
    const entry = approvalBy(official);
    const bulk = new Date('2026-11-02T03:00:00Z');
    await AuditModel.insertMany([
      ...Array.from({ length: 300 }, (_, i) => entry(new Date(bulk.getTime() + 1000 + i), `after-${i}`)),
      ...Array.from({ length: 1_200 }, (_, i) => entry(bulk, `bulk-${i}`)),
      ...Array.from({ length: 300 }, (_, i) => entry(new Date(bulk.getTime() - 1000 - i), `before-${i}`)),
    ]);

    const file = await downloadWorkbook('/api/v1/audit?format=xlsx&action=household.approved', official.auth);

    const ids = sheetRows(file.book, 'Nhật ký')
      .slice(1)
      .map((r) => r[9]);
    expect(ids).to.have.length(1_800);
    expect(new Set(ids).size).to.equal(1_800);
    expect(ids[0]).to.equal('after-299');
    expect(ids[1_799]).to.equal('before-299');
  });

  it('when an entry of the instant being paged is stored meanwhile (a pending entry flushed late), then no row comes twice or goes missing', async () => {
    await givenAreas();
    const official = await givenUser('official', '25');
    const actor = { id: official.id, username: official.username, role: 'official' as const };
    const entry = approvalBy(official);
    const bulk = new Date('2026-11-02T03:00:00Z');
    await AuditModel.insertMany([
      ...Array.from({ length: 300 }, (_, i) => entry(new Date(bulk.getTime() + 1000 + i), `after-${i}`)),
      ...Array.from({ length: 700 }, (_, i) => entry(bulk, `bulk-${i}`)),
    ]);
    const rows = auditLogRows(
      { action: 'household.approved' },
      {
        ...actor,
        scope: { level: 'province', code: '25', provinceCode: '25', districtCode: null, communeCode: null },
      },
    );

    const ids: string[] = [];
    for await (const row of rows) {
      ids.push(row.entityId);
      // The first page (500) is in hand: an entry of the same instant lands, with the newest id.
      if (ids.length === 1) await AuditModel.create(entry(bulk, 'flushed-late'));
    }

    expect(new Set(ids).size, 'no row twice').to.equal(ids.length);
    expect(ids.filter((id) => id.startsWith('bulk-'))).to.have.length(700);
    expect(ids.filter((id) => id.startsWith('after-'))).to.have.length(300);
  });

  it('when entries concern households, deliveries and batches, then each names its subject, the actor by full name and the reason', async () => {
    const given = await givenAuditedDay();
    const { refused } = given;

    const res = await request(testApp).get('/api/v1/audit?pageSize=500').set(given.official.auth);

    expect(res.status).to.equal(200);
    const find = (action: string) => res.body.items.find((e: { action: string }) => e.action === action);
    const head = given.households[0]?.head.fullName;
    expect(find('delivery.confirmed')).to.deep.include({
      subject: head,
      householdId: given.households[0]?.id,
      batchId: given.batch.id,
      areaName: 'Phường Dữu Lâu',
    });
    expect(find('delivery.confirmed').actor).to.include({ fullName: given.installer.fullName });
    expect(find('household.delivered')).to.deep.include({
      subject: head,
      householdId: given.households[0]?.id,
    });
    expect(find('batch.started')).to.deep.include({ subject: 'Đợt 1 – Việt Trì', batchId: given.batch.id });
    expect(find('batch.started').actor).to.include({ id: 'system', fullName: null });
    expect(find('receiver.installed')).to.include({ subject: given.serials[0] });
    expect(find('household.rejected')).to.deep.include({
      subject: refused.head.fullName,
      reason: REJECTION_REASON,
    });
    expect(find('household.rejected').actor).to.include({ fullName: given.official.fullName });
    expect(find('delivery.failed')).to.deep.include({
      subject: given.households[1]?.head.fullName,
      failureReason: 'absent',
      reason: null,
    });
    // Every action the flow recorded has its words on the audit page, in both languages.
    for (const e of res.body.items as Entry[]) {
      expect(auditVi.actions[e.action], e.action).to.be.a('string');
      expect(auditEn.actions[e.action], e.action).to.be.a('string');
    }
  });

  it("when the trail is downloaded as .xlsx, then every matching entry is a row in the page's words, the codes as text, and nothing outside the area", async () => {
    const given = await givenAuditedDay();
    const outsider = await givenUser('admin');
    await setTargets(outsider, '00001'); // Hà Nội: outside the official's province
    const stored = await AuditModel.countDocuments({ 'area.provinceCode': '25' });

    const file = await downloadWorkbook('/api/v1/audit?format=xlsx', given.official.auth);
    const one = await downloadWorkbook(
      '/api/v1/audit?format=xlsx&action=delivery.failed&lang=en',
      given.official.auth,
    );

    expect(file.status).to.equal(200);
    expect(file.disposition).to.match(/filename="?nhat-ky-dia-ban-\d{4}-\d{2}-\d{2}\.xlsx/);
    const rows = sheetRows(file.book, 'Nhật ký');
    expect(rows[0]).to.deep.equal([
      'Thời gian',
      'Người thực hiện',
      'Vai trò',
      'Việc',
      'Đối tượng',
      'Địa bàn',
      'Lý do',
      'Mã việc',
      'Loại đối tượng',
      'Mã đối tượng',
      'Tên đăng nhập',
    ]);
    expect(rows).to.have.length(stored + 1);
    const failed = rows.find((r) => r[7] === 'delivery.failed');
    expect(failed?.slice(1, 8)).to.deep.equal([
      given.installer.fullName,
      'Tổ lắp đặt',
      'Ghi lượt lắp không thành',
      given.households[1]?.head.fullName,
      'Phường Dữu Lâu',
      'vắng nhà',
      'delivery.failed',
    ]);
    expect(failed?.[0]).to.be.instanceOf(Date);
    expect(rows.find((r) => r[7] === 'household.rejected')?.[6]).to.equal(REJECTION_REASON);
    const started = rows.find((r) => r[7] === 'batch.started');
    expect(started?.[1]).to.equal('Hệ thống (tự động)');
    expect(started?.[2] ?? null, 'no role for the system').to.equal(null);
    expect(
      rows.some((r) => r[9] === '00001'),
      'nothing of Hà Nội',
    ).to.equal(false);
    const enRows = sheetRows(one.book, 'Audit trail');
    expect(enRows).to.have.length(2);
    expect(enRows[1]?.slice(2, 7)).to.deep.equal([
      'Installer',
      'Failed visit recorded',
      given.households[1]?.head.fullName,
      'Phường Dữu Lâu',
      'nobody at home',
    ]);
  });

  it('when an official of a district lists the audit trail, then only entries inside their district are answered', async () => {
    await givenAreas();
    const admin = await givenUser('admin');
    const official = await givenUser('official', '227');
    await setTargets(admin, '07888');
    await setTargets(admin, '07942');

    const res = await request(testApp).get('/api/v1/audit?entityType=area').set(official.auth);

    expect(res.status).to.equal(200);
    expect(res.body.items.map((e: Entry) => e.entityId)).to.deep.equal(['07888']);
  });

  for (const [role, areaCode] of [
    ['commune_staff', '07888'],
    ['installer', '25'],
  ] as const) {
    it(`when a ${role} lists the audit trail, then it answers 403 FORBIDDEN`, async () => {
      await givenAreas();
      const user = await givenUser(role, areaCode);

      const res = await request(testApp).get('/api/v1/audit').set(user.auth);

      expect(res.status).to.equal(403);
      expect(res.body.error.code).to.equal('FORBIDDEN');
    });
  }

  it('when no token is sent, then it answers 401 UNAUTHENTICATED', async () => {
    const res = await request(testApp).get('/api/v1/audit');

    expect(res.status).to.equal(401);
    expect(res.body.error.code).to.equal('UNAUTHENTICATED');
  });

  it('when filtering by entityType and entityId, then only that entity’s entries are answered', async () => {
    await givenAreas();
    const admin = await givenUser('admin');
    await setTargets(admin, '07888');
    await setTargets(admin, '07888');
    await setTargets(admin, '07891');

    const byType = await request(testApp).get('/api/v1/audit?entityType=area').set(admin.auth);
    const byId = await request(testApp).get('/api/v1/audit?entityType=area&entityId=07888').set(admin.auth);
    const user = await request(testApp)
      .get(`/api/v1/audit?entityType=user&entityId=${admin.id}`)
      .set(admin.auth);

    expect(byType.status).to.equal(200);
    expect(byType.body.items.map((e: Entry) => e.entityId)).to.deep.equal([
      '07891',
      '07888',
      '07888',
      'areas-small.csv',
    ]);
    expect(byId.body.total).to.equal(2);
    expect(byId.body.items.every((e: Entry) => e.entityId === '07888')).to.equal(true);
    expect(user.body.items.map((e: Entry) => e.action).sort()).to.deep.equal([
      'user.created',
      'user.signed_in',
    ]);
  });

  it('when filtering by actorId and action, then only those entries are answered', async () => {
    await givenAreas();
    const admin = await givenUser('admin');
    const official = await givenUser('official', '25');
    await setTargets(admin, '07888');
    await setTargets(official, '07891');

    const byActor = await request(testApp).get(`/api/v1/audit?actorId=${official.id}`).set(admin.auth);
    const bySystem = await request(testApp)
      .get('/api/v1/audit?actorId=system&action=user.created')
      .set(admin.auth);

    expect(byActor.status).to.equal(200);
    expect(byActor.body.items.map((e: Entry) => e.action).sort()).to.deep.equal([
      'area.targets_set',
      'user.signed_in',
    ]);
    expect(bySystem.body.total).to.equal(2);
    expect(bySystem.body.items.every((e: Entry) => e.actor.id === 'system')).to.equal(true);
  });

  it('when filtering by from and to, then only entries inside the period (ends included) are answered', async () => {
    await givenAreas();
    const admin = await givenUser('admin');
    const clock = sinon.useFakeTimers({ now: new Date('2025-03-01T08:00:00Z'), toFake: ['Date'] });
    await setTargets(admin, '07888');
    clock.setSystemTime(new Date('2025-04-01T08:00:00Z'));
    await setTargets(admin, '07891');
    clock.setSystemTime(new Date('2025-05-01T08:00:00Z'));
    await setTargets(admin, '07894');
    clock.restore();

    const april = await request(testApp)
      .get('/api/v1/audit?entityType=area&from=2025-03-15&to=2025-04-01T08:00:00Z')
      .set(admin.auth);
    const fromApril = await request(testApp)
      .get('/api/v1/audit?action=area.targets_set&from=2025-04-01T08:00:00Z')
      .set(admin.auth);
    const toMarch = await request(testApp).get('/api/v1/audit?entityType=area&to=2025-03-31').set(admin.auth);

    expect(april.status).to.equal(200);
    expect(april.body.items.map((e: Entry) => e.entityId)).to.deep.equal(['07891']);
    expect(april.body.items[0].at).to.equal('2025-04-01T08:00:00.000Z');
    expect(fromApril.body.items.map((e: Entry) => e.entityId)).to.deep.equal(['07894', '07891']);
    expect(toMarch.body.items.map((e: Entry) => e.entityId)).to.deep.equal(['07888']);
  });

  it('when to is a bare date, then it includes the whole of that day (UTC)', async () => {
    await givenAreas();
    const admin = await givenUser('admin');
    const clock = sinon.useFakeTimers({ now: new Date('2025-04-01T23:30:00Z'), toFake: ['Date'] });
    await setTargets(admin, '07888');
    clock.setSystemTime(new Date('2025-04-02T00:00:00Z'));
    await setTargets(admin, '07891');
    clock.restore();

    const res = await request(testApp)
      .get('/api/v1/audit?entityType=area&from=2025-04-01&to=2025-04-01')
      .set(admin.auth);

    expect(res.status).to.equal(200);
    expect(res.body.items.map((e: Entry) => e.entityId)).to.deep.equal(['07888']);
  });

  it('when paging, then pages split the entries without overlap and total stays the same', async () => {
    await givenAreas();
    const admin = await givenUser('admin');
    for (const code of ['07888', '07891', '07894', '07942', '07945']) await setTargets(admin, code);

    const first = await request(testApp)
      .get('/api/v1/audit?action=area.targets_set&pageSize=2')
      .set(admin.auth);
    const second = await request(testApp)
      .get('/api/v1/audit?action=area.targets_set&pageSize=2&page=2')
      .set(admin.auth);
    const third = await request(testApp)
      .get('/api/v1/audit?action=area.targets_set&pageSize=2&page=3')
      .set(admin.auth);

    expect(first.body).to.include({ total: 5, page: 1, pageSize: 2 });
    expect(second.body).to.include({ total: 5, page: 2, pageSize: 2 });
    const ids = [...first.body.items, ...second.body.items, ...third.body.items].map(
      (e: Entry) => e.entityId,
    );
    expect(ids).to.deep.equal(['07945', '07942', '07894', '07891', '07888']);
  });

  const badQueries = [
    'entityType=Area',
    'actorId=123',
    'action=targets',
    'from=yesterday',
    'to=2025-13-01',
    'pageSize=0',
    'page=abc',
  ];
  for (const query of badQueries) {
    it(`when the query is "${query}", then it answers 400 VALIDATION_FAILED`, async () => {
      const admin = await givenUser('admin');

      const res = await request(testApp).get(`/api/v1/audit?${query}`).set(admin.auth);

      expect(res.status).to.equal(400);
      expect(res.body.error.code).to.equal('VALIDATION_FAILED');
      expect(res.body.error.details).to.have.length(1);
    });
  }
});
