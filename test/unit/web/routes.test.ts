import { expect } from 'chai';
import {
  householdEditPath,
  householdPath,
  pageOf,
  pathOf,
  queryOf,
  searchOf,
  type Page,
} from '../../../web/src/shared/routes';

const ID = '0123456789abcdef01234567';

describe('web routes', () => {
  const table: [string, Page][] = [
    ['/', { name: 'households' }],
    ['/households', { name: 'households' }],
    ['/households/', { name: 'households' }],
    ['/households/new', { name: 'register' }],
    [`/households/${ID}`, { name: 'household', id: ID }],
    [`/households/${ID}/edit`, { name: 'edit', id: ID }],
    ['/import', { name: 'import' }],
    ['/users', { name: 'users' }],
    ['/password', { name: 'password' }],
    ['/households/not-an-id', { name: 'notFound' }],
    ['/api/v1/households', { name: 'notFound' }],
  ];
  for (const [path, page] of table) {
    it(`when the path is ${path}, then the page is ${page.name}`, () => {
      expect(pageOf(path)).to.deep.equal(page);
    });
  }

  it('when a page is turned into a path and back, then it is the same page', () => {
    for (const [, page] of table.filter(([, p]) => p.name !== 'notFound'))
      expect(pageOf(pathOf(page))).to.deep.equal(page);
  });

  it('when a link to a household or its edit form is written, then it opens that page', () => {
    expect(pageOf(householdPath(ID))).to.deep.equal({ name: 'household', id: ID });
    expect(pageOf(householdEditPath(ID))).to.deep.equal({ name: 'edit', id: ID });
  });

  it('when filters are written to the query string, then empty ones are left out and they read back', () => {
    const search = searchOf({
      q: 'nguyễn thị',
      village: '',
      status: 'approved',
      page: 2,
      eligible: undefined,
    });

    expect(search).to.equal('?q=nguy%E1%BB%85n+th%E1%BB%8B&status=approved&page=2');
    expect(queryOf(search)).to.deep.equal({ q: 'nguyễn thị', status: 'approved', page: '2' });
    expect(searchOf({})).to.equal('');
  });
});
