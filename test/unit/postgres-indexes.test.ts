import { expect } from 'chai';
import { ferretExpression, ginFieldsOfModels } from '../../src/database/postgres-indexes';
import '../../src/households/model';

describe('GIN indexes for FerretDB on PostgreSQL', () => {
  it('a top-level field is compared as FerretDB writes it: _jsonb -> field', () => {
    expect(ferretExpression('_id')).to.equal("(_jsonb -> '_id')");
  });

  it('a dotted field is compared as a path: _jsonb #> {a,b}', () => {
    expect(ferretExpression('area.communeCode')).to.equal("(_jsonb #> '{area,communeCode}')");
  });

  it('a field name that could break the SQL is refused', () => {
    expect(() => ferretExpression("x'); DROP TABLE t; --")).to.throw(/unexpected field name/);
  });

  it('households get _id and the leading field of each declared index, dates left out', () => {
    const fields = ginFieldsOfModels().get('households');

    expect([...(fields ?? [])]).to.include.members(['_id', 'head.nationalId', 'area.communeCode', 'phone']);
    expect([...(fields ?? [])]).not.to.include('createdAt');
  });
});
