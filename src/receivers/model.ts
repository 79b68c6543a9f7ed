import { model, Schema, type InferSchemaType } from 'mongoose';
import { pendingAuditField } from '../audit/pending';
import { RECEIVER_TYPES } from '../receiver-types';
import { RECEIVER_STATUSES } from './status';

const receiverSchema = new Schema(
  {
    /** Trimmed, upper case: what the installer scans. */
    serial: { type: String, required: true },
    type: { type: String, enum: RECEIVER_TYPES, required: true },
    model: { type: String, default: null },
    supplier: { type: String, default: null },
    lot: { type: String, default: null },
    /** The province whose stock the receiver belongs to. */
    provinceCode: { type: String, required: true },
    status: { type: String, enum: RECEIVER_STATUSES, required: true, default: 'in_stock' },
    /** Set while allocated to a batch, and kept once installed. */
    batchId: { type: String, default: null },
    /** Set once installed (bound at handover, DESIGN §6). */
    householdId: { type: String, default: null },
    deliveryId: { type: String, default: null },
    installedAt: { type: Date, default: null },
    /** Why it was marked defective or lost, or how it was repaired. */
    statusReason: { type: String, default: null },
    /**
     * Invariant 1, kept by a unique index: the household id once installed (so no household gets a
     * second receiver), the serial before (unique anyway; no partial indexes on FerretDB).
     */
    installedKey: { type: String, required: true },
    version: { type: Number, required: true, default: 1 },
    createdBy: { type: String, required: true },
    /** The audit entry of the last change until it is written (audit/pending.ts). */
    pendingAudit: pendingAuditField,
  },
  { timestamps: true },
);

receiverSchema.index({ serial: 1 }, { unique: true });
// Allocation by count takes the oldest in stock of a type; listings go by serial.
receiverSchema.index({ provinceCode: 1, status: 1, type: 1, createdAt: 1, serial: 1 });
receiverSchema.index({ provinceCode: 1, serial: 1 });
receiverSchema.index({ batchId: 1, status: 1, serial: 1 });
receiverSchema.index({ deliveryId: 1 });
receiverSchema.index({ 'pendingAudit.open': 1 });
// The inventory report looks for installed receivers without a batch; the receivers list filters by lot and supplier.
receiverSchema.index({ provinceCode: 1, status: 1, batchId: 1 });
receiverSchema.index({ provinceCode: 1, lot: 1, serial: 1 });
receiverSchema.index({ provinceCode: 1, supplier: 1, serial: 1 });
receiverSchema.index({ installedKey: 1 }, { unique: true });

export type ReceiverDoc = InferSchemaType<typeof receiverSchema>;
export const ReceiverModel = model('Receiver', receiverSchema, 'receivers');
