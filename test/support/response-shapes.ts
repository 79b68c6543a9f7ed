import Ajv, { type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import express, { type Express } from 'express';
import { apiMounts } from '../../src/app';
import type { Config } from '../../src/config';
import { buildOpenApiDocument } from '../../src/openapi/document';

// Every JSON response the integration suite receives from the test app is checked against the OpenAPI
// document's schema for its operation and status, so a response shape that drifts from the document
// fails the run (issue 11.2). Objects are closed for the check (additionalProperties: false) so a field
// the document does not name is caught too; the published document itself stays open for clients.

type Json = Record<string, unknown>;

export interface ShapeViolation {
  operation: string;
  status: number;
  errors: string[];
  test?: string;
}

const violations: ShapeViolation[] = [];
let checked = 0;

interface Operation {
  template: string;
  pattern: RegExp;
  params: number;
}

export type ShapeCheck = (
  method: string,
  path: string,
  status: number,
  body: unknown,
) => ShapeViolation | null;

let check: ShapeCheck | undefined;

/** A deep copy in which every object schema that lists its properties admits no other property. */
export function closeObjects(node: unknown, insideAllOf = false): unknown {
  if (Array.isArray(node)) return node.map((n) => closeObjects(n, insideAllOf));
  if (!node || typeof node !== 'object') return node;
  const out: Json = {};
  for (const [key, value] of Object.entries(node as Json)) {
    out[key] = closeObjects(value, key === 'allOf');
  }
  // An allOf member must stay open: each member sees the others' properties as additional.
  if (out.properties && out.additionalProperties === undefined && !insideAllOf)
    out.additionalProperties = false;
  return out;
}

/** Checks one JSON response against the document: a violation, or null when it matches (or no operation does). */
export function createShapeChecker(document: Json): ShapeCheck {
  const ajv = new Ajv({ strict: false, allErrors: true });
  addFormats(ajv);
  ajv.addSchema(closeObjects(document) as Json, 'openapi');
  const paths = document.paths as Record<string, Record<string, Json>>;
  const operations: Operation[] = Object.keys(paths).map((template) => ({
    template,
    pattern: new RegExp('^' + template.replace(/\{[^}]+\}/g, '[^/]+') + '$'),
    params: (template.match(/\{/g) ?? []).length,
  }));
  // A literal segment wins over a parameter ("/households/import" over "/households/{id}").
  operations.sort((a, b) => a.params - b.params);
  const validators = new Map<string, ValidateFunction>();

  return (method, path, status, body) => {
    const op = operations.find((o) => o.pattern.test(path));
    if (!op) return null; // an unknown path: the 404 of notFoundRoute, documented by no operation
    const responses = paths[op.template][method.toLowerCase()]?.responses as Record<string, Json> | undefined;
    if (!responses) return null; // a method the path does not have: answered by notFoundRoute
    const operation = `${method} ${op.template}`;
    const content = responses[String(status)]?.content as Record<string, unknown> | undefined;
    if (!content?.['application/json']) {
      return { operation, status, errors: [`status ${status} with a JSON body is not documented`] };
    }
    const key = `${operation} ${status}`;
    let validate = validators.get(key);
    if (!validate) {
      const ref = pointer('paths', op.template, method.toLowerCase(), 'responses', String(status), 'content');
      validate = ajv.compile({ $ref: ref + '/application~1json/schema' });
      validators.set(key, validate);
    }
    if (validate(body)) return null;
    return {
      operation,
      status,
      errors: (validate.errors ?? []).slice(0, 5).map((e) => {
        const extra = (e.params as { additionalProperty?: string }).additionalProperty;
        return `${e.instancePath || '(body)'} ${e.message ?? ''}${extra ? `: ${extra}` : ''}`;
      }),
    };
  };
}

const pointer = (...parts: string[]) =>
  'openapi#/' + parts.map((p) => p.replace(/~/g, '~0').replace(/\//g, '~1')).join('/');

export function checkResponse(method: string, path: string, status: number, body: unknown): void {
  if (!check) throw new Error('response shape check not set up');
  checked += 1;
  const violation = check(method, path, status, body);
  if (violation) violations.push(violation);
}

/** The app with every JSON response recorded and checked (tests only). */
export function withResponseShapeCheck(app: Express, config: Config): Express {
  check ??= createShapeChecker(buildOpenApiDocument(apiMounts(config)));
  const outer = express();
  outer.use((req, res, next) => {
    const json = res.json.bind(res);
    res.json = (body: unknown) => {
      // What the client receives: Dates as strings, undefined fields gone.
      const sent: unknown = body === undefined ? undefined : JSON.parse(JSON.stringify(body));
      checkResponse(req.method, req.originalUrl.split('?')[0], res.statusCode, sent);
      return json(body);
    };
    next();
  });
  outer.use(app);
  return outer;
}

/** Moves the violations recorded so far to the given test's name; returns how many. */
export function claimViolations(test: string): number {
  let n = 0;
  for (const v of violations) {
    if (v.test === undefined) {
      v.test = test;
      n += 1;
    }
  }
  return n;
}

export function shapeReport(): { checked: number; violations: ShapeViolation[] } {
  return { checked, violations };
}
