import type { Area, AreaDetail, ListAreasInput } from '../../../src/areas/service';
import type { FieldProblem } from '../../../src/http/validate';
import type { HouseholdImportReport } from '../../../src/households/import-report';
import type { HouseholdPage } from '../../../src/households/shapes';
import type { WithdrawInput } from '../../../src/households/review';
import type {
  EditHouseholdInput,
  getHousehold,
  Household,
  ListHouseholdsInput,
  RegisterHouseholdInput,
} from '../../../src/households/service';
import type { CoverageReport } from '../../../src/reports/service';
import type { CreateUserInput, ListUsersInput, UpdateUserInput, User } from '../../../src/users/service';
import type { ChangePasswordInput, LoginInput, LoginResult } from '../../../src/users/sign-in';

// The one module that talks to the API (STYLE §17). Types come from the server's own modules.

export type HouseholdWithHistory = Awaited<ReturnType<typeof getHousehold>>;
export type HistoryEntry = HouseholdWithHistory['history'][number];
export type { Area, CoverageReport, Household, HouseholdImportReport, User };
export interface Page<T> {
  items: T[];
  total: number;
  page: number;
  pageSize: number;
}
/** A validation detail as the client receives it: the message in the requested language. */
export type FieldError = Omit<FieldProblem, 'message'> & { message: string };

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details: unknown,
  ) {
    super(message);
  }
  /** The per-field problems of a 400, by path (`head.nationalId`). */
  fieldErrors(): Record<string, string> {
    if (!Array.isArray(this.details)) return {};
    const out: Record<string, string> = {};
    for (const d of this.details as FieldError[])
      if (d && typeof d.path === 'string') out[d.path] = d.message;
    return out;
  }
}

/** A request that never reached the server (offline, DNS, the server down). */
export class NetworkError extends Error {}

interface ClientHooks {
  token(): string | null;
  language(): 'vi' | 'en';
  /** A 401 on a signed-in request: the session is over. */
  unauthorized(): void;
}

let hooks: ClientHooks = { token: () => null, language: () => 'vi', unauthorized: () => undefined };

export function configureApi(h: ClientHooks): void {
  hooks = h;
}

export type Query = Record<string, string | number | boolean | undefined | null>;

function url(path: string, query?: Query): string {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query ?? {}))
    if (v !== undefined && v !== null && v !== '') params.set(k, String(v));
  const s = params.toString();
  return `/api/v1${path}${s ? `?${s}` : ''}`;
}

function headers(extra: Record<string, string> = {}, anonymous = false): Record<string, string> {
  const h: Record<string, string> = { 'Accept-Language': hooks.language(), ...extra };
  const token = anonymous ? null : hooks.token();
  if (token) h.Authorization = `Bearer ${token}`;
  return h;
}

async function failure(res: Response, sentToken: boolean): Promise<ApiError> {
  const body = (await res.json().catch(() => null)) as {
    error?: { code?: string; message?: string; details?: unknown };
  } | null;
  const e = body?.error;
  if (res.status === 401 && sentToken) hooks.unauthorized();
  return new ApiError(res.status, e?.code ?? 'INTERNAL', e?.message ?? res.statusText, e?.details);
}

export interface SendOptions {
  query?: Query;
  body?: unknown;
  anonymous?: boolean;
  /** Extra headers (Idempotency-Key). */
  headers?: Record<string, string>;
  /** A raw body (a photo) sent as is with its own type, instead of JSON. */
  blob?: Blob;
}

export async function send(method: string, path: string, opts: SendOptions = {}): Promise<Response> {
  // Sign-in sends no token: an old one (ended by a password change) would make it a 401.
  const sentToken = !opts.anonymous && hooks.token() !== null;
  const type: Record<string, string> = opts.blob
    ? { 'Content-Type': opts.blob.type }
    : opts.body === undefined
      ? {}
      : { 'Content-Type': 'application/json' };
  let res: Response;
  try {
    res = await fetch(url(path, opts.query), {
      method,
      headers: headers({ ...type, ...opts.headers }, opts.anonymous),
      body: opts.blob ?? (opts.body === undefined ? undefined : JSON.stringify(opts.body)),
    });
  } catch {
    throw new NetworkError('network');
  }
  if (!res.ok) throw await failure(res, sentToken);
  return res;
}

export async function json<T>(method: string, path: string, opts: SendOptions = {}): Promise<T> {
  const res = await send(method, path, opts);
  return (res.status === 204 ? undefined : await res.json()) as T;
}

export interface Download {
  blob: Blob;
  filename: string;
}

