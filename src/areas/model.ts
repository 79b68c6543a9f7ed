import { model, Schema, type InferSchemaType } from 'mongoose';
import { RECEIVER_TYPES } from '../receiver-types';
import { AREA_LEVELS } from '../users/roles';

const targetsSchema = new Schema(
  {
    poor: { type: Number, required: true, min: 0 },
    nearPoor: { type: Number, required: true, min: 0 },
    listYear: { type: Number, required: true },
    updatedAt: { type: Date, required: true },
  },
  { _id: false },
);

const areaSchema = new Schema(
  {
    code: { type: String, required: true },
    name: { type: String, required: true },
    // The area search (`listAreas`'s q) matches part of it: a trigram index on the embedded default.
    nameFolded: { type: String, required: true, trigram: true },
    level: { type: String, enum: AREA_LEVELS, required: true },
    type: { type: String, required: true },
    parentCode: { type: String, default: null },
    provinceCode: { type: String, required: true },
    districtCode: { type: String, default: null },
    communeCode: { type: String, default: null },
    /** Which administrative list the area came from ("2025", "2024" or a file name). */
    source: { type: String, required: true },
    targets: { type: targetsSchema, default: null },
    defaultReceiverType: { type: String, enum: RECEIVER_TYPES, default: null },
    switchOffDate: { type: Date, default: null },
  },
  { timestamps: true },
);

areaSchema.index({ code: 1 }, { unique: true });
areaSchema.index({ level: 1, code: 1 });
areaSchema.index({ parentCode: 1, code: 1 });
areaSchema.index({ provinceCode: 1, level: 1, code: 1 });
areaSchema.index({ provinceCode: 1, code: 1 });
areaSchema.index({ districtCode: 1, code: 1 });

export type AreaDoc = InferSchemaType<typeof areaSchema>;
export const AreaModel = model('Area', areaSchema, 'areas');
