import type Joi from 'joi';
import { text, ValidationError } from '../errors';
import { describeProblem } from './joi-messages';

export interface FieldProblem {
  path: string;
  type: string;
  message: { vi: string; en: string };
}

/**
 * Validates a request body (or path parameters) at the edge. Returns the typed, converted value or
 * throws ValidationError. Unknown body fields are dropped (clients may send more than we use).
 */
export function parse<T>(schema: Joi.Schema<T>, input: unknown): T {
  return validate(schema, input, true);
}

/**
 * Validates a query string. Unlike a body, an unknown or malformed parameter (`?stauts=…`,
 * `?status[$eq]=…`) is a 400 naming it: dropping it would answer a list or an export wider than asked.
 */
export function parseQuery<T>(schema: Joi.Schema<T>, input: unknown): T {
  return validate(schema, input, false);
}

function validate<T>(schema: Joi.Schema<T>, input: unknown, stripUnknown: boolean): T {
  const { value, error } = schema.validate(input ?? {}, { abortEarly: false, stripUnknown, convert: true });
  const problems: FieldProblem[] = (error?.details ?? []).map((d) => ({
    path: d.path.join('.'),
    type: d.type,
    message: describeProblem(d),
  }));
  for (const path of controlCharacterPaths(input)) {
    const type = 'string.controlChars';
    problems.push({ path: path.join('.'), type, message: describeProblem({ path, type }) });
  }
  if (problems.length > 0) {
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

// C0 controls but tab, line feed and carriage return (multi-line notes keep those), DEL, C1
// controls, and UTF-16 halves without their pair: none is typed by a person, and NUL in particular
// truncates names in the C libraries that print and export them.
const CONTROL =
  // eslint-disable-next-line no-control-regex
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Paths of the strings (at any depth, keys included) that hold a control character. */
export function controlCharacterPaths(input: unknown, path: (string | number)[] = []): (string | number)[][] {
  if (typeof input === 'string') return CONTROL.test(input) ? [path] : [];
  if (Array.isArray(input)) return input.flatMap((v, i) => controlCharacterPaths(v, [...path, i]));
  if (input && typeof input === 'object') {
    return Object.entries(input).flatMap(([k, v]) =>
      CONTROL.test(k) ? [[...path, k]] : controlCharacterPaths(v, [...path, k]),
    );
  }
  return [];
}
