import { model, Schema } from 'mongoose';
import { RECEIVER_TYPES } from '../receiver-types';
import { RECEIVER_STATUSES } from './status';

// Receivers per province, type, lot and supplier and status, kept at every status change so the
// inventory report reads a few documents, not a province's 40,000 receivers (DESIGN §11: on FerretDB
// a province-wide $group over receivers took 5.5 s at 40,000). `npm run receivers:recount` rebuilds
// them from the receivers and prints any drift.
const counts = Object.fromEntries(RECEIVER_STATUSES.map((s) => [s, { type: Number, default: 0 }]));

const receiverCounterSchema = new Schema(
  {
    /** `<province>|<type>|<lot>|<supplier>#<shard>` (empty for no lot or supplier; counters.ts sums the shards). */
    _id: { type: String, required: true },
    provinceCode: { type: String, required: true },
    type: { type: String, enum: RECEIVER_TYPES, required: true },
    lot: { type: String, default: null },
    supplier: { type: String, default: null },
    counts: { type: new Schema(counts, { _id: false }), required: true },
  },
  { timestamps: true, versionKey: false },
);

receiverCounterSchema.index({ provinceCode: 1 });

export const ReceiverCounterModel = model('ReceiverCounter', receiverCounterSchema, 'receiver_counters');
