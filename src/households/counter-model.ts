import { model, Schema } from 'mongoose';
import { HOUSEHOLD_STATUSES } from './status';

// Households per commune and status, kept at every transition so reports cost follows the number
// of areas, not households (DESIGN §8). `npm run households:recount` rebuilds them and prints drift.
const counts = Object.fromEntries(HOUSEHOLD_STATUSES.map((s) => [s, { type: Number, default: 0 }]));

const counterSchema = new Schema(
  {
    _id: { type: String, required: true }, // the commune code
    provinceCode: { type: String, required: true },
    districtCode: { type: String, default: null },
    counts: { type: new Schema(counts, { _id: false }), required: true },
    /** Failed delivery attempts (kept by batches); a household may fail more than once. */
    failedAttempts: { type: Number, default: 0 },
    /** The last keyed moves applied (bulk chunks), so a redone chunk never counts twice. */
    moves: { type: [String], default: undefined },
    /** The last failed attempts counted (their delivery markers' keys), so none counts twice. */
    attemptMoves: { type: [String], default: undefined },
  },
  { timestamps: true, versionKey: false },
);

counterSchema.index({ provinceCode: 1 });
counterSchema.index({ districtCode: 1 });

export const HouseholdCounterModel = model('HouseholdCounter', counterSchema, 'household_counters');
