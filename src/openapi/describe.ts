import type Joi from 'joi';
import joiToJson from 'joi-to-json';
import type { Role } from '../users/roles';

// Builds OpenAPI operations from the same Joi schemas the routes validate with, so the document
// cannot drift from what the service accepts. Response shapes are named components (document.ts).

type JsonSchema = Record<string, unknown>;
export type PathItems = Record<string, Record<string, JsonSchema>>;

export interface OperationSpec {
  summary: string;
  description?: string;
  /** Omitted only for sign-in. */
  roles?: readonly Role[];
  params?: Joi.Schema;
  query?: Joi.Schema;
  body?: Joi.Schema;
  /** Status → component name (or an inline schema), e.g. { 200: 'User' }. */
  responses: Record<number, string | JsonSchema | null>;
  /** Error statuses beyond 400/401/403 that the operation can answer. */
  errors?: number[];
  produces?: string;
  /** Other media types the success response may take (e.g. text/csv with ?format=csv). */
  alsoProduces?: string[];
  /** A request body that is a file, not JSON: its accepted media types. */
  rawBody?: { contentTypes: string[]; description: string };
}

const ERROR_TEXT: Record<number, string> = {
  400: 'VALIDATION_FAILED: the input is malformed (details list each field)',
  401: 'UNAUTHENTICATED: no valid bearer token',
  403: 'FORBIDDEN: the role may not do this',
  404: 'NOT_FOUND: unknown id, or outside the actor’s area',
  409: 'CONFLICT: duplicate, or changed meanwhile',
  413: 'PAYLOAD_TOO_LARGE: the body is over the limit (the message says the limit)',
  422: 'RULE_VIOLATION: a business rule forbids it',
  429: 'RATE_LIMITED: too many attempts',
  500: 'INTERNAL: an unexpected error (a bug); the message is generic, the log has the details',
  503: 'UNAVAILABLE: the database is unreachable',
};

function toSchema(s: Joi.Schema): JsonSchema {
  return joiToJson(s, 'open-api') as JsonSchema;
}

function parameters(schema: Joi.Schema | undefined, where: 'path' | 'query'): JsonSchema[] {
  if (!schema) return [];
  const s = toSchema(schema) as { properties?: Record<string, JsonSchema>; required?: string[] };
  return Object.entries(s.properties ?? {}).map(([name, prop]) => ({
    name,
    in: where,
    required: where === 'path' || (s.required ?? []).includes(name),
    schema: prop,
  }));
}

function responseOf(
  status: number,
  shape: string | JsonSchema | null,
  produces: string,
  alsoProduces: string[] = [],
): JsonSchema {
  if (shape === null) return { description: status === 204 ? 'Done, no content' : 'OK' };
  const schema = typeof shape === 'string' ? { $ref: `#/components/schemas/${shape}` } : shape;
  const content: JsonSchema = { [produces]: { schema } };
  for (const type of alsoProduces) content[type] = { schema: { type: 'string' } };
  return { description: typeof shape === 'string' ? shape : 'OK', content };
}

function requestBodyOf(spec: OperationSpec): JsonSchema | undefined {
  if (spec.rawBody) {
    const file = { schema: { type: 'string', format: 'binary' } };
    return {
      required: true,
      description: spec.rawBody.description,
      content: Object.fromEntries(spec.rawBody.contentTypes.map((type) => [type, file])),
    };
  }
  // Required only when the route refuses an empty body (approve, reopen… take an optional version).
  if (spec.body) {
    const required = spec.body.validate({}).error !== undefined;
    return { required, content: { 'application/json': { schema: toSchema(spec.body) } } };
  }
  return undefined;
}

export function operation(spec: OperationSpec): JsonSchema {
  const produces = spec.produces ?? 'application/json';
  const responses: Record<string, JsonSchema> = {};
  for (const [status, shape] of Object.entries(spec.responses))
    responses[status] = responseOf(Number(status), shape, produces, spec.alsoProduces);
  const bodyLimit = spec.body || spec.rawBody ? [413] : [];
  const errorStatuses = new Set([
    400,
    ...(spec.roles ? [401, 403] : []),
    ...bodyLimit,
    500,
    503,
    ...(spec.errors ?? []),
  ]);
  for (const status of [...errorStatuses].sort()) {
    responses[String(status)] = {
      description: ERROR_TEXT[status],
      content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
    };
  }
  const requestBody = requestBodyOf(spec);
  return {
    summary: spec.summary,
    ...(spec.description ? { description: spec.description } : {}),
    ...(spec.roles ? { 'x-roles': spec.roles, security: [{ bearer: [] }] } : { security: [] }),
    parameters: [...parameters(spec.params, 'path'), ...parameters(spec.query, 'query')],
    ...(requestBody ? { requestBody } : {}),
    responses,
  };
}

export function page(itemSchema: string): JsonSchema {
  return {
    type: 'object',
    required: ['items', 'total', 'page', 'pageSize'],
    properties: {
      items: { type: 'array', items: { $ref: `#/components/schemas/${itemSchema}` } },
      total: { type: 'integer' },
      page: { type: 'integer' },
      pageSize: { type: 'integer' },
    },
  };
}
