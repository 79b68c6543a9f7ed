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

let compiled:
  | { ajv: Ajv; operations: Operation[]; document: Json; validators: Map<string, ValidateFunction | null> }
  | undefined;

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

function setUp(config: Config) {
  const document = buildOpenApiDocument(apiMounts(config));
  const ajv = new Ajv({ strict: false, allErrors: true });
  addFormats(ajv);
  ajv.addKeyword({ keyword: 'example' });
  ajv.addSchema(closeObjects(document) as Json, 'openapi');
  const operations = Object.keys(document.paths as Json).map((template) => ({
    template,
    pattern: new RegExp('^' + template.replace(/\{[^}]+\}/g, '[^/]+') + '$'),
    params: (template.match(/\{/g) ?? []).length,
  }));
  // A literal segment wins over a parameter ("/households/import" over "/households/{id}").
  operations.sort((a, b) => a.params - b.params);
  return { ajv, operations, document, validators: new Map<string, ValidateFunction | null>() };
}

const pointer = (...parts: string[]) =>
  'openapi#/' + parts.map((p) => p.replace(/~/g, '~0').replace(/\//g, '~1')).join('/');

export function checkResponse(method: string, path: string, status: number, body: unknown): void {
  if (!compiled) throw new Error('response shape check not set up');
  const op = compiled.operations.find((o) => o.pattern.test(path));
  if (!op) return; // an unknown path: the 404 of notFoundRoute, documented by no operation
  const name = `${method} ${op.template}`;
  checked += 1;
  const item = (compiled.document.paths as Record<string, Record<string, Json>>)[op.template];
  const responses = item[method.toLowerCase()]?.responses as Record<string, Json> | undefined;
  if (!responses) return; // a method the path does not have: answered by notFoundRoute
  const response = responses[String(status)];
  const content = response?.content as Record<string, unknown> | undefined;
  if (!content?.['application/json']) {
    violations.push({
      operation: name,
      status,
      errors: [`status ${status} with a JSON body is not documented`],
    });
    return;
  }
  const key = `${name} ${status}`;
  let validate = compiled.validators.get(key);
  if (validate === undefined) {
    const ref = pointer('paths', op.template, method.toLowerCase(), 'responses', String(status), 'content');
    validate = compiled.ajv.compile({ $ref: ref + '/application~1json/schema' });
    compiled.validators.set(key, validate);
  }
  if (validate && !validate(body)) {
    violations.push({
      operation: name,
      status,
      errors: (validate.errors ?? []).slice(0, 5).map((e) => {
        const extra = (e.params as { additionalProperty?: string }).additionalProperty;
        return `${e.instancePath || '(body)'} ${e.message ?? ''}${extra ? `: ${extra}` : ''}`;
      }),
    });
  }
}

/** The app with every JSON response recorded and checked (tests only). */
export function withResponseShapeCheck(app: Express, config: Config): Express {
  compiled ??= setUp(config);
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
