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
  version: Type.Integer(),
  createdAt: DateTime(),
  updatedAt: DateTime(),
});
export type User = Static<typeof UserShape>;

export const LoginResultShape = Type.Object({
  token: Type.String(),
  tokenType: StringEnum(['Bearer'] as const),
  expiresAt: DateTime(),
  user: UserShape,
});
export type LoginResult = Static<typeof LoginResultShape>;
