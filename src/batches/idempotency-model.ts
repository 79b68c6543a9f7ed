import { model, Schema } from 'mongoose';

// The first answer to a request sent with an Idempotency-Key, so a retry gets the same answer.
// Kept in the database so any instance answers the retry (DESIGN §12, stateless service).
const idempotencySchema = new Schema(
  {
    _id: { type: String, required: true }, // `${actorId}:${key}`
    requestHash: { type: String, required: true },
    response: { type: Schema.Types.Mixed, required: true },
  },
  { timestamps: true, versionKey: false },
);

export const IdempotencyModel = model('IdempotencyRecord', idempotencySchema, 'idempotency_keys');
