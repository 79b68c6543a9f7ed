import { model, Schema } from 'mongoose';

// Sign-in sessions live in the database so any instance can check a token and a deactivation or
// sign-out takes effect at once everywhere. Only the SHA-256 of the token is stored, as the _id:
// every request looks its session up, and on FerretDB only an _id equality is a direct lookup.
const sessionSchema = new Schema(
  {
    _id: { type: String, required: true },
    userId: { type: String, required: true },
    expiresAt: { type: Date, required: true },
    address: { type: String, default: null },
  },
  { timestamps: true },
);

sessionSchema.index({ userId: 1 });
sessionSchema.index({ expiresAt: 1 });

export const SessionModel = model('Session', sessionSchema, 'sessions');
