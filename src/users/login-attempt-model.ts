import { model, Schema } from 'mongoose';

// One document per counted login attempt. Counting inserted documents, rather than $inc on a
// counter, stays exact under parallel requests on every supported server (FerretDB 1.x applies
// $inc as read-modify-write and loses increments). Old entries are removed by the throttle itself
// (no TTL index: FerretDB has none).
const loginAttemptSchema = new Schema({
  key: { type: String, required: true },
  at: { type: Date, required: true },
});

loginAttemptSchema.index({ key: 1, at: 1 });
loginAttemptSchema.index({ at: 1 });

export const LoginAttemptModel = model('LoginAttempt', loginAttemptSchema, 'login_attempts');
