import { model, Schema, type InferSchemaType } from 'mongoose';
import { areaPathSchema as areaPath } from '../database/area-path';
import { INSPECTION_RESULTS, INSPECTION_STATUSES } from './results';

/** One sampled delivered household to visit, and what the official found there. */
const inspectionSchema = new Schema(
  {
    sampleId: { type: String, required: true },
    /** Place in the sample's visiting order (1, 2, …), from the seed. */
    order: { type: Number, required: true },
    deliveryId: { type: String, required: true },
    batchId: { type: String, required: true },
    householdId: { type: String, required: true },
    /** Copied from the delivery so scope filters and the summary need no $lookup. */
    area: { type: areaPath, required: true },
    village: { type: String, required: true },
    /** Who and where to visit, as the delivery recorded them (no national ID: not needed on site). */
    household: {
      type: new Schema(
        {
          fullName: { type: String, required: true },
          address: { type: String, default: null },
          phone: { type: String, default: null },
        },
        { _id: false },
      ),
      required: true,
    },
    serial: { type: String, default: null },
    deliveredAt: { type: Date, default: null },
    status: { type: String, enum: INSPECTION_STATUSES, required: true, default: 'pending' },
    result: { type: String, enum: [...INSPECTION_RESULTS, null], default: null },
    notes: { type: String, default: null },
    inspectedBy: { type: String, default: null },
    inspectedAt: { type: Date, default: null },
    version: { type: Number, required: true, default: 1 },
    createdBy: { type: String, required: true },
  },
  { timestamps: true },
);

inspectionSchema.index({ sampleId: 1, deliveryId: 1 }, { unique: true });
inspectionSchema.index({ sampleId: 1, order: 1, _id: 1 });
inspectionSchema.index({ 'area.provinceCode': 1, sampleId: 1, order: 1, _id: 1 });
inspectionSchema.index({ 'area.provinceCode': 1, status: 1 });
inspectionSchema.index({ 'area.communeCode': 1, status: 1 });
inspectionSchema.index({ deliveryId: 1 });

export type InspectionDoc = InferSchemaType<typeof inspectionSchema>;
export const InspectionModel = model('Inspection', inspectionSchema, 'inspections');
