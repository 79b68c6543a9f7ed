import { expect } from 'chai';
import Joi from 'joi';
import { setProgrammeBody, setTargetsBody } from '../../../src/areas/schemas';
import { ValidationError } from '../../../src/errors';
import { areaCode, page, pageSize } from '../../../src/http/joi-fields';
import { registerHouseholdBody } from '../../../src/households/schemas';
import { parse, parseQuery, type FieldProblem } from '../../../src/http/validate';

const schema = Joi.object<{ code: string; count: number; page: number; pageSize: number; tags?: string[] }>({
  code: areaCode.required(),
  count: Joi.number().integer().min(0).max(10).required(),
  page,
  pageSize,
  tags: Joi.array().items(Joi.string().max(3)),
});

function problemsOf(fn: () => unknown): { error: ValidationError; problems: FieldProblem[] } {
  try {
    fn();
  } catch (err) {
    expect(err).to.be.instanceOf(ValidationError);
    return { error: err as ValidationError, problems: (err as ValidationError).details as FieldProblem[] };
  }
  throw new Error('expected a ValidationError');
}

describe('parse', () => {
  it('when a field takes the code of one level only, then its message names that level', () => {
    const communeOnly = Joi.object({ areaCode: Joi.string().pattern(/^\d{5}$/, 'commune code (5 digits)') });

    const { problems } = problemsOf(() => parse(communeOnly, { areaCode: '01' }));

    expect(problems[0]?.message).to.deep.equal({
      vi: 'Mã đơn vị hành chính: phải là mã xã gồm 5 chữ số',
      en: 'Area code: must be a commune code of 5 digits',
    });
  });

  it('when the input has unknown fields, then they are stripped', () => {
    const input = { code: '25', count: 1, isAdmin: true, $where: 'x' };

    const value = parse(schema, input);

    expect(value).to.deep.equal({ code: '25', count: 1, page: 1, pageSize: 50 });
  });

  it('when numbers come as strings (a query string), then they are converted', () => {
    const input = { code: '07888', count: '3', page: '2', pageSize: '10' };

    const value = parse(schema, input);

    expect(value).to.deep.equal({ code: '07888', count: 3, page: 2, pageSize: 10 });
  });

  it('when a code has leading zeros, then it stays a string', () => {
    const value = parse(schema, { code: '00001', count: 0 });

    expect(value.code).to.equal('00001');
  });

  it('when the input is undefined, then it is validated as an empty object', () => {
    const { problems } = problemsOf(() => parse(schema, undefined));

    expect(problems.map((p) => [p.path, p.type])).to.deep.equal([
      ['code', 'any.required'],
      ['count', 'any.required'],
    ]);
  });

  it('when several fields are wrong, then each is listed with path, type and a message in both languages', () => {
    const input = { code: '7888', count: 11, page: 0, tags: ['ok', 'toolong'] };

    const { error, problems } = problemsOf(() => parse(schema, input));

    expect(problems).to.deep.equal([
      {
        path: 'code',
        type: 'string.pattern.name',
        message: {
          vi: 'Mã đơn vị hành chính: phải là mã đơn vị hành chính gồm 2, 3 hoặc 5 chữ số',
          en: 'Area code: must be an area code of 2, 3 or 5 digits',
        },
      },
      {
        path: 'count',
        type: 'number.max',
        message: { vi: 'Số lượng: không được lớn hơn 10', en: 'Count: must be at most 10' },
      },
      {
        path: 'page',
        type: 'number.min',
        message: { vi: 'Trang: không được nhỏ hơn 1', en: 'Page: must be at least 1' },
      },
      {
        path: 'tags.1',
        type: 'string.max',
        message: { vi: 'tags (mục 2): tối đa 3 ký tự', en: 'tags (item 2): at most 3 characters' },
      },
    ]);
    expect(error.code).to.equal('VALIDATION_FAILED');
    expect(error.text.vi).to.match(/^Dữ liệu không hợp lệ: Mã đơn vị hành chính: .*; Số lượng: .*; Trang: /);
    expect(error.text.en).to.match(/^Invalid input: Area code: must be .*; Count: must be/);
  });

  const messageCases: { name: string; input: unknown; type: string; vi: RegExp }[] = [
    {
      name: 'a wrong type',
      input: { code: 25, count: 1 },
      type: 'string.base',
      vi: /^Mã đơn vị hành chính: phải là chuỗi ký tự$/,
    },
    {
      name: 'an empty string',
      input: { code: '', count: 1 },
      type: 'string.empty',
      vi: /^Mã đơn vị hành chính: không được để trống$/,
    },
    {
      name: 'a fraction',
      input: { code: '25', count: 1.5 },
      type: 'number.integer',
      vi: /^Số lượng: phải là số nguyên$/,
    },
    {
      name: 'text for a number',
      input: { code: '25', count: 'ba' },
      type: 'number.base',
      vi: /^Số lượng: phải là số$/,
    },
    {
      name: 'a missing field',
      input: { code: '25' },
      type: 'any.required',
      vi: /^Số lượng: bắt buộc phải nhập$/,
    },
    {
      name: 'a non-object',
      input: 'hello',
      type: 'object.base',
      vi: /^Dữ liệu gửi lên: phải là một đối tượng JSON$/,
    },
  ];
  for (const t of messageCases) {
    it(`when given ${t.name}, then the problem is ${t.type} with a Vietnamese message`, () => {
      const { problems } = problemsOf(() => parse(schema, t.input));

      expect(problems).to.have.length(1);
      expect(problems[0].type).to.equal(t.type);
      expect(problems[0].message.vi).to.match(t.vi);
      expect(problems[0].message.en).not.to.contain('"');
    });
  }

  it('when targets are valid, then they are converted and a receiver type is optional', () => {
    const value = parse(setTargetsBody, { poor: '12', nearPoor: 3, listYear: 2024 });

    expect(value).to.deep.equal({ poor: 12, nearPoor: 3, listYear: 2024 });
  });

  const dates: [string, boolean][] = [
    ['2025-06-30', true],
    ['2024-02-29', true],
    ['2025-02-29', false],
    ['2025-02-30', false],
    ['2025-13-01', false],
    ['2025-6-30', false],
    ['2025-06-30T00:00:00Z', false],
    ['30/06/2025', false],
  ];
  for (const [date, ok] of dates) {
    it(`when the switch-off date is "${date}", then it is ${ok ? 'kept as given' : 'refused'}`, () => {
      const run = () => parse(setProgrammeBody, { switchOffDate: date });

      if (ok) expect(run()).to.deep.equal({ switchOffDate: date });
      else expect(problemsOf(run).problems[0].path).to.equal('switchOffDate');
    });
  }

  it('when a household phone is wrong, then the clerk reads the field and the expected form in Vietnamese and English', () => {
    const { problems } = problemsOf(() =>
      parse(registerHouseholdBody, { phone: '12ab', head: { nationalId: '12' } }),
    );

    const byPath = Object.fromEntries(problems.map((p) => [p.path, p.message]));
    expect(byPath.phone).to.deep.equal({
      vi: 'Số điện thoại: phải có 10 chữ số, bắt đầu bằng 0 (có thể viết +84)',
      en: 'Phone: must have 10 digits starting with 0 (+84 accepted)',
    });
    expect(byPath['head.nationalId'].vi).to.equal(
      'Số CCCD/CMND của chủ hộ: phải có 12 chữ số (CCCD) hoặc 9 chữ số (CMND)',
    );
    expect(byPath['head.fullName'].vi).to.equal('Họ tên chủ hộ: bắt buộc phải nhập');
    for (const p of problems) expect(p.message.vi).not.to.match(/"|[a-z][A-Z]|must|pattern/);
  });

  it('when a body has an unknown field, then it is dropped, but an unknown query parameter is a 400 naming it', () => {
    const query = { code: '25', count: 1, stauts: 'withdrawn', 'status[$eq]': 'withdrawn' };

    const { problems } = problemsOf(() => parseQuery(schema, query));

    expect(parse(schema, query)).to.deep.equal({ code: '25', count: 1, page: 1, pageSize: 50 });
    expect(problems.map((p) => [p.path, p.type])).to.deep.equal([
      ['stauts', 'object.unknown'],
      ['status[$eq]', 'object.unknown'],
    ]);
    expect(problems[0].message.vi).to.equal(
      'stauts: không có tham số này; hãy kiểm tra lại tên (xem tài liệu API)',
    );
  });

  const controlCases: [string, string, boolean][] = [
    ['NUL', 'Nguyen\u0000Van', false],
    ['a bell', 'a\u0007b', false],
    ['DEL', 'a\u007fb', false],
    ['a C1 control', 'a\u0085b', false],
    ['a lone surrogate half', 'a\ud800b', false],
    ['a line break and a tab (multi-line notes)', 'dòng 1\n\tdòng 2', true],
    ['Vietnamese and an emoji', 'Nguyễn Thị Hoà 📺', true],
  ];
  for (const [what, value, ok] of controlCases) {
    it(`when a text field holds ${what}, then it is ${ok ? 'accepted' : 'refused naming the field'}`, () => {
      const { problems } = problemsOf(() =>
        parse(registerHouseholdBody, { village: value, head: { fullName: value } }),
      );

      const refused = problems.filter((p) => p.type === 'string.controlChars');
      if (ok) expect(refused).to.deep.equal([]);
      else {
        expect(refused.map((p) => p.path)).to.deep.equal(['village', 'head.fullName']);
        expect(refused[1].message.vi).to.match(/^Họ tên chủ hộ: có ký tự điều khiển không được phép/);
      }
    });
  }
});
