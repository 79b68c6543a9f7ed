import { expect } from 'chai';
import mongoose from 'mongoose';
import { findByIds, findByKey } from '../../src/database/bulk-reads';
import { HouseholdModel } from '../../src/households/model';
import { escapeRegExp } from '../../src/vietnamese';
import { findPage, findPageByDriver, toSql, type PageQuery } from '../../src/database/postgres-reads';
import '../support/app'; // registers every model, as the service does
import { embeddedTestServer, useTestDb } from '../support/db';
import { recordQueryShapes } from '../support/query-shapes';
import { givenAreas, givenHousehold } from '../support/factories';

// findPage answers from PostgreSQL directly on the embedded default and through the driver
// elsewhere; both must give the same page, in the same order, with the same total.

describe('a page of a list read from the embedded PostgreSQL (findPage)', () => {
  useTestDb();

  // The queries here are made up to compare the two paths, not shapes the service sends: they are
  // kept out of the index-coverage check.
  before(() => mongoose.set('debug', false));
  after(() => recordQueryShapes());

  const names = [
    'Nguyễn Văn An',
    'Lê Thị Bình',
    'Nguyễn Văn Ánh',
    'Trần Đức Cường',
    'Đỗ Minh Châu',
    'Nguyễn Thị Ân',
  ];

  beforeEach(async () => {
    await givenAreas();
    for (const [i, fullName] of names.entries()) {
      await givenHousehold(i % 2 ? '00004' : '00001', {
        village: i % 3 ? 'Thôn Đông' : 'Thôn Tây',
        phone: `09120000${String(i).padStart(2, '0')}`,
        head: { fullName, birthYear: 1950 + i, gender: i % 2 ? 'female' : 'male' },
      });
    }
    await givenHousehold('07888', { head: { fullName: 'Nguyễn Văn Xa' } });
  });

  const queries: Array<[string, Partial<PageQuery>]> = [
    ['the province, newest first', { filter: { 'area.provinceCode': '01' } }],
    ['one commune, second page', { filter: { 'area.communeCode': '00001' }, skip: 1, limit: 1 }],
    ['a status and a village', { filter: { status: 'registered', villageFolded: 'thon dong' } }],
    [
      'a name search without diacritics',
      { filter: { 'head.fullNameFolded': { $regex: escapeRegExp('nguyen van') } } },
    ],
    [
      'an ID prefix or a phone',
      { filter: { $or: [{ 'head.nationalId': { $regex: '^0' } }, { phone: { $regex: '091200000[12]' } }] } },
    ],
    ['a boolean', { filter: { 'eligibility.eligible': true, 'area.provinceCode': '01' } }],
    ['an array field holding the value', { filter: { 'possibleDuplicates.grounds': 'phone' } }],
    [
      'oldest first in a province (index order)',
      { filter: { 'area.provinceCode': '01', status: 'registered' }, sort: { createdAt: 1, _id: 1 } },
    ],
    ['sorted by name, byte-wise as MongoDB', { filter: {}, sort: { 'head.fullName': 1, _id: 1 } }],
    ['sorted by birth year, descending', { filter: {}, sort: { 'head.birthYear': -1, _id: 1 } }],
    ['nothing matches', { filter: { 'area.communeCode': '99999' } }],
    ['one of some communes ($in)', { filter: { 'area.communeCode': { $in: ['00001', '07888', '99999'] } } }],
    ['one of no values ($in: [])', { filter: { status: { $in: [] } } }],
    ['a number range', { filter: { 'head.birthYear': { $gte: 1952, $lt: 1955 } } }],
    ['an open number range', { filter: { 'head.birthYear': { $gt: 1953 } } }],
    [
      'an array field holding one of some values',
      { filter: { 'possibleDuplicates.grounds': { $in: ['phone', 'x'] } } },
    ],
  ];

  for (const [title, given] of queries) {
    it(`${title}: the same page and total as the driver`, async () => {
      const query: PageQuery = { sort: { createdAt: -1, _id: -1 }, skip: 0, limit: 50, filter: {}, ...given };
      const fromSql = await findPage<{ _id: unknown }>(HouseholdModel, query);
      const fromDriver = await findPageByDriver<{ _id: unknown }>(HouseholdModel, query);

      expect(fromSql.total).to.equal(fromDriver.total);
      expect(fromSql.docs.map((d) => String(d._id))).to.deep.equal(fromDriver.docs.map((d) => String(d._id)));
    });
  }

  // 7 households match `{}`: a cap below that stops the count there and says so, one at or above it
  // gives the exact total; both paths alike, the page itself untouched by the cap.
  const capped: Array<[number, number, boolean]> = [
    [3, 3, true],
    [6, 6, true],
    [7, 7, false],
    [50, 7, false],
    [0, 0, true],
  ];
  for (const [cap, total, totalCapped] of capped) {
    it(`a total capped at ${cap} of 7 matches: total ${total}, totalCapped ${totalCapped}, on both paths`, async () => {
      const query: PageQuery = { filter: {}, sort: { _id: 1 }, skip: 0, limit: 5, totalCap: cap };

      const fromSql = await findPage<{ _id: unknown }>(HouseholdModel, query);
      const fromDriver = await findPageByDriver<{ _id: unknown }>(HouseholdModel, query);

      for (const page of [fromSql, fromDriver]) {
        expect(page.total).to.equal(total);
        expect(page.totalCapped).to.equal(totalCapped);
        expect(page.docs).to.have.length(5);
      }
      expect(fromSql.docs.map((d) => String(d._id))).to.deep.equal(fromDriver.docs.map((d) => String(d._id)));
    });
  }

  it('a capped total with a filter: counts only the matches, exact below the cap', async () => {
    const query: PageQuery = {
      filter: { 'area.provinceCode': '01', 'head.fullNameFolded': { $regex: escapeRegExp('nguyen') } },
      sort: { createdAt: -1, _id: -1 },
      skip: 0,
      limit: 2,
      totalCap: 2,
    };

    const fromSql = await findPage<{ _id: unknown }>(HouseholdModel, query);
    const exact = await findPage<{ _id: unknown }>(HouseholdModel, { ...query, totalCap: 10 });
    const fromDriver = await findPageByDriver<{ _id: unknown }>(HouseholdModel, { ...query, totalCap: 10 });

    expect([fromSql.total, fromSql.totalCapped]).to.deep.equal([2, true]);
    expect([exact.total, exact.totalCapped]).to.deep.equal([3, false]);
    expect([fromDriver.total, fromDriver.totalCapped]).to.deep.equal([3, false]);
  });

  it('decodes each stored document exactly as the driver returns it (dates, ids, nested, arrays)', async () => {
    const fromSql = await findPage<Record<string, unknown>>(HouseholdModel, {
      filter: {},
      sort: { _id: 1 },
      skip: 0,
      limit: 100,
    });
    const fromDriver = await HouseholdModel.find({}).sort({ _id: 1 }).lean();

    expect(fromSql.docs).to.have.length(names.length + 1);
    expect(fromSql.docs).to.deep.equal(fromDriver);
  });

  it('only some fields: the same values as the driver’s projection, a missing field left out', async () => {
    await HouseholdModel.collection.updateMany({}, { $unset: { approvedAt: '' } });
    await HouseholdModel.updateOne({}, { $set: { approvedAt: new Date('2026-11-02T01:02:03Z') } });
    const query: PageQuery = {
      filter: {},
      sort: { _id: 1 },
      skip: 0,
      limit: 100,
      fields: ['approvedAt', 'area'],
    };

    const fromSql = await findPage<Record<string, unknown>>(HouseholdModel, query);
    const fromDriver = await findPageByDriver<Record<string, unknown>>(HouseholdModel, query);

    expect(fromSql.docs).to.deep.equal(fromDriver.docs);
    expect(fromSql.docs.filter((d) => 'approvedAt' in d)).to.have.length(1);
    expect(Object.keys(fromSql.docs[0]).sort()).to.include.members(['_id', 'area']);
  });

  it('many documents by id: the same documents as the driver, unknown ids left out', async () => {
    const all = await HouseholdModel.find({}).sort({ _id: 1 }).lean();
    const ids = [all[0]?._id, all[2]?._id, '0123456789abcdef01234567', String(all[4]?._id)];

    const found = await findByIds<{ _id: unknown }>(HouseholdModel, ids);

    const sorted = [...found].sort((a, b) => String(a._id).localeCompare(String(b._id)));
    expect(sorted).to.deep.equal([all[0], all[2], all[4]]);
  });

  it('many documents by a nested unique key (national ID): the same documents as the driver', async () => {
    const all = await HouseholdModel.find({}).sort({ _id: 1 }).lean();
    const wanted = [all[1], all[3]].map((d) => d?.head.nationalId);

    const found = await findByKey<{ head: { nationalId: string } }>(HouseholdModel, 'head.nationalId', [
      ...wanted,
      '000000000000',
    ]);

    expect(found.map((d) => d.head.nationalId).sort()).to.deep.equal([...wanted].sort());
    expect(found.find((d) => d.head.nationalId === wanted[0])).to.deep.equal(all[1]);
  });

  it('a date range: the same matches as the driver, at the millisecond', async () => {
    const all = await HouseholdModel.find().sort({ createdAt: 1, _id: 1 }).lean();
    const from = all[2]?.createdAt as Date;
    const to = all[5]?.createdAt as Date;

    for (const at of [{ $gte: from }, { $gt: from, $lte: to }, { $lt: from }]) {
      const query: PageQuery = {
        filter: { createdAt: at },
        sort: { createdAt: 1, _id: 1 },
        skip: 0,
        limit: 50,
      };
      const fromSql = await findPage<{ _id: unknown }>(HouseholdModel, query);
      const fromDriver = await findPageByDriver<{ _id: unknown }>(HouseholdModel, query);

      expect(fromSql.total, JSON.stringify(at)).to.equal(fromDriver.total);
      expect(fromSql.docs.map((d) => String(d._id))).to.deep.equal(fromDriver.docs.map((d) => String(d._id)));
    }
    expect(
      (
        await findPage(HouseholdModel, {
          filter: { createdAt: { $gte: from } },
          sort: {},
          skip: 0,
          limit: 50,
        })
      ).total,
    ).to.be.greaterThan(0);
  });

  it('a keyset page (after a time and an id, ids compared as MongoDB orders them): the same matches as the driver', async () => {
    const all = await HouseholdModel.find().sort({ _id: 1 }).lean();
    const middle = all[3]?._id as mongoose.Types.ObjectId;
    const at = all[3]?.createdAt as Date;
    for (const filter of [
      { _id: { $lt: middle } },
      { _id: { $gte: middle } },
      { $or: [{ createdAt: { $lt: at } }, { createdAt: { $gte: at, $lte: at }, _id: { $lt: middle } }] },
    ]) {
      const query: PageQuery = { filter, sort: { createdAt: -1, _id: -1 }, skip: 0, limit: 50 };
      const fromSql = await findPage<{ _id: unknown }>(HouseholdModel, query);
      const fromDriver = await findPageByDriver<{ _id: unknown }>(HouseholdModel, query);

      expect(fromSql.total, JSON.stringify(filter)).to.be.greaterThan(0);
      expect(fromSql.total, JSON.stringify(filter)).to.equal(fromDriver.total);
      expect(fromSql.docs.map((d) => String(d._id))).to.deep.equal(fromDriver.docs.map((d) => String(d._id)));
    }
    if (embeddedTestServer()?.postgres)
      expect(
        toSql(HouseholdModel, { filter: { _id: { $lt: middle } }, sort: {}, skip: 0, limit: 1 })?.where,
      ).to.equal("((_jsonb -> '_id') < $1::jsonb)");
  });

  it('a field null or missing ({field: null}): the same matches as the driver, a set one left out', async () => {
    const [set, unset] = await HouseholdModel.find().sort({ _id: 1 }).limit(2).lean();
    await HouseholdModel.collection.updateOne({ _id: set?._id }, { $set: { batchId: 'b1' } });
    await HouseholdModel.collection.updateOne({ _id: unset?._id }, { $unset: { batchId: '' } });
    const query: PageQuery = { filter: { batchId: null }, sort: { _id: 1 }, skip: 0, limit: 50 };

    const fromSql = await findPage<{ _id: unknown }>(HouseholdModel, query);
    const fromDriver = await findPageByDriver<{ _id: unknown }>(HouseholdModel, query);

    expect(fromSql.total).to.equal(names.length);
    expect(fromSql.docs.map((d) => String(d._id))).to.deep.equal(fromDriver.docs.map((d) => String(d._id)));
    expect(fromSql.docs.map((d) => String(d._id))).to.include(String(unset?._id));
    expect(fromSql.docs.map((d) => String(d._id))).not.to.include(String(set?._id));
  });

  it('reads from PostgreSQL on the embedded default, and takes the driver for what it does not translate', function () {
    if (!embeddedTestServer()?.postgres) this.skip();
    const base = { sort: { createdAt: -1 as const }, skip: 0, limit: 1 };
    expect(toSql(HouseholdModel, { ...base, filter: { 'area.communeCode': '00001' } })?.where).to.equal(
      "((_jsonb -> 'area') -> 'communeCode') = $1::jsonb",
    );
    expect(toSql(HouseholdModel, { ...base, filter: { status: { $in: ['approved'] } } })?.where).to.equal(
      "(_jsonb -> 'status') = ANY($1::jsonb[])",
    );
    expect(toSql(HouseholdModel, { ...base, filter: { batchId: null } })?.where).to.equal(
      "((_jsonb -> 'batchId') IS NULL OR (_jsonb -> 'batchId') = 'null'::jsonb)",
    );
    expect(toSql(HouseholdModel, { ...base, filter: { createdAt: { $gte: new Date(5) } } })?.where).to.equal(
      "(jsonb_typeof((_jsonb -> 'createdAt')) = 'number' AND (_jsonb -> 'createdAt') >= $1::jsonb)",
    );
    // A range of another type than the field's is left to the driver (Mongoose casts it there).
    expect(toSql(HouseholdModel, { ...base, filter: { createdAt: { $gte: '2026-01-01' } } })).to.equal(
      undefined,
    );
    expect(toSql(HouseholdModel, { ...base, filter: { status: { $ne: 'approved' } } })).to.equal(undefined);
  });

  it('with an operator it does not translate, still answers right (through the driver)', async () => {
    const page = await findPage<{ status: string }>(HouseholdModel, {
      filter: { status: { $nin: ['rejected', 'withdrawn'] } },
      sort: { createdAt: -1 },
      skip: 0,
      limit: 100,
    });
    expect(page.total).to.equal(names.length + 1);
  });
});