/** A file the API sends (export, template), fetched with the session header, never a token in a URL. */
export async function download(path: string, query: Query, fallbackName: string): Promise<Download> {
  const res = await send('GET', path, { query });
  const disposition = res.headers.get('content-disposition') ?? '';
  const m = /filename\*=UTF-8''([^;]+)|filename="?([^";]+)"?/i.exec(disposition);
  const filename = m ? decodeURIComponent(m[1] ?? m[2]) : fallbackName;
  return { blob: await res.blob(), filename };
}

export const api = {
  login: (input: LoginInput) => json<LoginResult>('POST', '/auth/login', { body: input, anonymous: true }),
  me: () => json<User>('GET', '/auth/me'),
  logout: () => json<void>('POST', '/auth/logout'),
  changePassword: (input: ChangePasswordInput) => json<void>('POST', '/auth/password', { body: input }),

  area: (code: string) => json<AreaDetail>('GET', `/areas/${encodeURIComponent(code)}`),
  areas: (query: Partial<ListAreasInput>) => json<Page<Area>>('GET', '/areas', { query: { ...query } }),

  households: (query: Partial<ListHouseholdsInput>) => json<HouseholdPage>('GET', '/households', { query }),
  household: (id: string) => json<HouseholdWithHistory>('GET', `/households/${id}`),
  registerHousehold: (input: RegisterHouseholdInput) =>
    json<Household>('POST', '/households', { body: input }),
  editHousehold: (id: string, input: EditHouseholdInput) =>
    json<Household>('PATCH', `/households/${id}`, { body: input }),
  withdrawHousehold: (id: string, input: WithdrawInput) =>
    json<Household>('POST', `/households/${id}/withdraw`, { body: input }),
  exportHouseholds: (filters: Partial<ListHouseholdsInput>, format: 'csv' | 'xlsx', lang: 'vi' | 'en') =>
    download(
      '/households',
      { ...filters, page: undefined, pageSize: undefined, format, lang },
      `households.${format}`,
    ),
  importTemplate: (format: 'csv' | 'xlsx', lang: 'vi' | 'en') =>
    download('/households/import/template', { format, lang }, `template.${format}`),
  importHouseholds,

  coverage: (areaCode: string) => json<CoverageReport>('GET', '/reports/coverage', { query: { areaCode } }),

  users: (query: Partial<ListUsersInput>) => json<Page<User>>('GET', '/users', { query }),
  createUser: (input: CreateUserInput) => json<User>('POST', '/users', { body: input }),
  updateUser: (id: string, input: UpdateUserInput) => json<User>('PATCH', `/users/${id}`, { body: input }),
};

const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** Sends a survey file as the raw body; XHR rather than fetch, for the upload's progress. */
function importHouseholds(
  file: File,
  query: { communeCode?: string; dryRun: boolean },
  onProgress: (sent: number, total: number) => void,
): Promise<HouseholdImportReport> {
  const type = /\.xlsx$/i.test(file.name) ? XLSX_TYPE : 'text/csv';
  const sentToken = hooks.token() !== null;
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', url('/households/import', query));
    for (const [k, v] of Object.entries(headers({ 'Content-Type': type }))) xhr.setRequestHeader(k, v);
    xhr.upload.onprogress = (e) => onProgress(e.loaded, e.lengthComputable ? e.total : file.size);
    xhr.onerror = () => reject(new NetworkError('network'));
    xhr.onload = () => {
      const body = (() => {
        try {
          return JSON.parse(xhr.responseText) as unknown;
        } catch {
          return null;
        }
      })();
      if (xhr.status >= 200 && xhr.status < 300) {
        resolve(body as HouseholdImportReport);
        return;
      }
      if (xhr.status === 401 && sentToken) hooks.unauthorized();
      const e = (body as { error?: { code?: string; message?: string; details?: unknown } } | null)?.error;
      reject(new ApiError(xhr.status, e?.code ?? 'INTERNAL', e?.message ?? xhr.statusText, e?.details));
    };
    xhr.send(file);
  });
}

/** A file sent as the raw body (receivers or targets import), answered with JSON. */
export async function sendFile<T>(path: string, file: File, query: Query = {}): Promise<T> {
  const sentToken = hooks.token() !== null;
  let res: Response;
  try {
    res = await fetch(url(path, query), {
      method: 'POST',
      headers: headers({ 'Content-Type': /\.xlsx$/i.test(file.name) ? XLSX_TYPE : 'text/csv' }),
      body: file,
    });
  } catch {
    throw new NetworkError('network');
  }
  if (!res.ok) throw await failure(res, sentToken);
  return (await res.json()) as T;
}
