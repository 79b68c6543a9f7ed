import { expect } from 'chai';
import { areasFromRows, countByLevel, typeFromName, type AreaListRow } from '../../../src/areas/area-list';

function row(
  p: string,
  pName: string,
  d: string,
  dName: string,
  c: string,
  cName: string,
  cType = '',
): AreaListRow {
  return {
    province_code: p,
    province_name: pName,
    district_code: d,
    district_name: dName,
    commune_code: c,
    commune_name: cName,
    commune_type: cType,
  };
}

const threeLevel: AreaListRow[] = [
  row('25', 'Tỉnh Phú Thọ', '227', 'Thành phố Việt Trì', '07888', 'Phường Dữu Lâu', 'Phường'),
  row('25', 'Tỉnh Phú Thọ', '227', 'Thành phố Việt Trì', '07891', 'Phường Vân Cơ', 'Phường'),
  row('25', 'Tỉnh Phú Thọ', '228', 'Thị xã Phú Thọ', '07942', 'Phường Hùng Vương', 'Phường'),
];

describe('areasFromRows', () => {
  it('when rows are three-level, then each province, district and commune appears once with its path', () => {
    const { areas, problems } = areasFromRows(threeLevel);

    expect(problems).to.deep.equal([]);
    expect(areas.map((a) => a.code)).to.deep.equal(['25', '227', '07888', '07891', '228', '07942']);
    expect(areas.find((a) => a.code === '25')).to.deep.equal({
      code: '25',
      name: 'Tỉnh Phú Thọ',
      level: 'province',
      type: 'Tỉnh',
      parentCode: null,
      provinceCode: '25',
      districtCode: null,
      communeCode: null,
    });
    expect(areas.find((a) => a.code === '227')).to.deep.equal({
      code: '227',
      name: 'Thành phố Việt Trì',
      level: 'district',
      type: 'Thành phố',
      parentCode: '25',
      provinceCode: '25',
      districtCode: '227',
      communeCode: null,
    });
    expect(areas.find((a) => a.code === '07942')).to.deep.equal({
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

  it('when rows are two-level (no district), then communes hang under the province with no district code', () => {
    const rows = [
      row('01', 'Thành phố Hà Nội', '', '', '00004', 'Phường Ba Đình', 'Phường'),
      row('01', 'Thành phố Hà Nội', '', '', '00008', 'Phường Ngọc Hà', 'Phường'),
      row('91', 'Tỉnh An Giang', '', '', '31153', 'Đặc khu Phú Quốc', 'Đặc khu'),
    ];

    const { areas, problems } = areasFromRows(rows);

    expect(problems).to.deep.equal([]);
    expect(countByLevel(areas)).to.deep.equal({ province: 2, district: 0, commune: 3 });
    expect(areas.find((a) => a.code === '01')?.type).to.equal('Thành phố');
    expect(areas.find((a) => a.code === '00008')).to.deep.equal({
      code: '00008',
      name: 'Phường Ngọc Hà',
      level: 'commune',
      type: 'Phường',
      parentCode: '01',
      provinceCode: '01',
      districtCode: null,
      communeCode: '00008',
    });
    expect(areas.find((a) => a.code === '31153')?.type).to.equal('Đặc khu');
  });

  it('when a district row has no commune (an island district), then only the district is added', () => {
    const rows = [row('31', 'Thành phố Hải Phòng', '318', 'Huyện Bạch Long Vĩ', '', '')];

    const { areas, problems } = areasFromRows(rows);

    expect(problems).to.deep.equal([]);
    expect(areas.map((a) => [a.code, a.level, a.type])).to.deep.equal([
      ['31', 'province', 'Thành phố'],
      ['318', 'district', 'Huyện'],
    ]);
  });

  const badCodes: { name: string; rows: AreaListRow[]; problem: { row: number; field: string } }[] = [
    {
      name: 'a three-digit province code',
      rows: [row('101', 'Thành phố Hà Nội', '001', 'Quận Ba Đình', '00001', 'Phường Phúc Xá', 'Phường')],
      problem: { row: 2, field: 'province_code' },
    },
    {
      name: 'a province code with letters',
      rows: [threeLevel[0], row('2a', 'Tỉnh Phú Thọ', '227', 'Thành phố Việt Trì', '07888', 'Phường X')],
      problem: { row: 3, field: 'province_code' },
    },
    {
      name: 'a four-digit district code',
      rows: [threeLevel[0], threeLevel[1], row('25', 'Tỉnh Phú Thọ', '2270', 'Thành phố Việt Trì', '', '')],
      problem: { row: 4, field: 'district_code' },
    },
    {
      name: 'a six-digit commune code',
      rows: [row('25', 'Tỉnh Phú Thọ', '227', 'Thành phố Việt Trì', '078881', 'Phường Dữu Lâu', 'Phường')],
      problem: { row: 2, field: 'commune_code' },
    },
    {
      name: 'a commune code with a letter',
      rows: [row('25', 'Tỉnh Phú Thọ', '227', 'Thành phố Việt Trì', '0788O', 'Phường Dữu Lâu', 'Phường')],
      problem: { row: 2, field: 'commune_code' },
    },
    {
      name: 'an empty province code',
      rows: [row('', '', '', '', '00004', 'Phường Ba Đình', 'Phường')],
      problem: { row: 2, field: 'province_code' },
    },
  ];
  for (const t of badCodes) {
    it(`when a row has ${t.name}, then the problem names row ${t.problem.row} and ${t.problem.field}`, () => {
      const { problems } = areasFromRows(t.rows);

      expect(problems).to.have.length(1);
      expect(problems[0]).to.include(t.problem);
      expect(problems[0].reason.vi).to.match(/^(Mã|Thiếu mã) (tỉnh|huyện|xã)/);
    });
  }

  it('when codes lost their leading zeros (a spreadsheet number), then they are padded back', () => {
    const rows = [row('1', 'Thành phố Hà Nội', '1', 'Quận Ba Đình', '4', 'Phường Trúc Bạch', 'Phường')];

    const { areas, problems } = areasFromRows(rows);

    expect(problems).to.deep.equal([]);
    expect(areas.map((a) => a.code)).to.deep.equal(['01', '001', '00004']);
    expect(areas[2]).to.include({ parentCode: '001', provinceCode: '01', districtCode: '001' });
  });

  it('when rows carry their file row numbers, then problems name those rows', () => {
    const rows = [
      { ...threeLevel[0], row: 7 },
      { ...row('25', 'Tỉnh Phú Thọ', '227', 'Thành phố Việt Trì', '078881', 'Phường X'), row: 9 },
    ];

    const { problems } = areasFromRows(rows);

    expect(problems.map((p) => p.row)).to.deep.equal([9]);
    expect(problems[0].reason).to.deep.equal({
      vi: 'Mã xã "078881" phải gồm 5 chữ số',
      en: 'The commune code "078881" must be 5 digits',
    });
  });

  it('when a bad row is skipped, then the other rows are still read', () => {
    const rows = [
      threeLevel[0],
      row('25', 'Tỉnh Phú Thọ', '227', 'Thành phố Việt Trì', '1234567', 'Phường X'),
    ];

    const { areas, problems } = areasFromRows(rows);

    expect(problems.map((p) => p.row)).to.deep.equal([3]);
    expect(areas.map((a) => a.code)).to.deep.equal(['25', '227', '07888']);
  });

  it('when the same code appears again with the same data, then it is not a problem', () => {
    const { areas, problems } = areasFromRows([threeLevel[0], threeLevel[0]]);

    expect(problems).to.deep.equal([]);
    expect(areas).to.have.length(3);
  });

  const duplicates: { name: string; second: AreaListRow; field: string }[] = [
    {
      name: 'a commune code under another name',
      second: row('25', 'Tỉnh Phú Thọ', '227', 'Thành phố Việt Trì', '07888', 'Phường Khác', 'Phường'),
      field: 'commune_code',
    },
    {
      name: 'a commune code under another district',
      second: row('25', 'Tỉnh Phú Thọ', '228', 'Thị xã Phú Thọ', '07888', 'Phường Dữu Lâu', 'Phường'),
      field: 'commune_code',
    },
    {
      name: 'a district code under another name',
      second: row('25', 'Tỉnh Phú Thọ', '227', 'Huyện Việt Trì', '07891', 'Phường Vân Cơ', 'Phường'),
      field: 'district_code',
    },
    {
      name: 'a province code under another name',
      second: row('25', 'Tỉnh Phú Thọ Mới', '227', 'Thành phố Việt Trì', '07891', 'Phường Vân Cơ', 'Phường'),
      field: 'province_code',
    },
  ];
  for (const t of duplicates) {
    it(`when ${t.name} appears, then row 3 is reported on ${t.field} and the first version is kept`, () => {
      const { areas, problems } = areasFromRows([threeLevel[0], t.second]);

      expect(problems).to.have.length(1);
      expect(problems[0]).to.include({ row: 3, field: t.field });
      expect(problems[0].reason.en).to.match(/different data/);
      expect(problems[0].reason.vi).to.contain('mỗi mã chỉ một đơn vị');
      expect(areas.find((a) => a.code === '07888')?.name).to.equal('Phường Dữu Lâu');
    });
  }

  it('when a name has no known unit prefix and no type is given, then the row is reported on that name', () => {
    const rows = [row('25', 'Tỉnh Phú Thọ', '227', 'Việt Trì', '07888', 'Phường Dữu Lâu', 'Phường')];

    const { areas, problems } = areasFromRows(rows);

    expect(problems).to.have.length(1);
    expect(problems[0]).to.include({ row: 2, field: 'district_name' });
    expect(areas.map((a) => a.code)).to.deep.equal(['25', '07888']);
  });

  it('when the commune type column is empty, then the type comes from the name prefix', () => {
    const rows = [row('25', 'Tỉnh Phú Thọ', '', '', '08000', 'Xã Thanh Thuỷ', '')];

    const { areas } = areasFromRows(rows);

    expect(areas.find((a) => a.code === '08000')?.type).to.equal('Xã');
  });

  it('when a name is in NFD with extra spaces, then it is stored in NFC with single spaces', () => {
    const rows = [row(' 25 ', '  Tỉnh   Phú Thọ '.normalize('NFD'), '', '', '', '')];

    const { areas } = areasFromRows(rows);

    expect(areas[0].code).to.equal('25');
    expect(areas[0].name).to.equal('Tỉnh Phú Thọ'.normalize('NFC'));
    expect(areas[0].type).to.equal('Tỉnh');
  });
});

describe('typeFromName', () => {
  const cases: [string, string | undefined][] = [
    ['Tỉnh Phú Thọ', 'Tỉnh'],
    ['Thành phố Hà Nội', 'Thành phố'],
    ['Thành phố Việt Trì', 'Thành phố'],
    ['Thị xã Phú Thọ', 'Thị xã'],
    ['Thị trấn Hùng Sơn', 'Thị trấn'],
    ['Đặc khu Phú Quốc', 'Đặc khu'],
    ['Quận Ba Đình', 'Quận'],
    ['Huyện Hạ Hoà', 'Huyện'],
    ['Phường Phúc Xá', 'Phường'],
    ['Xã Tân Hòa', 'Xã'],
    ['Thànhphố Hà Nội', undefined],
    ['Xãhội', undefined],
    ['Hà Nội', undefined],
    ['', undefined],
  ];
  for (const [name, type] of cases) {
    it(`when the name is "${name}", then the type is ${String(type)}`, () => {
      const result = typeFromName(name);

      expect(result).to.equal(type);
    });
  }
});

describe('countByLevel', () => {
  it('when no areas are given, then every level counts 0', () => {
    const counts = countByLevel([]);

    expect(counts).to.deep.equal({ province: 0, district: 0, commune: 0 });
  });
});
