import type { PathItems } from './describe';

export interface DocumentedMount {
  /** Mount path under /api/v1, e.g. "/areas". */
  path: string;
  paths: PathItems;
}

const areaPath = {
  type: 'object',
  properties: {
    provinceCode: { type: 'string' },
    districtCode: { type: 'string', nullable: true },
    communeCode: { type: 'string', nullable: true },
  },
};

const scope = {
  type: 'object',
  nullable: true,
  properties: {
    code: { type: 'string' },
    level: { type: 'string', enum: ['province', 'district', 'commune'] },
    ...areaPath.properties,
  },
};

const area = {
  type: 'object',
  properties: {
    code: { type: 'string', example: '25' },
    name: { type: 'string', example: 'Tỉnh Phú Thọ' },
    level: { type: 'string', enum: ['province', 'district', 'commune'] },
    type: { type: 'string', example: 'Tỉnh' },
    parentCode: { type: 'string', nullable: true },
    ...areaPath.properties,
    targets: {
      type: 'object',
      nullable: true,
      properties: {
        poor: { type: 'integer' },
        nearPoor: { type: 'integer' },
        listYear: { type: 'integer' },
        updatedAt: { type: 'string', format: 'date-time' },
      },
    },
    defaultReceiverType: { type: 'string', enum: ['dvb-t2', 'satellite'], nullable: true },
    switchOffDate: { type: 'string', format: 'date', nullable: true },
  },
};

const user = {
  type: 'object',
  properties: {
    id: { type: 'string' },
    username: { type: 'string' },
    fullName: { type: 'string' },
    phone: { type: 'string', nullable: true },
    role: { type: 'string', enum: ['admin', 'official', 'commune_staff', 'installer'] },
    scope,
    active: { type: 'boolean' },
    version: { type: 'integer' },
    createdAt: { type: 'string', format: 'date-time' },
    updatedAt: { type: 'string', format: 'date-time' },
  },
};

const household = {
  type: 'object',
  properties: {
    id: { type: 'string' },
    area: areaPath,
    village: { type: 'string', example: 'Thôn Đồng Sơn' },
    address: { type: 'string', nullable: true },
    head: {
      type: 'object',
      properties: {
        fullName: { type: 'string', example: 'Nguyễn Thị Hoà' },
        nationalId: { type: 'string', description: 'Masked to the last four digits for installers' },
        birthYear: { type: 'integer', nullable: true },
        gender: { type: 'string', enum: ['male', 'female', 'other'], nullable: true },
      },
    },
    phone: { type: 'string', nullable: true, example: '0912345678' },
    povertyStatus: { type: 'string', enum: ['poor', 'near_poor'] },
    povertyCertificateNo: { type: 'string', nullable: true },
    povertyListYear: { type: 'integer' },
    memberCount: { type: 'integer', nullable: true },
    hasTv: { type: 'boolean' },
    hasPaidTv: { type: 'boolean' },
    hasDigitalTv: { type: 'boolean' },
    receiverType: { type: 'string', enum: ['dvb-t2', 'satellite'] },
    notes: { type: 'string', nullable: true },
    status: {
      type: 'string',
      enum: ['registered', 'approved', 'rejected', 'assigned', 'delivered', 'withdrawn'],
    },
    statusReason: { type: 'string', nullable: true },
    eligibility: {
      type: 'object',
      properties: {
        eligible: { type: 'boolean' },
        reasons: {
          type: 'array',
          items: {
            type: 'string',
            enum: ['list_too_old', 'no_tv', 'has_paid_tv', 'has_digital_tv', 'duplicate'],
          },
        },
      },
    },
    possibleDuplicates: {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          householdId: { type: 'string' },
          grounds: { type: 'string', enum: ['name_village', 'phone'] },
        },
      },
    },
    needsDuplicateReview: { type: 'boolean' },
    approvedAt: { type: 'string', format: 'date-time', nullable: true },
    version: { type: 'integer' },
    createdBy: { type: 'string' },
    createdAt: { type: 'string', format: 'date-time' },
    updatedAt: { type: 'string', format: 'date-time' },
  },
};

const components = {
  securitySchemes: {
    bearer: { type: 'http', scheme: 'bearer', description: 'Token from POST /api/v1/auth/login' },
  },
  schemas: {
    Error: {
      type: 'object',
      required: ['error'],
      properties: {
        error: {
          type: 'object',
          required: ['code', 'message'],
          properties: {
            code: {
              type: 'string',
              enum: [
                'VALIDATION_FAILED',
                'UNAUTHENTICATED',
                'FORBIDDEN',
                'NOT_FOUND',
                'CONFLICT',
                'RULE_VIOLATION',
                'RATE_LIMITED',
                'UNAVAILABLE',
                'INTERNAL',
              ],
            },
            message: { type: 'string', description: 'Vietnamese, or English with Accept-Language: en' },
            details: { description: 'For VALIDATION_FAILED: [{path, type, message}]' },
          },
        },
      },
    },
    Area: area,
    AreaDetail: {
      allOf: [
        { $ref: '#/components/schemas/Area' },
        {
          type: 'object',
          properties: {
            childCounts: {
              type: 'object',
              properties: { districts: { type: 'integer' }, communes: { type: 'integer' } },
            },
          },
        },
      ],
    },
    User: user,
    LoginResult: {
      type: 'object',
      properties: {
        token: { type: 'string' },
        tokenType: { type: 'string', enum: ['Bearer'] },
        expiresAt: { type: 'string', format: 'date-time' },
        user: { $ref: '#/components/schemas/User' },
      },
    },
    AuditEntry: {
      type: 'object',
      properties: {
        id: { type: 'string' },
        at: { type: 'string', format: 'date-time' },
        actor: {
          type: 'object',
          properties: { id: { type: 'string' }, username: { type: 'string' }, role: { type: 'string' } },
        },
        action: { type: 'string', example: 'user.created' },
        entityType: { type: 'string' },
        entityId: { type: 'string' },
        area: { ...areaPath, nullable: true },
        before: {},
        after: {},
      },
    },
    Household: household,
    HouseholdWithHistory: {
      allOf: [
        { $ref: '#/components/schemas/Household' },
        {
          type: 'object',
          properties: {
            history: {
              type: 'array',
              items: {
                type: 'object',
                properties: {
                  at: { type: 'string', format: 'date-time' },
                  action: { type: 'string', example: 'household.approved' },
                  actor: { type: 'object' },
                  status: { type: 'string', nullable: true },
                  reason: { type: 'string', nullable: true },
                },
              },
            },
          },
        },
      ],
    },
    Health: { type: 'object', properties: { status: { type: 'string' }, database: { type: 'string' } } },
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
    components,
    paths,
  };
}
