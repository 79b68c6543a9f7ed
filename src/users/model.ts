import { model, Schema, type InferSchemaType } from 'mongoose';
import { AREA_LEVELS, ROLES } from './roles';

const userSchema = new Schema(
  {
    username: { type: String, required: true, lowercase: true, trim: true },
    fullName: { type: String, required: true },
    fullNameFolded: { type: String, required: true },
    phone: { type: String, default: null },
    role: { type: String, enum: ROLES, required: true },
    /** null for a nation-wide admin. */
    scope: {
      type: new Schema(
        {
          code: { type: String, required: true },
          level: { type: String, enum: AREA_LEVELS, required: true },
          provinceCode: { type: String, required: true },
          districtCode: { type: String, default: null },
          communeCode: { type: String, default: null },
        },
        { _id: false },
      ),
      default: null,
    },
    passwordHash: { type: String, required: true },
    active: { type: Boolean, required: true, default: true },
    /** Set by a password reset: the one-time password works only to choose a new one (POST /auth/password). */
    mustChangePassword: { type: Boolean, default: false },
    createdBy: { type: String, required: true },
    version: { type: Number, required: true, default: 1 },
  },
  { timestamps: true },
);

userSchema.index({ username: 1 }, { unique: true });
// User lists go by username within the filters an official or admin uses.
userSchema.index({ 'scope.provinceCode': 1, role: 1, username: 1 });
userSchema.index({ 'scope.provinceCode': 1, username: 1 });
userSchema.index({ 'scope.code': 1, username: 1 });
userSchema.index({ role: 1, username: 1 });
userSchema.index({ active: 1, username: 1 });

export type UserDoc = InferSchemaType<typeof userSchema>;
export const UserModel = model('User', userSchema, 'users');
