import { model, Schema } from 'mongoose';

// Blank handover forms (issue 12, item 7): numbers of the province/year sequence reserved for paper
// records filled by hand where the phone cannot be used. A reservation names its batch and numbers;
// each reserved number is its own document, keyed by the number (`_id` look-ups only, DESIGN §11),
// which records the delivery it was later used for, so the paper and the system agree.

const reservationSchema = new Schema(
  {
    _id: { type: String, required: true },
    batchId: { type: String, required: true },
    provinceCode: { type: String, required: true },
    numbers: { type: [String], required: true },
    reservedBy: { type: String, required: true },
  },
  { timestamps: true, versionKey: false },
);
reservationSchema.index({ batchId: 1, createdAt: -1 });
export const HandoverFormModel = model('HandoverForm', reservationSchema, 'handover_forms');

const paperNumberSchema = new Schema(
  {
    _id: { type: String, required: true }, // "000123/2026/BB-BG"
    batchId: { type: String, required: true },
    formId: { type: String, required: true },
    /** The delivery confirmed with this paper number; null while the paper is unused. */
    deliveryId: { type: String, default: null },
    usedAt: { type: Date, default: null },
  },
  { timestamps: true, versionKey: false },
);
export const PaperNumberModel = model('HandoverPaperNumber', paperNumberSchema, 'handover_paper_numbers');
