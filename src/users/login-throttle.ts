import type { Request, RequestHandler } from 'express';
import { ipKeyGenerator, rateLimit, type Options, type Store } from 'express-rate-limit';
import { RateLimitedError, text } from '../errors';
import { LoginAttemptModel } from './login-attempt-model';

// Login is rate-limited per username (failed attempts only) and per client address (all attempts),
// with the counts kept in the database so every instance behind a load balancer shares them.

/** An express-rate-limit store over the login_attempts collection, one document per hit. */
export class LoginAttemptStore implements Store {
  private windowMs = 60_000;
  private hits = 0;
  readonly localKeys = false;
  constructor(readonly prefix: string) {}

  init(options: Options): void {
    this.windowMs = options.windowMs;
  }

  async increment(key: string) {
    const now = Date.now();
    const k = this.prefix + key;
    await LoginAttemptModel.create({ key: k, at: new Date(now) });
    const since = new Date(now - this.windowMs);
    const [totalHits, first] = await Promise.all([
      LoginAttemptModel.countDocuments({ key: k, at: { $gt: since } }),
      LoginAttemptModel.findOne({ key: k, at: { $gt: since } })
        .sort({ at: 1 })
        .lean(),
    ]);
    if (++this.hits % 100 === 0) await this.forgetOld(now);
    return { totalHits, resetTime: new Date((first?.at.getTime() ?? now) + this.windowMs) };
  }

  async decrement(key: string): Promise<void> {
    const latest = await LoginAttemptModel.findOne({ key: this.prefix + key })
      .sort({ at: -1 })
      .lean();
    if (latest) await LoginAttemptModel.deleteOne({ _id: latest._id });
  }

  async resetKey(key: string): Promise<void> {
    await LoginAttemptModel.deleteMany({ key: this.prefix + key });
  }

  private async forgetOld(now: number): Promise<void> {
    await LoginAttemptModel.deleteMany({
      key: { $regex: `^${this.prefix}` },
      at: { $lt: new Date(now - this.windowMs) },
    });
  }
}

export interface ThrottleSettings {
  windowMinutes: number;
  maxPerUser: number;
  maxPerAddress: number;
}

function refuse(): never {
  throw new RateLimitedError(
    text(
      'Đăng nhập sai quá nhiều lần; vui lòng chờ ít phút rồi thử lại',
      'Too many sign-in attempts; wait a few minutes and try again',
    ),
  );
}

function usernameOf(req: Request): string {
  const u = (req.body as { username?: unknown } | undefined)?.username;
  return typeof u === 'string' ? u.trim().toLowerCase().slice(0, 64) : '';
}

export function loginThrottle(s: ThrottleSettings): RequestHandler[] {
  const windowMs = s.windowMinutes * 60_000;
  const common = { windowMs, standardHeaders: 'draft-8' as const, legacyHeaders: false, handler: refuse };
  return [
    rateLimit({
      ...common,
      limit: s.maxPerAddress,
      store: new LoginAttemptStore('addr:'),
      keyGenerator: (req) => ipKeyGenerator(req.ip ?? 'unknown'),
    }),
    rateLimit({
      ...common,
      limit: s.maxPerUser,
      store: new LoginAttemptStore('user:'),
      skipSuccessfulRequests: true,
      keyGenerator: (req) => usernameOf(req),
      skip: (req) => usernameOf(req) === '',
    }),
  ];
}
