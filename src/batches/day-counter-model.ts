import { model, Schema } from 'mongoose';

// Confirmed deliveries per commune and Vietnam calendar day, kept at every confirmation by the
// batches feature (countDeliveryDay), so the progress report reads areas × days, never deliveries.
// `npm run stats:recompute` rebuilds them from the deliveries and prints any drift.
const dayCounterSchema = new Schema(
  {
    _id: { type: String, required: true }, // `${communeCode}:${day}`
    provinceCode: { type: String, required: true },
    districtCode: { type: String, default: null },
    communeCode: { type: String, required: true },
    /** 'YYYY-MM-DD' in Asia/Ho_Chi_Minh (UTC+7). */
    day: { type: String, required: true },
    delivered: { type: Number, required: true, default: 0 },
    /** The last confirmations counted (their delivery markers' keys), so none counts twice. */
    moves: { type: [String], default: undefined },
  },
  { timestamps: true, versionKey: false },
);

dayCounterSchema.index({ provinceCode: 1, day: 1 });
dayCounterSchema.index({ districtCode: 1, day: 1 });
dayCounterSchema.index({ communeCode: 1, day: 1 });

export const DeliveryDayCounterModel = model('DeliveryDayCounter', dayCounterSchema, 'delivery_day_counters');
