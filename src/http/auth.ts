import type { Request, RequestHandler } from 'express';
import { ForbiddenError, text, UnauthenticatedError } from '../errors';
import type { Actor, Role } from '../users/roles';

declare module 'express-serve-static-core' {
  interface Request {
    actor?: Actor;
  }
}

export type ActorResolver = (token: string) => Promise<Actor>;

/**
 * Reads a bearer token when one is sent and resolves the actor (the resolver throws
 * UnauthenticatedError for an unknown, expired or deactivated one). Routes then say who may call them.
 */
export function authenticate(resolve: ActorResolver): RequestHandler {
  return async (req, _res, next) => {
    const header = req.get('authorization');
    if (header) {
      const match = /^Bearer ([A-Za-z0-9_-]{20,200})$/.exec(header);
      if (!match) throw new UnauthenticatedError(text('Mã đăng nhập không hợp lệ', 'Malformed bearer token'));
      req.actor = await resolve(match[1]);
    }
    next();
  };
}

export function actorOf(req: Request): Actor {
  if (!req.actor) throw new UnauthenticatedError(text('Vui lòng đăng nhập', 'Sign in first'));
  return req.actor;
}

/** Every route but login states its roles; an unauthenticated call is 401, a wrong role 403. */
export function requireRole(...roles: Role[]): RequestHandler {
  return (req, _res, next) => {
    const actor = actorOf(req);
    assertPasswordChosen(actor);
    if (!roles.includes(actor.role)) {
      throw new ForbiddenError(
        text('Vai trò của bạn không được phép thực hiện thao tác này', 'Your role may not do this'),
        { allowedRoles: roles },
      );
    }
    next();
  };
}

export const anyRole = requireRole('admin', 'official', 'commune_staff', 'installer');

/** After a password reset the one-time password opens nothing but choosing a new one. */
function assertPasswordChosen(actor: Actor): void {
  if (actor.mustChangePassword) {
    throw new ForbiddenError(
      text(
        'Mật khẩu vừa được đặt lại: hãy đổi mật khẩu trước khi tiếp tục',
        'Your password was reset: choose a new one first',
      ),
      { mustChangePassword: true },
    );
  }
}

/** Any signed-in user, also one who must still change a reset password (/auth/me, /password, /logout). */
export const signedIn: RequestHandler = (req, _res, next) => {
  actorOf(req);
  next();
};
