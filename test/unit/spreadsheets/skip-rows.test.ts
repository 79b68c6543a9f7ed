import { expect } from 'chai';
import { type Cell } from '../../../src/spreadsheets/cells';
import { skipKindOf, type SkipKind } from '../../../src/spreadsheets/skip-rows';
import { birthYearOf } from '../../../src/households/birth-year';

describe('skipKindOf', () => {
  const before = { hasNationalId: false, afterFooter: false };
  const after = { hasNationalId: false, afterFooter: true };
  const cases: [string, Cell[], typeof before, SkipKind | null][] = [
    ['a totals line', ['Tổng cộng: 25 hộ'], before, 'totals'],
    ['a totals line in capitals with counts', [null, 'TỔNG CỘNG', null, 25, 12], before, 'totals'],
    ['"Cộng:" with a count', ['Cộng: 25'], before, 'totals'],
    ['"Tổng số" hộ', ['Tổng số hộ: 30'], before, 'totals'],
    ['a village named Cộng Hoà (a household row without an ID)', [1, 'Cộng Hoà', 'Lê Văn A'], before, null],
    ['the place and date', [null, null, 'Xã Đồng Sơn, ngày 12 tháng 3 năm 2024'], before, 'date_line'],
    ['an unfilled date line', ['……, ngày … tháng … năm …'], before, 'date_line'],
    ['a date line with dots', ['ngày ..../..../2024'], before, 'date_line'],
    ['TM. UBND XÃ', [null, 'Người lập biểu', null, 'TM. UBND XÃ'], before, 'signature'],
    ['T/M Uỷ ban nhân dân', ['T/M ỦY BAN NHÂN DÂN XÃ'], before, 'signature'],
    ['CHỦ TỊCH alone', [null, null, 'CHỦ TỊCH'], before, 'signature'],
    ['PHÓ CHỦ TỊCH', ['KT. CHỦ TỊCH'], before, 'signature'],
    ['Người lập biểu alone', ['Người lập biểu'], before, 'signature'],
    ['Trưởng thôn', ['Trưởng thôn'], before, 'signature'],
    ['Xác nhận của UBND xã', ['Xác nhận của UBND xã'], before, 'signature'],
    ['(Ký, ghi rõ họ tên)', ['(Ký, ghi rõ họ tên)'], before, 'signature'],
    ['(Ký tên, đóng dấu)', ['(Ký tên, đóng dấu)'], before, 'signature'],
    ['column numbers (1) (2) (3)', ['(1)', '(2)', '(3)', '(4)'], before, 'column_numbers'],
    ['column numbers 1 2 3 as numbers', [1, 2, 3, 4, 5], before, 'column_numbers'],
    ['column letters (a) (b) (c)', ['(a)', '(b)', '(c)'], before, 'column_numbers'],
    ['numbers that are no sequence (a data row)', [1, 2024, 4], before, null],
    [
      'a signer’s name below the signatures',
      [null, 'Nguyễn Văn Lập', null, 'Trần Văn Chủ'],
      after,
      'after_footer',
    ],
    ['a signer’s name before any footer (a row to reject)', [null, 'Nguyễn Văn Lập'], before, null],
    [
      'a household row',
      [1, 'Thôn Đồng Sơn', 'Lò Thị Mai', '025185000041'],
      { ...before, hasNationalId: true },
      null,
    ],
    [
      'a household row below the footer',
      [5, 'Thôn A', 'Lò Văn B', '025185000050'],
      { ...after, hasNationalId: true },
      null,
    ],
    [
      'a household whose notes say "Tổng cộng"',
      ['Tổng cộng', '025185000041'],
      { ...before, hasNationalId: true },
      null,
    ],
    ['a row of dots only', ['…', '.....'], before, null],
  ];
  for (const [name, cells, opts, expected] of cases) {
    it(`when the row is ${name}, then it answers ${expected ?? 'null'}`, () => {
      expect(skipKindOf(cells, opts)).to.equal(expected);
    });
  }
});

describe('birthYearOf', () => {
  const cases: [string, Cell, string, number | string][] = [
    ['a year as a number', 1968, '1968', 1968],
    ['a year as text', '1968', '1968', '1968'],
    ['dd/mm/yyyy', '12/03/1968', '12/03/1968', 1968],
    ['d/m/yyyy', '1/7/1955', '1/7/1955', 1955],
    ['dd-mm-yyyy', '12-03-1968', '12-03-1968', 1968],
    ['dd.mm.yyyy', '12.03.1968', '12.03.1968', 1968],
    ['mm/yyyy', '03/1968', '03/1968', 1968],
    ['yyyy-mm-dd', '1968-03-12', '1968-03-12', 1968],
    ['an Excel date cell', new Date(Date.UTC(1955, 6, 1)), '1955-07-01', 1955],
    ['an Excel date cell on 1 January', new Date(Date.UTC(1960, 0, 1)), '1960-01-01', 1960],
    ['a date cell read as its day number (12/03/1968)', 24909, '24909', 1968],
    ['a day that is no day (32/03/1968)', '32/03/1968', '32/03/1968', '32/03/1968'],
    ['a month that is no month (12/13/1968)', '12/13/1968', '12/13/1968', '12/13/1968'],
    ['words', 'không rõ', 'không rõ', 'không rõ'],
  ];
  for (const [name, cell, written, expected] of cases) {
    it(`when the cell is ${name}, then it answers ${JSON.stringify(expected)}`, () => {
      expect(birthYearOf(cell, written)).to.equal(expected);
    });
  }
});
