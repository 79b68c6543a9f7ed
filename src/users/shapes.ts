import { DateTime, Nullable, StringEnum, Type, type Static } from '../openapi/shape';
import { AREA_LEVELS, ROLES } from './roles';

// Users and sign-in as the API answers them: the TypeScript types and the OpenAPI components.

export const ScopeShape = Type.Object({
  code: Type.String(),
  level: StringEnum(AREA_LEVELS),
  provinceCode: Type.String(),
  districtCode: Nullable(Type.String()),
  communeCode: Nullable(Type.String()),
});

export const UserShape = Type.Object({
  id: Type.String(),
  username: Type.String(),
  fullName: Type.String(),
  phone: Nullable(Type.String()),
  role: StringEnum(ROLES),
  scope: Nullable(ScopeShape),
  active: Type.Boolean(),
  mustChangePassword: Type.Boolean({
    description:
      'After a password reset: every route but /auth/me, /auth/password and /auth/logout answers 403 until the user picks a new password',
  }),
  version: Type.Integer(),
  createdAt: DateTime(),
  updatedAt: DateTime(),
});
export type User = Static<typeof UserShape>;

export const PasswordResetShape = Type.Object({
  user: UserShape,
  password: Type.String({
    description: 'The generated one-time password, shown this once (not stored in clear, not audited)',
  }),
});
export type PasswordReset = Static<typeof PasswordResetShape>;

export const LoginResultShape = Type.Object({
  token: Type.String(),
  tokenType: StringEnum(['Bearer'] as const),
  expiresAt: DateTime(),
  user: UserShape,
});
export type LoginResult = Static<typeof LoginResultShape>;
