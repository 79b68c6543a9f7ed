import { randomBytes } from 'node:crypto';
import path from 'node:path';
import Joi from 'joi';

export interface Config {
  readonly env: 'development' | 'production' | 'test';
  readonly http: {
    readonly host: string;
    readonly port: number;
    readonly bodyLimit: string;
    readonly trustProxy: number;
  };
  /** uri undefined means: start the embedded server (see embedded-db.ts). */
  readonly mongo: { readonly uri: string | undefined; readonly dbName: string };
  readonly embedded: { readonly dataDir: string; readonly ferretdbBin: string | undefined };
  readonly log: { readonly level: string };
  readonly auth: {
    readonly tokenTtlMinutes: number;
    readonly loginWindowMinutes: number;
    readonly loginMaxPerUser: number;
    readonly loginMaxPerAddress: number;
  };
  /** Signs the short-lived links to one handover record (issue 12). */
  readonly handover: { readonly linkSecret: string; readonly linkTtlMinutes: number };
  readonly bootstrap: {
    readonly areasList: string;
    readonly adminUsername: string;
    readonly adminPassword: string | undefined;
  };
  /** Reconcile inside the service (batches/reconcile-schedule.ts): everyMinutes 0 is off. */
  readonly reconcile: { readonly everyMinutes: number; readonly graceMinutes: number };
  /** Backups of the embedded database (backups/): everyHours 0 is off; `keep` newest are kept. */
  readonly backup: BackupSettings;
}

export interface BackupSettings {
  readonly dir: string;
  readonly everyHours: number;
  readonly keep: number;
}

interface Env {
  NODE_ENV: Config['env'];
  HOST: string;
  PORT: number;
  BODY_LIMIT: string;
  TRUST_PROXY: number;
  MONGODB_URI?: string;
  MONGODB_DB_NAME: string;
  DATA_DIR: string;
  FERRETDB_BIN?: string;
  LOG_LEVEL: string;
  TOKEN_TTL_MINUTES: number;
  LOGIN_WINDOW_MINUTES: number;
  LOGIN_MAX_PER_USER: number;
  LOGIN_MAX_PER_ADDRESS: number;
  AREAS_LIST: string;
  ADMIN_USERNAME: string;
  ADMIN_PASSWORD?: string;
  RECONCILE_EVERY_MINUTES: number;
  RECONCILE_GRACE_MINUTES: number;
  HANDOVER_LINK_SECRET?: string;
  HANDOVER_LINK_TTL_MINUTES: number;
  BACKUP_DIR?: string;
  BACKUP_EVERY_HOURS: number;
  BACKUP_KEEP: number;
}

// Only harmless values get defaults: nothing here is a secret, and the embedded database is local.
const envSchema = Joi.object<Env>({
  NODE_ENV: Joi.string().valid('development', 'production', 'test').default('development'),
  HOST: Joi.string().hostname().default('127.0.0.1'),
  PORT: Joi.number().port().default(3000),
  BODY_LIMIT: Joi.string()
    .pattern(/^\d+(kb|mb)$/)
    .default('1mb'),
  TRUST_PROXY: Joi.number().integer().min(0).max(10).default(0),
  MONGODB_URI: Joi.string().uri({ scheme: ['mongodb', 'mongodb+srv'] }),
  MONGODB_DB_NAME: Joi.string()
    .pattern(/^[A-Za-z0-9_-]{1,60}$/)
    .default('dtv'),
  DATA_DIR: Joi.string().default('.data'),
  FERRETDB_BIN: Joi.string(),
  LOG_LEVEL: Joi.string().valid('fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent').default('info'),
  TOKEN_TTL_MINUTES: Joi.number()
    .integer()
    .min(5)
    .max(60 * 24 * 7)
    .default(480),
  LOGIN_WINDOW_MINUTES: Joi.number().integer().min(1).max(1440).default(15),
  LOGIN_MAX_PER_USER: Joi.number().integer().min(1).default(10),
  LOGIN_MAX_PER_ADDRESS: Joi.number().integer().min(1).default(100),
  AREAS_LIST: Joi.string().default('2025'),
  ADMIN_USERNAME: Joi.string()
    .pattern(/^[a-z0-9._-]{3,40}$/)
    .default('admin'),
  ADMIN_PASSWORD: Joi.string().min(12).max(200),
  RECONCILE_EVERY_MINUTES: Joi.number().integer().min(0).max(1440).default(0),
  RECONCILE_GRACE_MINUTES: Joi.number().integer().min(0).max(1440).default(5),
  HANDOVER_LINK_SECRET: Joi.string().min(32).max(200),
  HANDOVER_LINK_TTL_MINUTES: Joi.number().integer().min(1).max(10).default(10),
  BACKUP_DIR: Joi.string(),
  BACKUP_EVERY_HOURS: Joi.number().integer().min(0).max(168).default(24),
  BACKUP_KEEP: Joi.number().integer().min(1).max(1000).default(14),
}).unknown(true);

