import { operation, page, type PathItems } from '../openapi/describe';
import { PasswordResetShape } from './shapes';
import {
  changePasswordBody,
  createUserBody,
  listUsersQuery,
  loginBody,
  updateUserBody,
  userIdParams,
} from './schemas';

const ALL = ['admin', 'official', 'commune_staff', 'installer'] as const;
const MANAGERS = ['admin', 'official'] as const;

export const authApiPaths: PathItems = {
  '/login': {
    post: operation({
      summary: 'Sign in; returns a bearer token that expires (TOKEN_TTL_MINUTES)',
      description: 'Rate-limited per username (failed attempts) and per client address.',
      body: loginBody,
      responses: { 200: 'LoginResult' },
      errors: [401, 429],
    }),
  },
  '/me': { get: operation({ summary: 'The signed-in user', roles: ALL, responses: { 200: 'User' } }) },
  '/logout': {
    post: operation({ summary: 'End this sign-in session', roles: ALL, responses: { 204: null } }),
  },
  '/password': {
    post: operation({
      summary: 'Change one’s own password (ends every session of the user)',
      roles: ALL,
      body: changePasswordBody,
      responses: { 204: null },
      errors: [409],
    }),
  },
};

export const userApiPaths: PathItems = {
  '/': {
    get: operation({
      summary: 'Users visible to the actor (admin: all; official: inside their area)',
      roles: MANAGERS,
      query: listUsersQuery,
      responses: { 200: page('User') },
    }),
    post: operation({
      summary: 'Create a user (official: commune staff and installers in their area, officials below them)',
      roles: MANAGERS,
      body: createUserBody,
      responses: { 201: 'User' },
      errors: [404, 409, 422],
    }),
  },
  '/{id}': {
    get: operation({
      summary: 'One user',
      roles: MANAGERS,
      params: userIdParams,
      responses: { 200: 'User' },
      errors: [404],
    }),
    patch: operation({
      summary:
        'Change a user: name, phone, role, area, active, password. Deactivation ends their sessions at once.',
      roles: MANAGERS,
      params: userIdParams,
      body: updateUserBody,
      responses: { 200: 'User' },
      errors: [404, 409, 422],
    }),
  },
  '/{id}/password-reset': {
    post: operation({
      summary: 'Reset a user’s password: a generated one-time password, answered once',
      description:
        'Ends the user’s sessions. The user signs in with it and must choose a new password ' +
        '(`POST /auth/password`) before anything else: `user.mustChangePassword` is true, and every other ' +
        'route answers 403 with `details.mustChangePassword`. Audited as `user.password_reset` (without ' +
        'the password). An official resets the users below them in their area; one’s own password is ' +
        'changed, not reset (422).',
      roles: MANAGERS,
      params: userIdParams,
      responses: { 200: PasswordResetShape },
      errors: [404, 409, 422],
    }),
  },
};
