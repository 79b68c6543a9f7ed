import type { ErrorRequestHandler, RequestHandler } from 'express';
import mongoose from 'mongoose';
import { isDbUnavailableError } from '../database/db';
import { isDuplicateKeyError } from '../database/duplicate-key';
import {
  AppError,
  ConflictError,
  NotFoundError,
  PayloadTooLargeError,
  text,
  UnavailableError,
  ValidationError,
  type ErrorCode,
  type LocalizedText,
} from '../errors';
import { logger } from '../logger';
import { languageOf, type Language } from './language';

// The only place that knows HTTP status codes.
const STATUS: Record<ErrorCode, number> = {
  VALIDATION_FAILED: 400,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  RULE_VIOLATION: 422,
  PAYLOAD_TOO_LARGE: 413,
  RATE_LIMITED: 429,
  UNAVAILABLE: 503,
};

export const notFoundRoute: RequestHandler = (req) => {
  throw new NotFoundError(
    text(`Không có đường dẫn ${req.method} ${req.path}`, `No route ${req.method} ${req.path}`),
  );
};

export const errorHandler: ErrorRequestHandler = (err, req, res, _next) => {
  const known = toAppError(err);
  const log = req.log ?? logger;
  if (res.headersSent) {
    // A stream (a CSV export, a photo) failed midway: cut the connection so the client sees an
    // incomplete download instead of a file that looks whole.
    log.error({ err, requestId: req.id }, 'error after the response started');
    res.destroy();
    return;
  }
  // A route may have set its own type (text/html, text/csv) and a download name before it failed.
  res.removeHeader('Content-Disposition');
  res.type('application/json');
  if (!known) {
    log.error({ err, requestId: req.id }, 'unhandled error');
    res.status(500).json({ error: { code: 'INTERNAL', message: 'Internal error', requestId: req.id } });
    return;
  }
  const status = STATUS[known.code];
  if (status >= 500) log.warn({ err, requestId: req.id }, known.text.en);
  else log.info({ code: known.code, requestId: req.id }, known.text.en);
  const lang = languageOf(req);
  res.status(status).json({
    error: { code: known.code, message: known.text[lang], details: localize(known.details, lang) },
  });
};

function toAppError(err: unknown): AppError | undefined {
  if (err instanceof AppError) return err;
  if (isDbUnavailableError(err)) {
    return new UnavailableError(
      text(
        'Cơ sở dữ liệu tạm thời không truy cập được; vui lòng thử lại sau ít phút',
        'The database is unreachable; try again shortly',
      ),
    );
  }
  if (isDuplicateKey(err)) {
    const fields = Object.keys(err.keyValue ?? err.keyPattern ?? {});
    return new ConflictError(
      text(
        `Đã có bản ghi trùng (${fields.join(', ')})`,
        `A record with the same ${fields.join(', ')} already exists`,
      ),
      { fields },
    );
  }
  if (err instanceof mongoose.Error.ValidationError || err instanceof mongoose.Error.CastError) {
    return new ValidationError(text('Dữ liệu không hợp lệ', 'Invalid data'), { reason: err.message });
  }
  const bodyError = err as { type?: string; status?: number };
  if (bodyError.type === 'entity.parse.failed') {
    return new ValidationError(
      text('Nội dung gửi lên không phải JSON hợp lệ', 'The request body is not valid JSON'),
    );
  }
  if (bodyError.type === 'entity.too.large') {
    const limit = sizeInWords((err as { limit?: number }).limit);
    return new PayloadTooLargeError(
      text(
        `Nội dung gửi lên quá lớn (tối đa ${limit}); hãy gửi ít dữ liệu hơn mỗi lần`,
        `The request body is too large (at most ${limit}); send less at a time`,
      ),
      { limit },
    );
  }
  // body-parser answers 415 for these; the client sent a body we cannot read, as with malformed JSON.
  if (bodyError.type === 'charset.unsupported' || bodyError.type === 'encoding.unsupported') {
    return new ValidationError(
      text(
        'Nội dung gửi lên dùng bảng mã hoặc kiểu nén không được hỗ trợ (hãy gửi JSON UTF-8)',
        'The request body uses an unsupported charset or encoding (send UTF-8 JSON)',
      ),
    );
  }
  if (typeof bodyError.status === 'number' && bodyError.status === 400) {
    return new ValidationError(text('Yêu cầu không hợp lệ', 'Malformed request'));
  }
  return undefined;
}

/** 1048576 → "1 MB", 102400 → "100 KB" (body-parser gives the limit in bytes). */
export function sizeInWords(bytes: number | undefined): string {
  if (!bytes) return '?';
  if (bytes >= 1024 * 1024) return `${Math.round((bytes / (1024 * 1024)) * 10) / 10} MB`;
  return `${Math.round(bytes / 1024)} KB`;
}

function isDuplicateKey(
  err: unknown,
): err is { code: number; keyValue?: Record<string, unknown>; keyPattern?: Record<string, unknown> } {
  return isDuplicateKeyError(err);
}

function isLocalized(v: unknown): v is LocalizedText {
  return typeof v === 'object' && v !== null && 'vi' in v && 'en' in v && Object.keys(v).length === 2;
}

/** Details may carry {vi, en} messages at any depth; the client gets its language only. */
function localize(v: unknown, lang: Language): unknown {
  if (isLocalized(v)) return v[lang];
  if (Array.isArray(v)) return v.map((x) => localize(x, lang));
  if (v && typeof v === 'object')
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, localize(x, lang)]));
  return v;
}
