import { Schema } from 'mongoose';

/** A record's commune and the district and province above it, as a sub-document (no _id). */
export const areaPathSchema = new Schema(
  {
    provinceCode: { type: String, required: true },
    districtCode: { type: String, default: null },
    communeCode: { type: String, required: true },
  },
  { _id: false },
);
