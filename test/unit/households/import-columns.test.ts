import { expect } from 'chai';
import { IMPORT_COLUMNS, importTemplate, type ImportField } from '../../../src/households/import-columns';
import { fieldOfHeader, resolveHeader, type ImportHeader } from '../../../src/households/import-header';
import { fieldOfPath, mapImportRow, reasonForColumn } from '../../../src/households/import-row';
import { cellText, isBlankRow, type Cell } from '../../../src/spreadsheets/cells';
import { delimiterOf } from '../../../src/spreadsheets/read';

/** A header whose columns are exactly the given fields, in order (English names). */
function headerOf(...fields: ImportField[]): ImportHeader {
  const header = resolveHeader(['village', 'head_name', 'national_id', ...fields]);
  if (!header) throw new Error('not a header');
  return header;
}

const FULL = headerOf(
  'birth_year',
  'gender',
  'phone',
  'poverty_status',
  'certificate_no',
  'list_year',
  'member_count',
  'has_tv',
  'has_paid_tv',
  'has_digital_tv',
  'receiver_type',
  'address',
  'notes',
);

/** A row of FULL with sensible values, `over` replacing some of them by field. */
function rowOf(over: Partial<Record<ImportField, Cell>> = {}): Cell[] {
  const base: Record<ImportField, Cell> = {
    village: 'Thôn Đồng Sơn',
    head_name: 'Nguyễn Thị Hoà',
    national_id: '025185001234',
    birth_year: '1968',
    gender: 'Nữ',
    phone: '0912345678',
    poverty_status: 'Nghèo',
    certificate_no: 'GCN-1',
    list_year: '2024',
    member_count: '4',
    has_tv: 'Có',
    has_paid_tv: 'Không',
    has_digital_tv: 'Không',
    receiver_type: 'DVB-T2',
    address: 'Xóm 2',
    notes: '',
  };
  const values = { ...base, ...over };
  return FULL.names.map((name) => values[fieldOfHeader(name) as ImportField]);
}

