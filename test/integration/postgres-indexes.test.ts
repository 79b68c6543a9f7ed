import { expect } from 'chai';
import mongoose from 'mongoose';
import pg from 'pg';
import '../support/app'; // registers every model, as the service does
import { addGinIndexes, JSONB_FIELD_COST } from '../../src/database/postgres-indexes';
import { logger } from '../../src/logger';
import { findPage, tableOf } from '../../src/database/postgres-reads';
import { rewriteCompressedRows, storeUncompressed } from '../../src/database/postgres-storage';
import { HouseholdModel } from '../../src/households/model';
import { givenAreas, givenHousehold } from '../support/factories';
import { embeddedTestServer, useTestDb } from '../support/db';

describe('the embedded PostgreSQL under FerretDB', () => {
  useTestDb();

  it('after the indexes are synced, the households table has GIN indexes on _id and area.communeCode', async function () {
    const access = embeddedTestServer()?.postgres;
    if (!access) this.skip(); // MONGODB_URI given, or mongod: nothing to tune
    const client = new pg.Client({ host: '127.0.0.1', ...access, database: 'postgres' });
    await client.connect();

    try {
      const { rows } = await client.query<{ indexdef: string }>(
        `SELECT indexdef FROM pg_indexes WHERE schemaname = $1 AND indexdef LIKE '%USING gin%'`,
        [mongoose.connection.name],
      );
      const defs = rows.map((r) => r.indexdef);

      const onHouseholds = defs.filter((d) => / ON \w+\.households_\w+ USING gin /.test(d));

      expect(onHouseholds.some((d) => d.includes("(_jsonb -> '_id'::text)"))).to.equal(true);
      expect(onHouseholds.some((d) => d.includes("(_jsonb #> '{area,communeCode}'::text[])"))).to.equal(true);
      // The name a search matches by part has a trigram index (pg_trgm), which serves `~`.
      expect(
        onHouseholds.some((d) => d.includes("'{head,fullNameFolded}'") && d.includes('gin_trgm_ops')),
      ).to.equal(true);
    } finally {
      await client.end();
    }
  });

  it('each date a declared index holds has statistics on its type check, so a range on it is planned on its index', async function () {
    const access = embeddedTestServer()?.postgres;
    if (!access) this.skip();
    await addGinIndexes(access, mongoose.connection.name, logger);
    const client = new pg.Client({ host: '127.0.0.1', ...access, database: 'postgres' });
    await client.connect();
    try {
      const { rows } = await client.query<{ name: string; expr: string }>(
        `SELECT stxname AS name, pg_get_statisticsobjdef_expressions(oid)::text AS expr
           FROM pg_statistic_ext WHERE stxnamespace = $1::regnamespace`,
        [mongoose.connection.name],
      );
      const audit = await tableOf('audit');
      const onAudit = rows.filter((r) => r.name.startsWith(`${audit}_type_`)).map((r) => r.expr);
      expect(onAudit).to.deep.equal([`{"jsonb_typeof((_jsonb -> 'at'::text))"}`]);
    } finally {
      await client.end();
    }
  });

  it('the trigram index keeps no pending list (fastupdate off), also one an older version made with it', async function () {
    const access = embeddedTestServer()?.postgres;
    if (!access) this.skip();
    await givenAreas();
    await givenHousehold('00001', { head: { fullName: 'Nguyễn Văn Tìm' } });
    const client = new pg.Client({ host: '127.0.0.1', ...access, database: 'postgres' });
    await client.connect();
    const trigramOptions = async () => {
      const { rows } = await client.query<{ name: string; options: string[] | null }>(
        `SELECT c.relname AS name, c.reloptions AS options FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
          WHERE n.nspname = $1 AND c.relname LIKE 'households%trgm%'`,
        [mongoose.connection.name],
      );
      return rows;
    };

    try {
      const [made] = await trigramOptions();
      expect(made?.options).to.deep.equal(['fastupdate=off']);
      const index = `${pg.escapeIdentifier(mongoose.connection.name)}.${pg.escapeIdentifier(made?.name ?? '')}`;
      await client.query(`ALTER INDEX ${index} SET (fastupdate = on)`);
      await givenHousehold('00001', { head: { fullName: 'Trần Thị Chờ' } });

      await addGinIndexes(access, mongoose.connection.name, logger);

      expect((await trigramOptions())[0]?.options).to.deep.equal(['fastupdate=off']);
      const found = await findPage<{ head: { fullName: string } }>(HouseholdModel, {
        filter: { 'area.provinceCode': '01', 'head.fullNameFolded': { $regex: 'tran thi' } },
        sort: { createdAt: -1, _id: -1 },
        skip: 0,
        limit: 10,
      });
      expect(found.docs.map((d) => d.head.fullName)).to.deep.equal(['Trần Thị Chờ']);
    } finally {
      await client.end();
    }
  });

  it('the server plans every statement with its parameters as constants (so those indexes are usable)', async function () {
    const access = embeddedTestServer()?.postgres;
    if (!access) this.skip();
    const client = new pg.Client({ host: '127.0.0.1', ...access, database: 'postgres' });
    await client.connect();

    try {
      const { rows } = await client.query<{ plan_cache_mode: string }>('SHOW plan_cache_mode');

      expect(rows[0]?.plan_cache_mode).to.equal('force_custom_plan');
    } finally {
      await client.end();
    }
  });

  it('the planner knows that reading a field of a stored document costs (it decompresses the row)', async function () {
    const access = embeddedTestServer()?.postgres;
    if (!access) this.skip();
    const client = new pg.Client({ host: '127.0.0.1', ...access, database: 'postgres' });
    await client.connect();

    try {
      const { rows } = await client.query<{ proname: string; procost: number }>(
        `SELECT proname, procost FROM pg_proc WHERE proname IN ('jsonb_object_field', 'jsonb_extract_path') AND pronamespace = 'pg_catalog'::regnamespace`,
      );

      expect(rows.map((r) => [r.proname, Number(r.procost)]).sort()).to.deep.equal([
        ['jsonb_extract_path', JSONB_FIELD_COST],
        ['jsonb_object_field', JSONB_FIELD_COST],
      ]);
    } finally {
      await client.end();
    }
  });

  it('rows are stored uncompressed, and a row an older version compressed is rewritten so', async function () {
    const access = embeddedTestServer()?.postgres;
    if (!access) this.skip();
    await givenAreas();
    const h = await givenHousehold('00001', { notes: 'Nhà ở cuối thôn, gần trạm y tế. '.repeat(30) });
    const table = { schema: mongoose.connection.name, table: (await tableOf('households')) as string };
    const client = new pg.Client({ host: '127.0.0.1', ...access, database: 'postgres' });
    await client.connect();
    const name = `${pg.escapeIdentifier(table.schema)}.${pg.escapeIdentifier(table.table)}`;
    const compression = async () =>
      (
        await client.query<{ c: string | null }>(
          `SELECT pg_column_compression(_jsonb) AS c FROM ${name} WHERE _jsonb->'_id' = $1::jsonb`,
          [JSON.stringify(h.id)],
        )
      ).rows[0].c;
    try {
      expect(await compression()).to.equal(null);
      // As PostgreSQL's default stored it (compressed above 2 kB):
      await client.query(`ALTER TABLE ${name} SET (toast_tuple_target = 128)`);
      await client.query(`UPDATE ${name} SET _jsonb = _jsonb || '{}'::jsonb`);
      expect(await compression()).to.equal('pglz');
      await storeUncompressed(client, [table]);

      expect(await rewriteCompressedRows(client, table)).to.be.greaterThan(0);
      expect(await compression()).to.equal(null);
      const back = await HouseholdModel.findById(h.id).lean();
      expect(back?.notes).to.equal(h.notes);
      expect(back?.version).to.equal(h.version);
    } finally {
      await client.end();
    }
  });
});
