import { model, Schema, type InferSchemaType } from 'mongoose';
import { areaPathSchema as areaPath } from '../database/area-path';
import { pendingAuditField } from '../audit/pending';
import { DELIVERY_STATUSES, FAILURE_REASONS } from './status';

const deliverySchema = new Schema(
  {
    batchId: { type: String, required: true },
    householdId: { type: String, required: true },
    /** Copied from the household so reports and scope filters need no $lookup. */
    area: { type: areaPath, required: true },
    village: { type: String, required: true },
    /**
     * The household as it was when added to the batch, for the installer's worklist without a
     * lookup per row; the delivery's own page reads the household itself.
     */
    household: {
      type: new Schema(
        {
          fullName: { type: String, required: true },
          nationalId: { type: String, required: true },
          address: { type: String, default: null },
          phone: { type: String, default: null },
        },
        { _id: false },
      ),
      required: true,
    },
    status: { type: String, enum: DELIVERY_STATUSES, required: true, default: 'pending' },
    /**
     * Invariant 2, kept by a unique index without transactions: `pending:<household>` while pending,
     * `delivered:<household>` once delivered, the delivery's own id once it failed or was cancelled.
     * So a household never has two pending deliveries, nor two delivered ones.
     */
    slot: { type: String, required: true },
    serial: { type: String, default: null },
    recipientName: { type: String, default: null },
    recipientIdLast4: { type: String, default: null },
    /** The last four digits given match the head's national ID (else a family member signed). */
    recipientIsHead: { type: Boolean, default: null },
    /** Who signed when not the head: "vợ", "con trai"… (required then; issue 12). */
    recipientRelation: { type: String, default: null },
    /** The installer's phone's clock at capture, as sent (deliveredAt is it when plausible, else server time). */
    capturedAt: { type: Date, default: null },
    /** "000123/2026/BB-BG": numbered per province and year at confirmation (handover-numbers.ts). */
    handoverNumber: { type: String, default: null },
    deliveredAt: { type: Date, default: null },
    signalReceived: { type: Boolean, default: null },
    location: {
      type: new Schema({ lat: Number, lng: Number, accuracyM: Number }, { _id: false }),
      default: null,
    },
    photoId: { type: String, default: null },
    notes: { type: String, default: null },
    /**
     * Every failed visit, temporary or final (issue 12): a temporary one keeps the delivery pending
     * for a revisit. `key` is the request's Idempotency-Key, so a retried attempt is not counted twice.
     */
    attempts: {
      type: [
        new Schema(
          {
            at: { type: Date, required: true },
            reason: { type: String, enum: FAILURE_REASONS, required: true },
            notes: { type: String, default: null },
            by: { type: String, required: true },
            key: { type: String, default: null },
          },
          { _id: false },
        ),
      ],
      default: [],
    },
    failureReason: { type: String, enum: [...FAILURE_REASONS, null], default: null },
    failedAt: { type: Date, default: null },
    cancelledAt: { type: Date, default: null },
    /** The user who confirmed or failed it (an installer, or an official). */
    completedBy: { type: String, default: null },
    version: { type: Number, required: true, default: 1 },
    createdBy: { type: String, required: true },
    /** The audit entry of the last change until it is written (audit/pending.ts). */
    pendingAudit: pendingAuditField,
  },
  { timestamps: true },
);

deliverySchema.index({ slot: 1 }, { unique: true });
// Worklists go by commune, village and the order households were added.
deliverySchema.index({ batchId: 1, status: 1, 'area.communeCode': 1, village: 1, createdAt: 1, _id: 1 });
deliverySchema.index({ 'area.provinceCode': 1, 'area.communeCode': 1, village: 1, createdAt: 1, _id: 1 });
// The worklist of one batch, every status (a revisit's delivery stays pending with its attempts).
deliverySchema.index({ batchId: 1, 'area.communeCode': 1, village: 1, createdAt: 1, _id: 1 });
deliverySchema.index({ householdId: 1, updatedAt: -1 });
deliverySchema.index({ 'area.provinceCode': 1, status: 1, deliveredAt: 1 });
deliverySchema.index({ 'area.communeCode': 1, status: 1, deliveredAt: 1 });
deliverySchema.index({ 'pendingAudit.open': 1 });

export type DeliveryDoc = InferSchemaType<typeof deliverySchema>;
export const DeliveryModel = model('Delivery', deliverySchema, 'deliveries');
