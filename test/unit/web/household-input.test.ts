import { expect } from 'chai';
import {
  changedFields,
  editOf,
  emptyForm,
  fieldOfPath,
  fieldsOf,
  phoneShown,
  problemsOf,
  staleDifferences,
  type HouseholdForm,
} from '../../../web/src/commune/household-input';

const filled = (over: Partial<HouseholdForm> = {}): HouseholdForm => ({
  ...emptyForm(2025),
  village: 'Thôn Đồng Sơn',
  headName: 'Nguyễn Thị Hoà',
  nationalId: '025185001234',
  ...over,
});

describe('web household form', () => {
  it('when the form is filled correctly, then it has no problem', () => {
    expect(problemsOf(filled(), 2026)).to.deep.equal({});
  });

  const problems: [string, Partial<HouseholdForm>, string, string, number?][] = [
    ['no village', { village: '  ' }, 'village', 'villageRequired'],
    ['a one-letter name', { headName: 'A' }, 'headName', 'headNameRequired'],
    ['an 8-digit ID', { nationalId: '02518500' }, 'nationalId', 'nationalIdBad', 8],
    ['an 11-digit ID', { nationalId: '02518500123' }, 'nationalId', 'nationalIdBad', 11],
    ['an ID with a space', { nationalId: '025 185 001 234' }, 'nationalId', 'nationalIdDigits'],
    ['a short phone', { phone: '0912 000' }, 'phone', 'phoneBad'],
    ['a phone too short', { phone: '091234' }, 'phone', 'phoneBad'],
    ['a birth year in the future', { birthYear: '2030' }, 'birthYear', 'birthYearBad'],
    ['a two-digit list year', { listYear: '24' }, 'listYear', 'listYearBad'],
    ['51 members', { members: '51' }, 'members', 'membersBad'],
    ['half a member', { members: '1.5' }, 'members', 'membersBad'],
  ];
  for (const [name, over, field, key, n] of problems) {
    it(`when the form has ${name}, then ${field} says ${key}`, () => {
      const found = problemsOf(filled(over), 2026);

      expect(Object.keys(found)).to.deep.equal([field]);
      expect(found[field as keyof HouseholdForm]).to.deep.equal(n === undefined ? { key } : { key, n });
    });
  }

  it('when a landline is typed (02x…), then it is accepted, as the server accepts it', () => {
    expect(problemsOf(filled({ phone: '0241234567' }), 2026)).to.deep.equal({});
  });

  it('when a 9-digit CMND is typed, then it is accepted', () => {
    expect(problemsOf(filled({ nationalId: '025185001' }), 2026)).to.deep.equal({});
  });

  it('when a phone is typed with +84, spaces or dots, then the stored form is shown', () => {
    expect(phoneShown('+84 912 345 678')).to.equal('0912345678');
    expect(phoneShown('0912.345.678')).to.equal('0912345678');
    expect(phoneShown('0912')).to.equal(null);
    expect(phoneShown('')).to.equal(null);
  });

  it('when the form becomes the API body, then blanks are null and numbers are numbers', () => {
    const body = fieldsOf(filled({ birthYear: '1968', members: '4', gender: 'female', address: ' ' }));

    expect(body.head).to.deep.equal({
      fullName: 'Nguyễn Thị Hoà',
      nationalId: '025185001234',
      birthYear: 1968,
      gender: 'female',
    });
    expect(body.memberCount).to.equal(4);
    expect(body.address).to.equal(null);
    expect(body.povertyListYear).to.equal(2025);
    expect(body).not.to.have.property('receiverType');
  });

  it('when only the village and the head birth year changed, then the edit sends those (the head whole) and the version', () => {
    const before = filled();
    const after = filled({ village: 'Thôn Hạ', birthYear: '1970' });

    expect(changedFields(before, after)).to.deep.equal(['village', 'birthYear']);
    expect(editOf(before, after, 3)).to.deep.equal({
      version: 3,
      village: 'Thôn Hạ',
      head: { fullName: 'Nguyễn Thị Hoà', nationalId: '025185001234', birthYear: 1970, gender: null },
    });
  });

  it('when the API names a field by its path, then the form field is found', () => {
    expect(fieldOfPath('head.nationalId')).to.equal('nationalId');
    expect(fieldOfPath('povertyCertificateNo')).to.equal('certificate');
    expect(fieldOfPath('communeCode')).to.equal(null);
  });

  it('when someone else changed the phone meanwhile, then the differences name it with both values', () => {
    const base = filled();
    const mine = filled({ village: 'Thôn Hạ' });
    const current = filled({ phone: '0987654321' });

    expect(staleDifferences(base, mine, current)).to.deep.equal([
      { field: 'phone', mine: '', theirs: '0987654321' },
    ]);
  });
});
