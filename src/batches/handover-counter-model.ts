import { model, Schema } from 'mongoose';

// The last handover record number given per province and Vietnam year (handover-numbers.ts), one
// document a province and year keyed by `${provinceCode}:${year}`: read and written by `_id` only.
const handoverCounterSchema = new Schema(
  { _id: { type: String, required: true }, provinceCode: String, year: Number, last: Number },
  { timestamps: true, versionKey: false },
);

export const HandoverCounterModel = model('HandoverCounter', handoverCounterSchema, 'handover_counters');
