import { expect } from 'chai';
import request from 'supertest';
import { LIST_TOTAL_CAP } from '../../src/database/list-total';
import { testApp } from '../support/app';
import { useTestDb } from '../support/db';
import { givenAreas, givenHousehold, givenUser, type GivenUser } from '../support/factories';
import { surveyCsv } from '../support/survey';

// A list wider than one commune counts at most 1,000 matches and says "more than" (totalCapped); a
// commune's list is counted exactly (database/list-total.ts). 1,001 households are imported into
// one commune through the import route, as a clerk's survey list would be.

const API = '/api/v1/households';
interface ListPage {
  items: { id: string; area: { communeCode: string } }[];
  total: number;
  totalCapped: boolean;
  page: number;
  pageSize: number;
}

async function list(user: GivenUser, query: string): Promise<ListPage> {
  const res = await request(testApp).get(`${API}?${query}`).set(user.auth);
  expect(res.status, JSON.stringify(res.body).slice(0, 300)).to.equal(200);
  return res.body as ListPage;
}

describe('the total of a household list: exact within a commune, "more than 1,000" wider', function () {
  this.timeout(120_000);
  useTestDb();

  let official: GivenUser;
  let clerk: GivenUser;

  beforeEach(async () => {
    await givenAreas();
    official = await givenUser('official', '25');
    clerk = await givenUser('commune_staff', '07888');
    const res = await request(testApp)
      .post(`${API}/import?communeCode=07888`)
      .set(official.auth)
      .set('Content-Type', 'text/csv')
      .send(surveyCsv(LIST_TOTAL_CAP + 1));
    expect(res.status, JSON.stringify(res.body).slice(0, 300)).to.equal(200);
    expect(res.body.created).to.equal(LIST_TOTAL_CAP + 1);
    await givenHousehold('07891', { head: { fullName: 'Lê Thị Hoa' } });
  });

  it('when the province holds 1,002 households, then its list says more than 1,000 and the commune’s counts 1,001', async () => {
    const province = await list(official, 'areaCode=25&pageSize=20');
    const whole = await list(official, 'pageSize=20');
    const commune = await list(official, 'areaCode=07888&pageSize=20');
    const ownCommune = await list(clerk, 'pageSize=20');
    const queue = await list(official, 'areaCode=25&status=registered&eligible=true&pageSize=20');

    expect([province.total, province.totalCapped]).to.deep.equal([1000, true]);
    expect(province.items).to.have.length(20);
    expect([whole.total, whole.totalCapped]).to.deep.equal([1000, true]);
    expect([commune.total, commune.totalCapped]).to.deep.equal([1001, false]);
    expect([ownCommune.total, ownCommune.totalCapped]).to.deep.equal([1001, false]);
    expect([queue.total, queue.totalCapped]).to.deep.equal([1000, true]);
  });

  it('when a province-wide search or filter matches fewer than 1,000, then its total is exact', async () => {
    const search = await list(official, `areaCode=25&q=${encodeURIComponent('ho so 100')}`);
    const other = await list(official, 'areaCode=25&village=Thôn 1');
    const oneHousehold = await list(official, `areaCode=25&q=${encodeURIComponent('Lê Thị Hoa')}`);

    // Hộ Số 100, 1000 and 1001.
    expect([search.total, search.totalCapped]).to.deep.equal([3, false]);
    expect(search.items).to.have.length(3);
    expect([other.total, other.totalCapped]).to.deep.equal([111, false]);
    expect([oneHousehold.total, oneHousehold.totalCapped, oneHousehold.items.length]).to.deep.equal([
      1,
      false,
      1,
    ]);
  });

  it('when the official pages past the first 1,000, then the pages still come, in order, without overlap', async () => {
    const last = await list(official, 'areaCode=25&pageSize=100&page=11&sort=createdAt');
    const before = await list(official, 'areaCode=25&pageSize=100&page=10&sort=createdAt');

    expect([last.total, last.totalCapped]).to.deep.equal([1000, true]);
    expect(last.items).to.have.length(2);
    expect(last.items[1]?.area.communeCode).to.equal('07891');
    expect(before.items.map((i) => i.id)).to.not.include.members(last.items.map((i) => i.id));
  });
});