describe('import columns', () => {
  describe('fieldOfHeader', () => {
    const cases: [string, ImportField][] = [
      ['Thôn/Ấp', 'village'],
      ['thon/ap', 'village'],
      ['THÔN / ẤP', 'village'],
      ['Họ tên chủ hộ', 'head_name'],
      ['Họ và tên chủ hộ', 'head_name'],
      ['ho ten chu ho', 'head_name'],
      ['head_name', 'head_name'],
      ['Số CCCD/CMND', 'national_id'],
      ['Số CCCD/CMND (12 số)', 'national_id'],
      ['CCCD', 'national_id'],
      ['Năm sinh', 'birth_year'],
      ['Ngày sinh', 'birth_year'],
      ['Ngày, tháng, năm sinh', 'birth_year'],
      ['Date of birth', 'birth_year'],
      ['Giới tính (Nam/Nữ)', 'gender'],
      ['Số điện thoại', 'phone'],
      ['SĐT', 'phone'],
      ['Diện hộ', 'poverty_status'],
      ['Số giấy chứng nhận', 'certificate_no'],
      ['Năm danh sách', 'list_year'],
      ['Số nhân khẩu', 'member_count'],
      ['Có ti vi', 'has_tv'],
      ['Có tivi', 'has_tv'],
      ['Truyền hình trả tiền', 'has_paid_tv'],
      ['Đã xem DVB-T2', 'has_digital_tv'],
      ['Loại đầu thu', 'receiver_type'],
      ['Địa chỉ', 'address'],
      ['Ghi chú', 'notes'],
      ['Has TV', 'has_tv'],
    ];
    for (const [header, field] of cases) {
      it(`when the header is "${header}", then it is the ${field} column`, () => {
        const found = fieldOfHeader(header);

        expect(found).to.equal(field);
      });
    }

    it('when a header is unknown (STT), then it names no column', () => {
      const found = fieldOfHeader('STT');

      expect(found).to.equal(undefined);
    });

    it('when every name and alias of every column is looked up, then each finds its own column', () => {
      const wrong = IMPORT_COLUMNS.flatMap((c) =>
        [c.vi, c.field, ...c.aliases].filter((name) => fieldOfHeader(name) !== c.field),
      );

      expect(wrong).to.deep.equal([]);
    });
  });

  describe('resolveHeader', () => {
    it('when a row names fewer than three known columns, then it is not the header', () => {
      const header = resolveHeader(['DANH SÁCH HỘ NGHÈO', '', 'Thôn/Ấp']);

      expect(header).to.equal(null);
    });

    it('when required columns are absent, then they are listed as missing and unknown ones as ignored', () => {
      const header = resolveHeader(['STT', 'Thôn/Ấp', 'Họ tên chủ hộ', 'Số CCCD/CMND', 'Mã hộ']);

      expect(header?.missing).to.deep.equal(['poverty_status', 'list_year', 'has_tv']);
      expect(header?.ignored).to.deep.equal(['STT', 'Mã hộ']);
      expect(header?.columns.get('village')).to.deep.equal([1]);
    });

    it('when two columns mean the same field (CCCD and CMND), then the first non-empty one is read', () => {
      const header = resolveHeader([
        'Thôn',
        'Họ tên',
        'CCCD',
        'CMND',
        'Diện hộ',
        'Năm danh sách',
        'Có ti vi',
      ]);
      const cells = ['Thôn 1', 'Lò Văn Páo', '', '012345678', 'Nghèo', '2024', 'Có'];

      const { input, problems } = mapImportRow(header as ImportHeader, cells);

      expect(problems).to.deep.equal([]);
      expect(input.head).to.include({ nationalId: '012345678' });
    });
  });

  describe('mapImportRow', () => {
    it('when a row is filled in Vietnamese, then it maps to the household fields', () => {
      const { input, problems } = mapImportRow(FULL, rowOf());

      expect(problems).to.deep.equal([]);
      expect(input).to.deep.equal({
        village: 'Thôn Đồng Sơn',
        head: {
          fullName: 'Nguyễn Thị Hoà',
          nationalId: '025185001234',
          birthYear: '1968',
          gender: 'female',
        },
        phone: '0912345678',
        povertyStatus: 'poor',
        povertyCertificateNo: 'GCN-1',
        povertyListYear: '2024',
        memberCount: '4',
        hasTv: true,
        hasPaidTv: false,
        hasDigitalTv: false,
        receiverType: 'dvb-t2',
        address: 'Xóm 2',
      });
    });

    const values: [ImportField, Cell, string, unknown][] = [
      ['gender', 'Nam', 'head.gender', 'male'],
      ['gender', 'nu', 'head.gender', 'female'],
      ['gender', 'female', 'head.gender', 'female'],
      ['gender', 'Khác', 'head.gender', 'other'],
      ['poverty_status', 'Cận nghèo', 'povertyStatus', 'near_poor'],
      ['poverty_status', 'can ngheo', 'povertyStatus', 'near_poor'],
      ['poverty_status', 'Hộ nghèo', 'povertyStatus', 'poor'],
      ['poverty_status', 'near_poor', 'povertyStatus', 'near_poor'],
      ['receiver_type', 'Vệ tinh', 'receiverType', 'satellite'],
      ['receiver_type', 'satellite', 'receiverType', 'satellite'],
      ['receiver_type', 'dvb-t2', 'receiverType', 'dvb-t2'],
      ['has_tv', 'x', 'hasTv', true],
      ['has_tv', 'yes', 'hasTv', true],
      ['has_tv', '1', 'hasTv', true],
      ['has_tv', 1, 'hasTv', true],
      ['has_tv', true, 'hasTv', true],
      ['has_tv', 'KHÔNG', 'hasTv', false],
      ['has_tv', 'no', 'hasTv', false],
      ['has_tv', 0, 'hasTv', false],
      ['has_paid_tv', '', 'hasPaidTv', false],
      ['has_digital_tv', null, 'hasDigitalTv', false],
      ['phone', '912345678', 'phone', '0912345678'],
      ['phone', 912345678, 'phone', '0912345678'],
      ['phone', '+84 912 345 678', 'phone', '+84 912 345 678'],
      ['phone', 2103845678, 'phone', '02103845678'],
      ['phone', '271384567', 'phone', '0271384567'],
      ['birth_year', '12/03/1968', 'head.birthYear', 1968],
      ['birth_year', new Date(Date.UTC(1955, 6, 1)), 'head.birthYear', 1955],
      ['birth_year', 1968, 'head.birthYear', 1968],
      ['national_id', '025 185 001 234', 'head.nationalId', '025185001234'],
      ['national_id', '="025185001234"', 'head.nationalId', '025185001234'],
      ['national_id', 25185001234, 'head.nationalId', '025185001234'],
      ['national_id', 1085001234, 'head.nationalId', '001085001234'],
      ['national_id', 12345678, 'head.nationalId', '012345678'],
      ['list_year', 2024, 'povertyListYear', 2024],
      ['head_name', 'Nguyễn Thị Hoà'.normalize('NFD'), 'head.fullName', 'Nguyễn Thị Hoà'.normalize('NFC')],
    ];
    for (const [field, cell, path, expected] of values) {
      it(`when ${field} is ${JSON.stringify(cell)}, then ${path} is ${JSON.stringify(expected)}`, () => {
        const { input, problems } = mapImportRow(FULL, rowOf({ [field]: cell }));

        const [first, second] = path.split('.');
        const value = second ? (input[first] as Record<string, unknown>)[second] : input[first];
        expect(problems).to.deep.equal([]);
        expect(value).to.deep.equal(expected);
      });
    }

    const refused: [ImportField, string, RegExp][] = [
      ['poverty_status', 'Khá giả', /Nghèo, Cận nghèo/],
      ['gender', 'X', /Nam, Nữ, Khác/],
      ['has_tv', 'có lẽ', /Có, Không/],
      ['receiver_type', 'cáp', /DVB-T2, Vệ tinh/],
      ['national_id', '25185001234', /Excel/],
      ['national_id', '2.51851E+11', /Excel/],
    ];
    for (const [field, cell, reason] of refused) {
      it(`when ${field} is "${cell}", then the row has a problem naming it`, () => {
        const { problems } = mapImportRow(FULL, rowOf({ [field]: cell }));

        expect(problems).to.have.length(1);
        expect(problems[0]).to.include({ field, value: cell });
        expect(problems[0].reason.vi).to.match(reason);
      });
    }

    it('when a required cell is empty, then it is left out for Joi to name', () => {
      const { input, problems } = mapImportRow(FULL, rowOf({ village: '  ', has_tv: '' }));

      expect(problems).to.deep.equal([]);
      expect(input).not.to.have.any.keys('village', 'hasTv');
    });

    it('when the head cells are all empty, then head is still an object (so each part is named)', () => {
      const { input } = mapImportRow(
        FULL,
        rowOf({ head_name: '', national_id: '', birth_year: '', gender: '' }),
      );

      expect(input.head).to.deep.equal({});
    });
  });

  describe('cells and rows', () => {
    it('when cells hold text, numbers, dates or nothing, then cellText gives trimmed NFC text', () => {
      const texts = [' a ', 12, new Date('2024-05-01T00:00:00Z'), null, undefined, true].map(cellText);

      expect(texts).to.deep.equal(['a', '12', '2024-05-01', '', '', 'true']);
    });

    it('when every cell of a row is blank, then it is a blank row', () => {
      expect(isBlankRow(['', ' ', null])).to.equal(true);
      expect(isBlankRow(['', 'x'])).to.equal(false);
    });
  });

  describe('validation messages', () => {
    it('when Joi names a path, then the field and the reworded message name the column', () => {
      const field = fieldOfPath('head.nationalId') as ImportField;

      const reason = reasonForColumn(field, 'head.nationalId', {
        vi: 'head.nationalId: không đúng định dạng',
        en: 'head.nationalId with value 1 fails to match the pattern',
      });

      expect(field).to.equal('national_id');
      expect(reason).to.deep.equal({
        vi: 'Số CCCD/CMND: không đúng định dạng',
        en: 'national_id with value 1 fails to match the pattern',
      });
    });
  });

  describe('importTemplate', () => {
    for (const lang of ['vi', 'en'] as const) {
      it(`when the ${lang} template's example row is read back, then it maps without problems`, () => {
        const { headers, example } = importTemplate(lang);

        const header = resolveHeader(headers) as ImportHeader;
        const { problems } = mapImportRow(header, example);

        expect(headers).to.have.length(IMPORT_COLUMNS.length);
        expect(header.missing).to.deep.equal([]);
        expect(header.ignored).to.deep.equal([]);
        expect(problems).to.deep.equal([]);
      });
    }
  });

  describe('delimiterOf', () => {
    const cases: [string, string, string][] = [
      ['commas', 'Thôn/Ấp,Họ tên chủ hộ,Số CCCD/CMND', ','],
      ['semicolons (Excel with a ; list separator)', 'Thôn/Ấp;Họ tên chủ hộ;Số CCCD/CMND', ';'],
      ['tabs', 'village\thead_name\tnational_id', '\t'],
      ['semicolons with a quoted comma', '"Thôn, Ấp";Họ tên;CCCD', ';'],
      ['a single column', 'village', ','],
    ];
    for (const [name, line, delimiter] of cases) {
      it(`when the header row uses ${name}, then the delimiter is ${JSON.stringify(delimiter)}`, () => {
        expect(delimiterOf(line)).to.equal(delimiter);
      });
    }
  });
});
