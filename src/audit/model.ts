import { model, Schema, type InferSchemaType } from 'mongoose';

/** An entry's fields, shared with the pending-audit marker (pending.ts) that carries one until it is written. */
export const auditEntryFields = {
  at: { type: Date, required: true },
  actor: {
    type: new Schema(
      {
        id: { type: String, required: true },
        username: { type: String, required: true },
        role: { type: String, required: true },
      },
      { _id: false },
    ),
    required: true,
  },
  action: { type: String, required: true },
  entityType: { type: String, required: true },
  entityId: { type: String, required: true },
  /** The area path of the entity, so officials see the entries of their own area only. */
  area: {
    provinceCode: { type: String, default: null },
    districtCode: { type: String, default: null },
    communeCode: { type: String, default: null },
  },
  before: { type: Schema.Types.Mixed, default: null },
  after: { type: Schema.Types.Mixed, default: null },
};

// Append-only: nothing in the service updates or deletes an entry.
const auditSchema = new Schema(auditEntryFields, { timestamps: false, minimize: false });

// Listings are newest first with _id as the tie-breaker; every filter the audit route takes leads one.
auditSchema.index({ entityType: 1, entityId: 1, at: -1, _id: -1 });
auditSchema.index({ entityType: 1, at: -1, _id: -1 });
auditSchema.index({ 'actor.id': 1, at: -1, _id: -1 });
auditSchema.index({ action: 1, at: -1, _id: -1 });
auditSchema.index({ at: -1, _id: -1 });
auditSchema.index({ 'area.provinceCode': 1, at: -1, _id: -1 });
// The audit page's commune filter (GET /audit?areaCode=<commune>).
auditSchema.index({ 'area.communeCode': 1, at: -1, _id: -1 });

export type AuditDoc = InferSchemaType<typeof auditSchema>;
export const AuditModel = model('AuditEntry', auditSchema, 'audit');
