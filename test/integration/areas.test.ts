import { expect } from 'chai';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import request from 'supertest';
import { AreaModel } from '../../src/areas/model';
import { importAreas } from '../../src/areas/service';
import { AuditModel } from '../../src/audit/model';
import { RuleViolationError, ValidationError } from '../../src/errors';
import { SYSTEM_ACTOR } from '../../src/users/roles';
import { SMALL_AREA_LIST, testApp } from '../support/app';
import { useTestDb } from '../support/db';
import { givenAreas, givenUser } from '../support/factories';

const targets = { poor: 120, nearPoor: 45, listYear: 2024, defaultReceiverType: 'dvb-t2' };

describe('areas', () => {
  useTestDb();

  describe('GET /api/v1/areas', () => {
    it('when listing provinces, then it answers the page of provinces sorted by code', async () => {
      await givenAreas();
      const user = await givenUser('commune_staff', '07888');

      const res = await request(testApp).get('/api/v1/areas?level=province').set(user.auth);

      expect(res.status).to.equal(200);
      expect(res.body).to.include({ total: 3, page: 1, pageSize: 50 });
      expect(res.body.items.map((a: { code: string }) => a.code)).to.deep.equal(['01', '02', '25']);
      expect(res.body.items[2]).to.deep.equal({
        code: '25',
        name: 'Tỉnh Phú Thọ',
        level: 'province',
        type: 'Tỉnh',
        parentCode: null,
        provinceCode: '25',
        districtCode: null,
        communeCode: null,
        targets: null,
        defaultReceiverType: null,
        switchOffDate: null,
      });
    });

    it('when listing by parentCode, then it answers the children of that area only', async () => {
      await givenAreas();
      const user = await givenUser('installer', '25');

      const districts = await request(testApp).get('/api/v1/areas?parentCode=25').set(user.auth);
      const communes = await request(testApp).get('/api/v1/areas?parentCode=227').set(user.auth);

      expect(districts.status).to.equal(200);
      expect(districts.body.items.map((a: { code: string }) => a.code)).to.deep.equal(['227', '228']);
      expect(communes.body.items.map((a: { code: string }) => a.code)).to.deep.equal([
        '07888',
        '07891',
        '07894',
      ]);
      expect(communes.body.items[0]).to.include({ districtCode: '227', provinceCode: '25', type: 'Phường' });
    });

    it('when listing by provinceCode and level with a page size, then it pages through them', async () => {
      await givenAreas();
      const user = await givenUser('official', '25');

      const first = await request(testApp)
        .get('/api/v1/areas?provinceCode=25&level=commune&pageSize=2')
        .set(user.auth);
      const third = await request(testApp)
        .get('/api/v1/areas?provinceCode=25&level=commune&pageSize=2&page=3')
        .set(user.auth);
      const beyond = await request(testApp)
        .get('/api/v1/areas?provinceCode=25&level=commune&pageSize=2&page=4')
        .set(user.auth);

      expect(first.status).to.equal(200);
      expect(first.body).to.include({ total: 5, page: 1, pageSize: 2 });
      expect(first.body.items.map((a: { code: string }) => a.code)).to.deep.equal(['07888', '07891']);
      expect(third.body).to.include({ total: 5, page: 3, pageSize: 2 });
      expect(third.body.items.map((a: { code: string }) => a.code)).to.deep.equal(['07945']);
      expect(beyond.body.items).to.deep.equal([]);
      expect(beyond.body.total).to.equal(5);
    });

    const searches: [string, string][] = [
      ['without diacritics', 'phu tho'],
      ['with diacritics', 'Phú Thọ'],
      ['with diacritics in NFD', 'Phú Thọ'.normalize('NFD')],
      ['in upper case with extra spaces', '  PHU   THO '],
    ];
    for (const [name, q] of searches) {
      it(`when searching ${name}, then "Tỉnh Phú Thọ" and "Thị xã Phú Thọ" are found`, async () => {
        await givenAreas();
        const user = await givenUser('commune_staff', '07888');

        const res = await request(testApp).get('/api/v1/areas').query({ q }).set(user.auth);

        expect(res.status).to.equal(200);
        expect(res.body.total).to.equal(2);
        expect(res.body.items.map((a: { name: string }) => a.name)).to.deep.equal([
          'Thị xã Phú Thọ',
          'Tỉnh Phú Thọ',
        ]);
      });
    }

    it('when searching with level=province, then only the province is found', async () => {
      await givenAreas();
      const user = await givenUser('commune_staff', '07888');

      const res = await request(testApp).get('/api/v1/areas?q=phu%20tho&level=province').set(user.auth);

      expect(res.status).to.equal(200);
      expect(res.body.items.map((a: { code: string }) => a.code)).to.deep.equal(['25']);
    });

    it('when the search text holds regex characters, then they match literally and find nothing', async () => {
      await givenAreas();
      const user = await givenUser('commune_staff', '07888');

      const res = await request(testApp).get('/api/v1/areas').query({ q: '.*' }).set(user.auth);

      expect(res.status).to.equal(200);
      expect(res.body.total).to.equal(0);
    });

    const badQueries = ['level=village', 'parentCode=2', 'provinceCode=025', 'page=0', 'pageSize=501', 'q='];
    for (const query of badQueries) {
      it(`when the query is "${query}", then it answers 400 VALIDATION_FAILED`, async () => {
        const user = await givenUser('admin');

        const res = await request(testApp).get(`/api/v1/areas?${query}`).set(user.auth);

        expect(res.status).to.equal(400);
        expect(res.body.error.code).to.equal('VALIDATION_FAILED');
        expect(res.body.error.details).to.be.an('array').with.length.greaterThan(0);
      });
    }

    it('when no token is sent, then it answers 401 UNAUTHENTICATED', async () => {
      await givenAreas();

      const res = await request(testApp).get('/api/v1/areas');

      expect(res.status).to.equal(401);
      expect(res.body.error.code).to.equal('UNAUTHENTICATED');
    });

    it('when the token is unknown, then it answers 401 UNAUTHENTICATED', async () => {
      const res = await request(testApp)
        .get('/api/v1/areas')
        .set('Authorization', 'Bearer ' + 'x'.repeat(43));

      expect(res.status).to.equal(401);
      expect(res.body.error.code).to.equal('UNAUTHENTICATED');
    });
  });

  describe('GET /api/v1/areas/:code', () => {
    const details: [string, number, number][] = [
      ['25', 2, 5],
      ['01', 1, 3],
      ['227', 0, 3],
      ['228', 0, 2],
      ['07888', 0, 0],
    ];
    for (const [code, districts, communes] of details) {
      it(`when reading ${code}, then childCounts are ${districts} districts and ${communes} communes`, async () => {
        await givenAreas();
        const user = await givenUser('installer', '02');

        const res = await request(testApp).get(`/api/v1/areas/${code}`).set(user.auth);

        expect(res.status).to.equal(200);
        expect(res.body.code).to.equal(code);
        expect(res.body.childCounts).to.deep.equal({ districts, communes });
      });
    }

    it('when reading a commune, then it answers its full path', async () => {
      await givenAreas();
      const user = await givenUser('commune_staff', '07888');

      const res = await request(testApp).get('/api/v1/areas/07942').set(user.auth);

      expect(res.status).to.equal(200);
      expect(res.body).to.include({
        code: '07942',
        name: 'Phường Hùng Vương',
        level: 'commune',
        type: 'Phường',
        parentCode: '228',
        provinceCode: '25',
        districtCode: '228',
        communeCode: '07942',
      });
    });

    it('when the code is unknown, then it answers 404 NOT_FOUND', async () => {
      await givenAreas();
      const user = await givenUser('official', '25');

      const res = await request(testApp).get('/api/v1/areas/99').set(user.auth);

      expect(res.status).to.equal(404);
      expect(res.body.error.code).to.equal('NOT_FOUND');
      expect(res.body.error.message).to.contain('99');
    });

    for (const code of ['1', '0001', 'abc', '25x', '000001']) {
      it(`when the code is malformed ("${code}"), then it answers 400 VALIDATION_FAILED on code`, async () => {
        const user = await givenUser('admin');

        const res = await request(testApp).get(`/api/v1/areas/${code}`).set(user.auth);

        expect(res.status).to.equal(400);
        expect(res.body.error.code).to.equal('VALIDATION_FAILED');
        expect(res.body.error.details[0].path).to.equal('code');
      });
    }

    it('when no token is sent, then it answers 401 UNAUTHENTICATED', async () => {
      await givenAreas();

      const res = await request(testApp).get('/api/v1/areas/25');

      expect(res.status).to.equal(401);
      expect(res.body.error.code).to.equal('UNAUTHENTICATED');
    });
  });

  describe('PUT /api/v1/areas/:code/targets', () => {
    for (const [who, role, areaCode] of [
      ['an official of the province', 'official', '25'],
      ['an official of the district', 'official', '227'],
      ['an admin', 'admin', undefined],
    ] as const) {
      it(`when ${who} sets a commune's targets, then they are stored and audited with before and after`, async () => {
        await givenAreas();
        const user = await givenUser(role, areaCode);

        const res = await request(testApp).put('/api/v1/areas/07888/targets').set(user.auth).send(targets);

        expect(res.status).to.equal(200);
        expect(res.body).to.include({ code: '07888', defaultReceiverType: 'dvb-t2' });
        expect(res.body.targets).to.include({ poor: 120, nearPoor: 45, listYear: 2024 });
        expect(new Date(res.body.targets.updatedAt).getTime()).to.be.closeTo(Date.now(), 60_000);
        const stored = await AreaModel.findOne({ code: '07888' }).lean();
        expect(stored?.targets).to.include({ poor: 120, nearPoor: 45, listYear: 2024 });
        expect(stored?.defaultReceiverType).to.equal('dvb-t2');
        const entries = await AuditModel.find({ action: 'area.targets_set' }).lean();
        expect(entries).to.have.length(1);
        expect(entries[0]).to.deep.include({
          entityType: 'area',
          entityId: '07888',
          actor: { id: user.id, username: user.username, role },
          area: { provinceCode: '25', districtCode: '227', communeCode: '07888' },
          before: { targets: null, defaultReceiverType: null },
        });
        expect(entries[0].after).to.deep.equal({
          targets: res.body.targets,
          defaultReceiverType: 'dvb-t2',
        });
      });
    }

    it('when targets are set again without a receiver type, then the old type is kept and before shows the old targets', async () => {
      await givenAreas();
      const official = await givenUser('official', '25');
      const first = await request(testApp)
        .put('/api/v1/areas/07888/targets')
        .set(official.auth)
        .send(targets);

      const res = await request(testApp)
        .put('/api/v1/areas/07888/targets')
        .set(official.auth)
        .send({ poor: 100, nearPoor: 40, listYear: 2025 });

      expect(res.status).to.equal(200);
      expect(res.body.targets).to.include({ poor: 100, nearPoor: 40, listYear: 2025 });
      expect(res.body.defaultReceiverType).to.equal('dvb-t2');
      const entries = await AuditModel.find({ action: 'area.targets_set' }).sort({ at: 1, _id: 1 }).lean();
      expect(entries).to.have.length(2);
      expect(entries[1].before).to.deep.equal({
        targets: first.body.targets,
        defaultReceiverType: 'dvb-t2',
      });
    });

    it('when an official of another province sets targets, then it answers 403 and nothing changes', async () => {
      await givenAreas();
      const official = await givenUser('official', '01');

      const res = await request(testApp).put('/api/v1/areas/07888/targets').set(official.auth).send(targets);

      expect(res.status).to.equal(403);
      expect(res.body.error.code).to.equal('FORBIDDEN');
      expect((await AreaModel.findOne({ code: '07888' }).lean())?.targets).to.equal(null);
      expect(await AuditModel.countDocuments({ action: 'area.targets_set' })).to.equal(0);
    });

    it('when an official of another district of the same province sets targets, then it answers 403', async () => {
      await givenAreas();
      const official = await givenUser('official', '228');

      const res = await request(testApp).put('/api/v1/areas/07888/targets').set(official.auth).send(targets);

      expect(res.status).to.equal(403);
      expect(res.body.error.code).to.equal('FORBIDDEN');
      expect((await AreaModel.findOne({ code: '07888' }).lean())?.targets).to.equal(null);
    });

    for (const code of ['25', '227']) {
      it(`when targets are set on ${code} (not a commune), then it answers 422 RULE_VIOLATION`, async () => {
        await givenAreas();
        const official = await givenUser('official', '25');

        const res = await request(testApp)
          .put(`/api/v1/areas/${code}/targets`)
          .set(official.auth)
          .send(targets);

        expect(res.status).to.equal(422);
        expect(res.body.error.code).to.equal('RULE_VIOLATION');
        expect((await AreaModel.findOne({ code }).lean())?.targets).to.equal(null);
        expect(await AuditModel.countDocuments({ action: 'area.targets_set' })).to.equal(0);
      });
    }

    for (const role of ['commune_staff', 'installer'] as const) {
      it(`when a ${role} sets targets, then it answers 403 FORBIDDEN`, async () => {
        await givenAreas();
        const user = await givenUser(role, role === 'commune_staff' ? '07888' : '25');

        const res = await request(testApp).put('/api/v1/areas/07888/targets').set(user.auth).send(targets);

        expect(res.status).to.equal(403);
        expect(res.body.error.code).to.equal('FORBIDDEN');
        expect((await AreaModel.findOne({ code: '07888' }).lean())?.targets).to.equal(null);
      });
    }

    const badBodies: [string, Record<string, unknown>, string][] = [
      ['a negative count', { ...targets, poor: -1 }, 'poor'],
      ['a missing list year', { poor: 1, nearPoor: 2 }, 'listYear'],
      ['a fractional count', { ...targets, nearPoor: 1.5 }, 'nearPoor'],
      ['an unknown receiver type', { ...targets, defaultReceiverType: 'cable' }, 'defaultReceiverType'],
      ['a list year before 2010', { ...targets, listYear: 1999 }, 'listYear'],
    ];
    for (const [name, body, path] of badBodies) {
      it(`when the body has ${name}, then it answers 400 VALIDATION_FAILED on ${path}`, async () => {
        await givenAreas();
        const official = await givenUser('official', '25');

        const res = await request(testApp).put('/api/v1/areas/07888/targets').set(official.auth).send(body);

        expect(res.status).to.equal(400);
        expect(res.body.error.code).to.equal('VALIDATION_FAILED');
        expect(res.body.error.details.map((d: { path: string }) => d.path)).to.deep.equal([path]);
        expect((await AreaModel.findOne({ code: '07888' }).lean())?.targets).to.equal(null);
      });
    }

    it('when the commune is unknown, then it answers 404 NOT_FOUND', async () => {
      await givenAreas();
      const admin = await givenUser('admin');

      const res = await request(testApp).put('/api/v1/areas/99999/targets').set(admin.auth).send(targets);

      expect(res.status).to.equal(404);
      expect(res.body.error.code).to.equal('NOT_FOUND');
    });

    it('when no token is sent, then it answers 401 UNAUTHENTICATED', async () => {
      await givenAreas();

      const res = await request(testApp).put('/api/v1/areas/07888/targets').send(targets);

      expect(res.status).to.equal(401);
      expect(res.body.error.code).to.equal('UNAUTHENTICATED');
    });
  });

  describe('PUT /api/v1/areas/:code/programme', () => {
    for (const [who, role, areaCode] of [
      ['an official of the province', 'official', '25'],
      ['an admin', 'admin', undefined],
    ] as const) {
      it(`when ${who} sets the switch-off date, then it is stored and audited`, async () => {
        await givenAreas();
        const user = await givenUser(role, areaCode);

        const res = await request(testApp)
          .put('/api/v1/areas/25/programme')
          .set(user.auth)
          .send({ switchOffDate: '2025-06-30' });

        expect(res.status).to.equal(200);
        expect(res.body).to.include({ code: '25', switchOffDate: '2025-06-30' });
        const stored = await AreaModel.findOne({ code: '25' }).lean();
        expect(stored?.switchOffDate?.toISOString()).to.equal('2025-06-30T00:00:00.000Z');
        const entries = await AuditModel.find({ action: 'area.programme_set' }).lean();
        expect(entries).to.have.length(1);
        expect(entries[0]).to.deep.include({
          entityType: 'area',
          entityId: '25',
          actor: { id: user.id, username: user.username, role },
          area: { provinceCode: '25', districtCode: null, communeCode: null },
          before: { switchOffDate: null },
          after: { switchOffDate: '2025-06-30' },
        });
      });
    }

    it('when the date is changed, then before holds the previous date', async () => {
      await givenAreas();
      const official = await givenUser('official', '25');
      await request(testApp)
        .put('/api/v1/areas/25/programme')
        .set(official.auth)
        .send({ switchOffDate: '2025-06-30' });

      const res = await request(testApp)
        .put('/api/v1/areas/25/programme')
        .set(official.auth)
        .send({ switchOffDate: '2025-09-01' });

      expect(res.status).to.equal(200);
      expect(res.body.switchOffDate).to.equal('2025-09-01');
      const last = await AuditModel.findOne({ action: 'area.programme_set' })
        .sort({ at: -1, _id: -1 })
        .lean();
      expect(last?.before).to.deep.equal({ switchOffDate: '2025-06-30' });
      expect(last?.after).to.deep.equal({ switchOffDate: '2025-09-01' });
    });

    it('when a district official sets the date of their own province, then it answers 403', async () => {
      await givenAreas();
      const official = await givenUser('official', '227');

      const res = await request(testApp)
        .put('/api/v1/areas/25/programme')
        .set(official.auth)
        .send({ switchOffDate: '2025-06-30' });

      expect(res.status).to.equal(403);
      expect(res.body.error.code).to.equal('FORBIDDEN');
      expect((await AreaModel.findOne({ code: '25' }).lean())?.switchOffDate).to.equal(null);
      expect(await AuditModel.countDocuments({ action: 'area.programme_set' })).to.equal(0);
    });

    it('when an official of another province sets the date, then it answers 403', async () => {
      await givenAreas();
      const official = await givenUser('official', '01');

      const res = await request(testApp)
        .put('/api/v1/areas/25/programme')
        .set(official.auth)
        .send({ switchOffDate: '2025-06-30' });

      expect(res.status).to.equal(403);
      expect((await AreaModel.findOne({ code: '25' }).lean())?.switchOffDate).to.equal(null);
    });

    it('when a commune staff member sets the date, then it answers 403', async () => {
      await givenAreas();
      const staff = await givenUser('commune_staff', '07888');

      const res = await request(testApp)
        .put('/api/v1/areas/25/programme')
        .set(staff.auth)
        .send({ switchOffDate: '2025-06-30' });

      expect(res.status).to.equal(403);
    });

    for (const code of ['07888', '227']) {
      it(`when the date is set on ${code} (not a province), then it answers 422 RULE_VIOLATION`, async () => {
        await givenAreas();
        const admin = await givenUser('admin');

        const res = await request(testApp)
          .put(`/api/v1/areas/${code}/programme`)
          .set(admin.auth)
          .send({ switchOffDate: '2025-06-30' });

        expect(res.status).to.equal(422);
        expect(res.body.error.code).to.equal('RULE_VIOLATION');
        expect((await AreaModel.findOne({ code }).lean())?.switchOffDate).to.equal(null);
        expect(await AuditModel.countDocuments({ action: 'area.programme_set' })).to.equal(0);
      });
    }

    for (const switchOffDate of ['2025-02-30', '30/06/2025', '2025-06-30T10:00:00Z', '']) {
      it(`when the date is "${switchOffDate}", then it answers 400 VALIDATION_FAILED`, async () => {
        await givenAreas();
        const admin = await givenUser('admin');

        const res = await request(testApp)
          .put('/api/v1/areas/25/programme')
          .set(admin.auth)
          .send({ switchOffDate });

        expect(res.status).to.equal(400);
        expect(res.body.error.code).to.equal('VALIDATION_FAILED');
        expect(res.body.error.details[0].path).to.equal('switchOffDate');
      });
    }

    it('when the province is unknown, then it answers 404 NOT_FOUND', async () => {
      await givenAreas();
      const admin = await givenUser('admin');

      const res = await request(testApp)
        .put('/api/v1/areas/99/programme')
        .set(admin.auth)
        .send({ switchOffDate: '2025-06-30' });

      expect(res.status).to.equal(404);
    });
  });

  describe('importAreas', () => {
    it('when the small list is imported twice, then the second import changes nothing and is not audited', async () => {
      const first = await importAreas(SMALL_AREA_LIST, SYSTEM_ACTOR);

      const second = await importAreas(SMALL_AREA_LIST, SYSTEM_ACTOR);

      expect(first).to.deep.equal({
        source: 'areas-small.csv',
        counts: { province: 3, district: 4, commune: 10 },
        created: 17,
        updated: 0,
        unchanged: 0,
      });
      expect(second).to.include({ created: 0, updated: 0, unchanged: 17 });
      expect(await AreaModel.countDocuments()).to.equal(17);
      const entries = await AuditModel.find({ action: 'areas.imported' }).lean();
      expect(entries).to.have.length(1);
      expect(entries[0]).to.deep.include({ entityType: 'area', entityId: 'areas-small.csv' });
      expect(entries[0].actor).to.deep.equal({ id: 'system', username: 'system', role: 'admin' });
    });

    it('when targets were set and the list is imported again, then the targets are kept', async () => {
      await givenAreas();
      const admin = await givenUser('admin');
      await request(testApp).put('/api/v1/areas/07888/targets').set(admin.auth).send(targets);

      await importAreas(SMALL_AREA_LIST, SYSTEM_ACTOR);

      const stored = await AreaModel.findOne({ code: '07888' }).lean();
      expect(stored?.targets).to.include({ poor: 120 });
    });

    describe('from a file of one’s own', () => {
      let dir = '';
      const header =
        'province_code,province_name,district_code,district_name,commune_code,commune_name,commune_type';
      const writeList = (name: string, content: string): string => {
        const file = path.join(dir, name);
        writeFileSync(file, content);
        return file;
      };

      beforeEach(() => {
        dir = mkdtempSync(path.join(tmpdir(), 'dtv-areas-'));
      });

      afterEach(() => {
        rmSync(dir, { recursive: true, force: true });
      });

      it('when a unit was renamed in the list, then the import updates its name and search finds the new one', async () => {
        await givenAreas();
        const renamed = readFileSync(SMALL_AREA_LIST, 'utf8').replace('Phường Dữu Lâu', 'Phường Dữu Lâu Mới');
        const file = writeList('areas-small.csv', renamed);
        const admin = await givenUser('admin');

        const result = await importAreas(file, SYSTEM_ACTOR);
        const found = await request(testApp).get('/api/v1/areas?q=duu%20lau%20moi').set(admin.auth);

        expect(result).to.include({ created: 0, updated: 1, unchanged: 16 });
        const stored = await AreaModel.findOne({ code: '07888' }).lean();
        expect(stored).to.include({ name: 'Phường Dữu Lâu Mới', nameFolded: 'phuong duu lau moi' });
        expect(found.body.items.map((a: { code: string }) => a.code)).to.deep.equal(['07888']);
        expect(await AuditModel.countDocuments({ action: 'areas.imported' })).to.equal(2);
      });

      it('when rows have bad codes, then it throws ValidationError listing each row and stores nothing', async () => {
        const file = writeList(
          'bad.csv',
          [
            header,
            '25,Tỉnh Phú Thọ,227,Thành phố Việt Trì,07888,Phường Dữu Lâu,Phường',
            '25,Tỉnh Phú Thọ,227,Thành phố Việt Trì,7891a,Phường Vân Cơ,Phường',
            '5x,Tỉnh Phú Thọ,227,Thành phố Việt Trì,07894,Phường Nông Trang,Phường',
          ].join('\n'),
        );
        let error: unknown;

        try {
          await importAreas(file, SYSTEM_ACTOR);
        } catch (err) {
          error = err;
        }

        expect(error).to.be.instanceOf(ValidationError);
        expect((error as ValidationError).details).to.deep.equal([
          {
            row: 3,
            field: 'commune_code',
            reason: {
              vi: 'Mã xã "7891a" phải gồm 5 chữ số',
              en: 'The commune code "7891a" must be 5 digits',
            },
          },
          {
            row: 4,
            field: 'province_code',
            reason: { vi: 'Mã tỉnh "5x" phải gồm 2 chữ số', en: 'The province code "5x" must be 2 digits' },
          },
        ]);
        expect(await AreaModel.countDocuments()).to.equal(0);
        expect(await AuditModel.countDocuments()).to.equal(0);
      });

      it('when the file lacks a column, then it throws ValidationError naming the column', async () => {
        const file = writeList('no-type.csv', 'province_code,province_name\n25,Tỉnh Phú Thọ\n');
        let error: unknown;

        try {
          await importAreas(file, SYSTEM_ACTOR);
        } catch (err) {
          error = err;
        }

        expect(error).to.be.instanceOf(ValidationError);
        expect((error as ValidationError).text.vi).to.contain('Mã xã, Xã/Phường');
        expect((error as ValidationError).text.en).to.contain('commune_code');
        expect(await AreaModel.countDocuments()).to.equal(0);
      });

      it('when the file has a header and no rows, then it throws ValidationError saying it is empty', async () => {
        const file = writeList('empty.csv', header + '\n');
        let error: unknown;

        try {
          await importAreas(file, SYSTEM_ACTOR);
        } catch (err) {
          error = err;
        }

        expect(error).to.be.instanceOf(ValidationError);
        expect((error as ValidationError).text.en).to.match(/empty/i);
      });
    });

    it('when the file does not exist, then it throws ValidationError', async () => {
      let error: unknown;

      try {
        await importAreas('/nonexistent/areas.csv', SYSTEM_ACTOR);
      } catch (err) {
        error = err;
      }

      expect(error).to.be.instanceOf(ValidationError);
      expect(await AreaModel.countDocuments()).to.equal(0);
    });

    it('when the built-in 2025 list is imported twice, then it holds 34 provinces and 3,321 communes and the second import creates nothing', async function () {
      this.timeout(120_000);
      const admin = await givenUser('admin');

      const first = await importAreas('2025', SYSTEM_ACTOR);
      const second = await importAreas('2025', SYSTEM_ACTOR);
      const provinces = await request(testApp).get('/api/v1/areas?level=province').set(admin.auth);
      const phuTho = await request(testApp).get('/api/v1/areas/25').set(admin.auth);

      expect(first).to.deep.equal({
        source: '2025',
        counts: { province: 34, district: 0, commune: 3321 },
        created: 3355,
        updated: 0,
        unchanged: 0,
      });
      expect(second).to.include({ created: 0, updated: 0, unchanged: 3355 });
      expect(await AreaModel.countDocuments({ level: 'province' })).to.equal(34);
      expect(await AreaModel.countDocuments({ level: 'commune' })).to.equal(3321);
      expect(await AreaModel.countDocuments({ level: 'district' })).to.equal(0);
      expect(provinces.status).to.equal(200);
      expect(provinces.body.total).to.equal(34);
      expect(phuTho.body.childCounts).to.deep.equal({ districts: 0, communes: 148 });
      expect(await AuditModel.countDocuments({ action: 'areas.imported' })).to.equal(1);
    });

    it('when the 2024 list is imported on top of the 2025 list, then it is refused with RuleViolationError', async function () {
      this.timeout(120_000);
      await importAreas('2025', SYSTEM_ACTOR);

      let error: unknown;
      try {
        await importAreas('2024', SYSTEM_ACTOR);
      } catch (err) {
        error = err;
      }

      expect(error).to.be.instanceOf(RuleViolationError);
      expect(await AreaModel.countDocuments()).to.equal(3355);
      expect(await AreaModel.countDocuments({ source: { $ne: '2025' } })).to.equal(0);
    });

    it('when the built-in 2024 list is imported, then it holds 63 provinces, 705 districts and 10,595 communes', async function () {
      this.timeout(120_000);

      const result = await importAreas('2024', SYSTEM_ACTOR);

      expect(result).to.deep.include({
        source: '2024',
        counts: { province: 63, district: 705, commune: 10595 },
        created: 11363,
      });
      expect(await AreaModel.countDocuments({ level: 'province' })).to.equal(63);
      expect(await AreaModel.countDocuments({ level: 'district' })).to.equal(705);
      expect(await AreaModel.countDocuments({ level: 'commune' })).to.equal(10595);
      const phuTho = await AreaModel.countDocuments({ parentCode: '25', level: 'district' });
      expect(phuTho).to.equal(13);
    });
  });
});
