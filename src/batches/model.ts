import { model, Schema, type InferSchemaType } from 'mongoose';
import { RECEIVER_TYPES } from '../receiver-types';
import { BATCH_STATUSES } from './status';

const batchSchema = new Schema(
  {
    /** Human-readable and unique: "<province>-D<phase>-<n>", e.g. "25-D1-003". */
    code: { type: String, required: true },
    name: { type: String, required: true },
    phase: { type: Number, required: true },
    provinceCode: { type: String, required: true },
    communeCodes: { type: [String], required: true },
    receiverType: { type: String, enum: RECEIVER_TYPES, required: true },
    installerIds: { type: [String], default: [] },
    plannedStart: { type: Date, default: null },
    plannedEnd: { type: Date, default: null },
    status: { type: String, enum: BATCH_STATUSES, required: true, default: 'planned' },
    startedAt: { type: Date, default: null },
    closedAt: { type: Date, default: null },
    notes: { type: String, default: null },
    /** Pending + delivered deliveries, claimed before they are created (capacity.ts); null: not yet counted. */
    promisedCount: { type: Number, default: null },
    version: { type: Number, required: true, default: 1 },
    createdBy: { type: String, required: true },
  },
  { timestamps: true },
);

batchSchema.index({ code: 1 }, { unique: true });
batchSchema.index({ provinceCode: 1, createdAt: -1, _id: -1 });
// An admin's list of every province's batches (the web app's Đợt lắp đặt before a province is chosen).
batchSchema.index({ createdAt: -1, _id: -1 });
batchSchema.index({ installerIds: 1 });

export type BatchDoc = InferSchemaType<typeof batchSchema>;
export const BatchModel = model('Batch', batchSchema, 'batches');
