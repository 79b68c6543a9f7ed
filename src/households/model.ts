import { model, Schema, type InferSchemaType } from 'mongoose';
import { pendingAuditField } from '../audit/pending';
import { RECEIVER_TYPES } from '../receiver-types';
import { INELIGIBILITY_REASONS } from './eligibility';
import { HOUSEHOLD_STATUSES } from './status';

export const POVERTY_STATUSES = ['poor', 'near_poor'] as const;
export const GENDERS = ['male', 'female', 'other'] as const;
export const DUPLICATE_GROUNDS = ['name_village', 'phone'] as const;

const householdSchema = new Schema(
  {
    /** Copied from the commune at registration so reports group without a $lookup. */
    area: {
      type: new Schema(
        {
          provinceCode: { type: String, required: true },
          districtCode: { type: String, default: null },
          communeCode: { type: String, required: true },
        },
        { _id: false },
      ),
      required: true,
    },
    village: { type: String, required: true },
    villageFolded: { type: String, required: true },
    address: { type: String, default: null },
    head: {
      type: new Schema(
        {
          fullName: { type: String, required: true },
          // searched by part of the name: a trigram index on the embedded PostgreSQL (postgres-indexes.ts)
          fullNameFolded: { type: String, required: true, trigram: true },
          nationalId: { type: String, required: true },
          birthYear: { type: Number, default: null },
          gender: { type: String, enum: GENDERS, default: null },
        },
        { _id: false },
      ),
      required: true,
    },
    phone: { type: String, default: null },
    povertyStatus: { type: String, enum: POVERTY_STATUSES, required: true },
    povertyCertificateNo: { type: String, default: null },
    povertyListYear: { type: Number, required: true },
    memberCount: { type: Number, default: null },
    hasTv: { type: Boolean, required: true },
    hasPaidTv: { type: Boolean, required: true },
    hasDigitalTv: { type: Boolean, required: true },
    receiverType: { type: String, enum: RECEIVER_TYPES, required: true },
    notes: { type: String, default: null },
    status: { type: String, enum: HOUSEHOLD_STATUSES, required: true },
    statusReason: { type: String, default: null },
    eligibility: {
      type: new Schema(
        {
          eligible: { type: Boolean, required: true },
          reasons: [{ type: String, enum: INELIGIBILITY_REASONS }],
        },
        { _id: false },
      ),
      required: true,
    },
    /** Flagged at registration, resolved at review (approve with notDuplicate, or reject as duplicate). */
    possibleDuplicates: [
      new Schema(
        {
          householdId: { type: String, required: true },
          grounds: { type: String, enum: DUPLICATE_GROUNDS, required: true },
        },
        { _id: false },
      ),
    ],
    needsDuplicateReview: { type: Boolean, default: false },
    isDuplicate: { type: Boolean, default: false },
    approvedAt: { type: Date, default: null },
    /** The batch of the household's current (or delivering) delivery; null when in none. */
    batchId: { type: String, default: null },
    /** The receiver bound at handover (DESIGN §6). */
    receiverSerial: { type: String, default: null },
    deliveredAt: { type: Date, default: null },
    /** The bulk step (job, run, chunk) that made the last bulk transition: lets a resumed job finish it. */
    bulkOp: { type: String, default: null },
    version: { type: Number, required: true, default: 1 },
    createdBy: { type: String, required: true },
    /** The audit entry of the last change until it is written (audit/pending.ts). */
    pendingAudit: pendingAuditField,
  },
  { timestamps: true },
);

householdSchema.index({ 'head.nationalId': 1 }, { unique: true });
householdSchema.index({ 'area.communeCode': 1, status: 1, createdAt: 1 });
// Counts by status in a province, and the province's review queue in order (oldest first).
householdSchema.index({ 'area.provinceCode': 1, status: 1, createdAt: 1, _id: 1 });
// The review queue's tabs (eligible, flagged) across a province, in order; on the embedded
// PostgreSQL its total is counted from this index alone (postgres-reads.ts).
householdSchema.index({
  'area.provinceCode': 1,
  status: 1,
  'eligibility.eligible': 1,
  needsDuplicateReview: 1,
  createdAt: 1,
  _id: 1,
});
householdSchema.index({ 'area.communeCode': 1, villageFolded: 1, 'head.fullNameFolded': 1, _id: 1 });
householdSchema.index({ phone: 1 });
householdSchema.index({ 'area.provinceCode': 1, needsDuplicateReview: 1 });
// Auto-add takes the oldest approvals first, _id breaking ties.
householdSchema.index({ 'area.communeCode': 1, status: 1, receiverType: 1, approvedAt: 1, _id: 1 });
// Lists are newest first: a commune's (other filters are checked on its households), a province's, all.
householdSchema.index({ 'area.communeCode': 1, createdAt: -1, _id: -1 });
householdSchema.index({ 'area.provinceCode': 1, createdAt: -1, _id: -1 });
householdSchema.index({ createdAt: -1, _id: -1 });
// The other orders of a list (list-order.ts), for a commune, a province (or district) and the nation.
householdSchema.index({ 'area.communeCode': 1, 'head.fullNameFolded': 1, _id: 1 });
householdSchema.index({ 'area.provinceCode': 1, 'head.fullNameFolded': 1, _id: 1 });
householdSchema.index({ 'head.fullNameFolded': 1, _id: 1 });
householdSchema.index({
  'area.provinceCode': 1,
  'area.communeCode': 1,
  villageFolded: 1,
  'head.fullNameFolded': 1,
  _id: 1,
});
householdSchema.index({ 'area.provinceCode': 1, 'area.communeCode': 1, createdAt: 1, _id: 1 });
householdSchema.index({ 'area.communeCode': 1, createdAt: 1, _id: 1 });
householdSchema.index({ status: 1, createdAt: 1, _id: 1 });
// Reconcile finds changes whose audit entry a crash left unwritten.
householdSchema.index({ 'pendingAudit.open': 1 });

export type HouseholdDoc = InferSchemaType<typeof householdSchema>;
export const HouseholdModel = model('Household', householdSchema, 'households');
