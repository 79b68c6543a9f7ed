import { model, Schema, type InferSchemaType } from 'mongoose';
import { AREA_LEVELS } from '../users/roles';

/** A drawn sample: enough (area, seed, rule) to draw it again and check it is the same. */
const sampleSchema = new Schema(
  {
    name: { type: String, default: null },
    area: {
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
      required: true,
    },
    seed: { type: String, required: true },
    rule: {
      type: new Schema(
        {
          size: { type: Number, default: null },
          rate: { type: Number, default: null },
          deliveredFrom: { type: Date, default: null },
          deliveredTo: { type: Date, default: null },
        },
        { _id: false },
      ),
      required: true,
    },
    counts: {
      type: new Schema(
        {
          /** Delivered deliveries the sample was drawn from, and their communes. */
          candidates: { type: Number, required: true },
          communes: { type: Number, required: true },
          drawn: { type: Number, required: true },
          /** Communes with at least one drawn delivery. */
          communesCovered: { type: Number, required: true },
        },
        { _id: false },
      ),
      required: true,
    },
    /** The drawn deliveries in visiting order. */
    deliveryIds: { type: [String], default: [] },
    createdBy: { type: String, required: true },
  },
  { timestamps: true },
);

sampleSchema.index({ 'area.provinceCode': 1, createdAt: -1, _id: -1 });
sampleSchema.index({ 'area.provinceCode': 1, 'area.districtCode': 1, createdAt: -1, _id: -1 });
sampleSchema.index({ createdAt: -1, _id: -1 });

export type InspectionSampleDoc = InferSchemaType<typeof sampleSchema>;
export const InspectionSampleModel = model('InspectionSample', sampleSchema, 'inspection_samples');
