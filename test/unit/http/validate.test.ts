import { expect } from 'chai';
import Joi from 'joi';
import { setProgrammeBody, setTargetsBody } from '../../../src/areas/schemas';
import { ValidationError } from '../../../src/errors';
import { areaCode, page, pageSize } from '../../../src/http/joi-fields';
import { parse, type FieldProblem } from '../../../src/http/validate';

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
          vi: 'code: không đúng định dạng (area code (2, 3 or 5 digits))',
          en: 'code with value 7888 fails to match the area code (2, 3 or 5 digits) pattern',
        },
      },
      {
        path: 'count',
        type: 'number.max',
        message: { vi: 'count: không được lớn hơn 10', en: 'count must be less than or equal to 10' },
      },
      {
        path: 'page',
        type: 'number.min',
        message: { vi: 'page: không được nhỏ hơn 1', en: 'page must be greater than or equal to 1' },
      },
      {
        path: 'tags.1',
        type: 'string.max',
        message: {
          vi: 'tags.1: tối đa 3 ký tự',
          en: 'tags[1] length must be less than or equal to 3 characters long',
        },
      },
    ]);
    expect(error.code).to.equal('VALIDATION_FAILED');
    expect(error.text.vi).to.match(/^Dữ liệu không hợp lệ: code: .*; count: .*; page: .*; tags\.1: /);
    expect(error.text.en).to.match(/^Invalid input: code with value 7888 .*; count must be/);
  });

  const messageCases: { name: string; input: unknown; type: string; vi: RegExp }[] = [
    {
      name: 'a wrong type',
      input: { code: 25, count: 1 },
      type: 'string.base',
      vi: /code: phải là chuỗi ký tự/,
    },
    {
      name: 'an empty string',
      input: { code: '', count: 1 },
      type: 'string.empty',
      vi: /code: không được để trống/,
    },
    {
      name: 'a fraction',
      input: { code: '25', count: 1.5 },
      type: 'number.integer',
      vi: /count: phải là số nguyên/,
    },
    {
      name: 'text for a number',
      input: { code: '25', count: 'ba' },
      type: 'number.base',
      vi: /count: phải là số/,
    },
    { name: 'a missing field', input: { code: '25' }, type: 'any.required', vi: /count: bắt buộc phải nhập/ },
    { name: 'a non-object', input: 'hello', type: 'object.base', vi: /dữ liệu: phải là một đối tượng JSON/ },
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
});