/** The only reader of the environment. Throws with every problem listed, before anything starts. */
export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const emptyAsUnset = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const { value, error } = envSchema.validate(emptyAsUnset, { abortEarly: false, convert: true });
  if (error) {
    const problems = error.details.map((d) => `  - ${d.message}`).join('\n');
    throw new Error(`Invalid configuration (see .env.example):\n${problems}`);
  }
  return deepFreeze({
    env: value.NODE_ENV,
    http: { host: value.HOST, port: value.PORT, bodyLimit: value.BODY_LIMIT, trustProxy: value.TRUST_PROXY },
    mongo: { uri: value.MONGODB_URI, dbName: databaseInUri(value.MONGODB_URI) ?? value.MONGODB_DB_NAME },
    embedded: { dataDir: value.DATA_DIR, ferretdbBin: value.FERRETDB_BIN },
    log: { level: value.LOG_LEVEL },
    auth: {
      tokenTtlMinutes: value.TOKEN_TTL_MINUTES,
      loginWindowMinutes: value.LOGIN_WINDOW_MINUTES,
      loginMaxPerUser: value.LOGIN_MAX_PER_USER,
      loginMaxPerAddress: value.LOGIN_MAX_PER_ADDRESS,
    },
    handover: {
      // Unset: a random secret per process (links then open only on the instance that made them).
      linkSecret: value.HANDOVER_LINK_SECRET ?? randomBytes(32).toString('hex'),
      linkTtlMinutes: value.HANDOVER_LINK_TTL_MINUTES,
    },
    bootstrap: {
      areasList: value.AREAS_LIST,
      adminUsername: value.ADMIN_USERNAME,
      adminPassword: value.ADMIN_PASSWORD,
    },
    reconcile: { everyMinutes: value.RECONCILE_EVERY_MINUTES, graceMinutes: value.RECONCILE_GRACE_MINUTES },
    backup: {
      dir: value.BACKUP_DIR ?? path.join(value.DATA_DIR, 'backups'),
      everyHours: value.BACKUP_EVERY_HOURS,
      keep: value.BACKUP_KEEP,
    },
  });
}

/**
 * The database named in a MongoDB URI's path (`mongodb://h1,h2/dtv?replicaSet=rs`), if any: it wins
 * over MONGODB_DB_NAME (DESIGN §11). Not `new URL()`: a multi-host URI is not a WHATWG URL.
 */
export function databaseInUri(uri: string | undefined): string | undefined {
  const match = uri ? /^mongodb(?:\+srv)?:\/\/[^/?]*\/([^?]*)/.exec(uri) : null;
  const name = match ? decodeURIComponent(match[1] ?? '') : '';
  return name === '' ? undefined : name;
}

function deepFreeze<T extends object>(o: T): T {
  for (const v of Object.values(o)) if (v && typeof v === 'object') deepFreeze(v as object);
  return Object.freeze(o);
}
