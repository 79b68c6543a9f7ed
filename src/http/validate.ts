import type Joi from 'joi';
import { text, ValidationError } from '../errors';
import { describeInVietnamese } from './joi-messages-vi';

export interface FieldProblem {
  path: string;
  type: string;
  message: { vi: string; en: string };
}

/** Validates request input at the edge. Returns the typed, converted value or throws ValidationError. */
export function parse<T>(schema: Joi.Schema<T>, input: unknown): T {
  const { value, error } = schema.validate(input ?? {}, {
    abortEarly: false,
    stripUnknown: true,
    convert: true,
  });
  if (error) {
    const problems: FieldProblem[] = error.details.map((d) => ({
      path: d.path.join('.'),
      type: d.type,
      message: { vi: describeInVietnamese(d), en: d.message.replace(/"/g, '') },
    }));
    throw new ValidationError(
      text(
        'Dữ liệu không hợp lệ: ' + problems.map((p) => p.message.vi).join('; '),
        'Invalid input: ' + problems.map((p) => p.message.en).join('; '),
      ),
      problems,
    );
  }
  return value;
}
