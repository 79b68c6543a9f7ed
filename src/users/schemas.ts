import Joi from 'joi';
import { areaCode, objectId, page, pageSize, searchText } from '../http/joi-fields';
import { ROLES } from './roles';
import type { CreateUserInput, ListUsersInput, UpdateUserInput } from './service';
import type { ChangePasswordInput, LoginInput } from './sign-in';

const username = Joi.string()
  .trim()
  .lowercase()
  .pattern(/^[a-z0-9._-]{3,40}$/, 'letters, digits, dot, dash or underscore, 3–40 characters');
const password = Joi.string().min(10).max(200);
const fullName = Joi.string().trim().min(2).max(120);
const phone = Joi.string().pattern(/^0\d{9}$/, 'Vietnamese phone 0XXXXXXXXX');

export const loginBody = Joi.object<LoginInput>({
  username: Joi.string().trim().max(64).required(),
  password: Joi.string().max(200).required(),
});

export const changePasswordBody = Joi.object<ChangePasswordInput>({
  currentPassword: Joi.string().max(200).required(),
  newPassword: password.required(),
});

export const createUserBody = Joi.object<CreateUserInput>({
  username: username.required(),
  password: password.required(),
  fullName: fullName.required(),
  phone,
  role: Joi.string()
    .valid(...ROLES)
    .required(),
  areaCode,
});

export const updateUserBody = Joi.object<UpdateUserInput>({
  version: Joi.number().integer().min(1),
  fullName,
  phone: phone.allow(null),
  role: Joi.string().valid(...ROLES),
  areaCode: areaCode.allow(null),
  active: Joi.boolean(),
  password,
}).min(1);

export const listUsersQuery = Joi.object<ListUsersInput>({
  role: Joi.string().valid(...ROLES),
  areaCode,
  active: Joi.boolean(),
  q: searchText,
  page,
  pageSize,
});

export const userIdParams = Joi.object<{ id: string }>({ id: objectId.required() });
