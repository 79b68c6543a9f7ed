import { expect } from 'chai';
import { differingFields, type ComparedHousehold } from '../../../src/households/duplicate-differences';

const base: ComparedHousehold = {
  area: { communeCode: '07888' },
  village: 'Thôn Đồng Sơn',
  address: null,
  head: { fullName: 'Nguyễn Thị Hoà', nationalId: '025123456789', birthYear: 1968, gender: 'female' },
  phone: '0912345678',
  povertyStatus: 'poor',
  povertyCertificateNo: null,
  povertyListYear: 2024,
  memberCount: 4,
  hasTv: true,
  hasPaidTv: false,
  hasDigitalTv: false,
  receiverType: 'dvb-t2',
  notes: null,
};

const fieldsOf = (b: ComparedHousehold) => differingFields(base, b).map((d) => d.field);

describe('differingFields (duplicates side by side)', () => {
  const cases: [string, ComparedHousehold, string[]][] = [
    ['the same record', { ...base }, []],
    [
      'only the national ID differs',
      { ...base, head: { ...base.head, nationalId: '025987654321' } },
      ['head.nationalId'],
    ],
    [
      'birth year and member count differ',
      { ...base, head: { ...base.head, birthYear: 1970 }, memberCount: 5 },
      ['head.birthYear', 'memberCount'],
    ],
    [
      'the name differs only in case, spacing and Unicode form',
      { ...base, head: { ...base.head, fullName: '  nguyễn  thị hoà '.normalize('NFD') } },
      [],
    ],
    ['an empty address against none', { ...base, address: '' }, []],
    ['a phone against none', { ...base, phone: null }, ['phone']],
    ['a flag differs', { ...base, hasPaidTv: true }, ['hasPaidTv']],
    [
      'another commune and village',
      { ...base, area: { communeCode: '07891' }, village: 'Thôn Hạ' },
      ['area.communeCode', 'village'],
    ],
  ];
  for (const [scenario, other, expected] of cases) {
    it(`when ${scenario}, then the differences are [${expected.join(', ')}]`, () => {
      expect(fieldsOf(other)).to.deep.equal(expected);
    });
  }

  it('when a field differs, then it is named in Vietnamese and English', () => {
    expect(differingFields(base, { ...base, hasTv: false })).to.deep.equal([
      { field: 'hasTv', vi: 'Có tivi', en: 'Has a TV' },
    ]);
  });
});
