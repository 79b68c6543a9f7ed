import { expect } from 'chai';
import { escapeRegExp, foldVietnamese, toNfc } from '../../src/vietnamese';

describe('foldVietnamese', () => {
  const cases: [string, string, string][] = [
    ['a province name', 'Tỉnh Phú Thọ', 'tinh phu tho'],
    ['a name with đ and a horn', 'Đắk Lắk', 'dak lak'],
    ['a lower-case đ', 'Phường Đống Đa, đường Láng', 'phuong dong da, duong lang'],
    ['ơ and ư', 'Xã Mường Thơ', 'xa muong tho'],
    ['NFD input', 'Tỉnh Phú Thọ'.normalize('NFD'), 'tinh phu tho'],
    ['the old tone placement', 'Huyện Hạ Hoà', 'huyen ha hoa'],
    ['the new tone placement', 'Huyện Hạ Hòa', 'huyen ha hoa'],
    ['uỷ / ủy', 'Thanh Thuỷ', 'thanh thuy'],
    ['extra and odd whitespace', '  Thành \t phố\u00a0 Hà   Nội ', 'thanh pho ha noi'],
    ['text without marks', 'phu tho', 'phu tho'],
    ['an empty string', '', ''],
  ];
  for (const [name, input, folded] of cases) {
    it(`when given ${name} ("${input}"), then it folds to "${folded}"`, () => {
      const result = foldVietnamese(input);

      expect(result).to.equal(folded);
    });
  }

  it('when "Hoà" and "Hòa" (either tone placement, NFC or NFD) are folded, then they are equal', () => {
    const forms = ['Hoà', 'Hòa', 'Hoà'.normalize('NFD'), 'Hòa'.normalize('NFD'), 'HOÀ'];

    const folded = forms.map(foldVietnamese);

    expect(new Set(folded)).to.deep.equal(new Set(['hoa']));
  });
});

describe('toNfc', () => {
  const cases: [string, string, string][] = [
    ['NFD text', 'Tỉnh Phú Thọ'.normalize('NFD'), 'Tỉnh Phú Thọ'.normalize('NFC')],
    ['runs of whitespace', '  Nguyễn   Văn\tAn  ', 'Nguyễn Văn An'],
    ['NFC text', 'Đắk Lắk', 'Đắk Lắk'],
  ];
  for (const [name, input, expected] of cases) {
    it(`when given ${name}, then it answers "${expected}" in NFC`, () => {
      const result = toNfc(input);

      expect(result).to.equal(expected);
      expect(result).to.equal(result.normalize('NFC'));
    });
  }

  it('when the text keeps its tone marks, then they are not removed or moved', () => {
    const result = toNfc('Hoà');

    expect(result).to.equal('Hoà');
    expect(result).not.to.equal('Hòa');
  });
});

describe('escapeRegExp', () => {
  const cases: string[] = ['a.b', 'x*', '(phu)', '[tho]', 'a+b?', '^$', 'a|b', '{2}', 'c:\\dir'];
  for (const input of cases) {
    it(`when "${input}" is escaped, then the pattern matches the text literally`, () => {
      const re = new RegExp(escapeRegExp(input));

      expect(re.test(input)).to.equal(true);
      expect(new RegExp(`^${escapeRegExp(input)}$`).test(input)).to.equal(true);
    });
  }

  it('when "." is escaped, then it no longer matches any character', () => {
    const re = new RegExp(escapeRegExp('a.b'));

    expect(re.test('axb')).to.equal(false);
  });
});
