import type { PathItems } from './describe';
import type { TSchema } from '@sinclair/typebox';
import { StringEnum, Type } from './shape';

const ERROR_CODES = [
  'VALIDATION_FAILED',
  'UNAUTHENTICATED',
  'FORBIDDEN',
  'NOT_FOUND',
  'CONFLICT',
  'RULE_VIOLATION',
  'PAYLOAD_TOO_LARGE',
  'RATE_LIMITED',
  'UNAVAILABLE',
  'INTERNAL',
] as const;

const ErrorShape = Type.Object({
  error: Type.Object({
    code: StringEnum(ERROR_CODES),
    message: Type.String({ description: 'Vietnamese, or English with Accept-Language: en' }),
    details: Type.Optional(Type.Unknown({ description: 'For VALIDATION_FAILED: [{path, type, message}]' })),
    requestId: Type.Optional(Type.String({ description: 'For INTERNAL: the id to find the log entry' })),
  }),
});

const HealthShape = Type.Object({
  status: Type.String({ example: 'ok' }),
  database: Type.Optional(Type.String({ example: 'ok' })),
});

export interface DocumentedMount {
  /** Mount path under /api/v1, e.g. "/areas". */
  path: string;
  paths: PathItems;
  /** The named schemas (components) its paths refer to as #/components/schemas/<name>. */
  schemas?: Record<string, TSchema>;
}

const components = {
  securitySchemes: {
    bearer: { type: 'http', scheme: 'bearer', description: 'Token from POST /api/v1/auth/login' },
  },
  schemas: {
    Error: ErrorShape,
    Health: HealthShape,
  },
};

const systemPaths: PathItems = {
  '/healthz': {
    get: {
      summary: 'The process is up',
      security: [],
      responses: {
        200: {
          description: 'Up',
          content: { 'application/json': { schema: { $ref: '#/components/schemas/Health' } } },
        },
      },
    },
  },
  '/readyz': {
    get: {
      summary: 'The database is reachable',
      security: [],
      responses: {
        200: {
          description: 'Ready',
          content: { 'application/json': { schema: { $ref: '#/components/schemas/Health' } } },
        },
        503: {
          description: 'UNAVAILABLE: the database is unreachable',
          content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
        },
      },
    },
  },
};

export const API_BASE = '/api/v1';

/** The OpenAPI 3 document, assembled from each feature's paths under its mount point. */
export function buildOpenApiDocument(mounts: DocumentedMount[]): Record<string, unknown> {
  const paths: PathItems = { ...systemPaths };
  for (const m of mounts) {
    for (const [sub, item] of Object.entries(m.paths)) {
      const full = API_BASE + m.path + (sub === '/' ? '' : sub);
      // Group the browsable docs by feature ("/areas" → "areas").
      const tagged = Object.fromEntries(
        Object.entries(item).map(([method, op]) => [method, { tags: [m.path.slice(1)], ...op }]),
      );
      paths[full] = { ...(paths[full] ?? {}), ...tagged };
    }
  }
  return {
    openapi: '3.0.3',
    info: {
      title: 'DTV switchover subsidy tracker',
      version: '1.0.0',
      description:
        'Registers poor and near-poor households, tracks receivers, installation batches and deliveries, and reports coverage by area. ' +
        'Errors are {error: {code, message, details}}; messages are Vietnamese unless Accept-Language prefers English.',
    },
    servers: [{ url: '/' }],
    security: [{ bearer: [] }],
    components: {
      ...components,
      schemas: Object.assign({}, components.schemas, ...mounts.map((m) => m.schemas ?? {})),
    },
    paths,
  };
}
