import { type Router } from 'express';
import { apiRouter } from '../http/api-router';
import { actorOf, requireRole, signedIn } from '../http/auth';
import { parse, parseQuery } from '../http/validate';
import { loginThrottle, type ThrottleSettings } from './login-throttle';
import {
  changePasswordBody,
  createUserBody,
  listUsersQuery,
  loginBody,
  updateUserBody,
  userIdParams,
} from './schemas';
import * as users from './service';
import * as signIn from './sign-in';

export function authRoutes(settings: ThrottleSettings & { tokenTtlMinutes: number }): Router {
  const router = apiRouter();

  router.post('/login', ...loginThrottle(settings), async (req, res) => {
    const input = parse(loginBody, req.body);
    res.json(await signIn.login(input, settings.tokenTtlMinutes, req.ip ?? null));
  });

  router.get('/me', signedIn, async (req, res) => {
    res.json(await signIn.currentUser(actorOf(req)));
  });

  router.post('/logout', signedIn, async (req, res) => {
    await signIn.logout((req.get('authorization') ?? '').replace(/^Bearer /, ''));
    res.status(204).end();
  });

  router.post('/password', signedIn, async (req, res) => {
    const input = parse(changePasswordBody, req.body);
    await signIn.changeOwnPassword(input, actorOf(req));
    res.status(204).end();
  });

  return router;
}

export const userRoutes = apiRouter();

userRoutes.get('/', requireRole('admin', 'official'), async (req, res) => {
  const input = parseQuery(listUsersQuery, req.query);
  res.json(await users.listUsers(input, actorOf(req)));
});

userRoutes.post('/', requireRole('admin', 'official'), async (req, res) => {
  const input = parse(createUserBody, req.body);
  res.status(201).json(await users.createUser(input, actorOf(req)));
});

userRoutes.get('/:id', requireRole('admin', 'official'), async (req, res) => {
  const { id } = parse(userIdParams, req.params);
  res.json(await users.getUser(id, actorOf(req)));
});

userRoutes.post('/:id/password-reset', requireRole('admin', 'official'), async (req, res) => {
  const { id } = parse(userIdParams, req.params);
  res.json(await users.resetPassword(id, actorOf(req)));
});

userRoutes.patch('/:id', requireRole('admin', 'official'), async (req, res) => {
  const { id } = parse(userIdParams, req.params);
  const input = parse(updateUserBody, req.body);
  res.json(await users.updateUser(id, input, actorOf(req)));
});
