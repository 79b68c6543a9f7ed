import Joi from 'joi';
import { areaCode, objectId, page, pageSize, searchText } from '../http/joi-fields';
import { RECEIVER_TYPES } from '../receiver-types';
import { GENDERS, POVERTY_STATUSES } from './model';
import { NATIONAL_ID } from './phone';
import { BULK_REVIEW_MAX, type BulkReviewInput } from './bulk-review';
import type { NotDuplicateInput } from './duplicates-review';
import type { ImportHouseholdsInput } from './import';
import type { ApproveInput, RejectInput, ReviewInput, WithdrawInput } from './review';
import { type EditHouseholdInput, type ListHouseholdsInput, type RegisterHouseholdInput } from './service';
import { type HouseholdFields } from './household';
import { HOUSEHOLD_SORTS } from './list-order';
import { HOUSEHOLD_STATUSES } from './status';

const thisYear = new Date().getUTCFullYear();
const text = (max: number) => Joi.string().trim().max(max);

const head = Joi.object({
  fullName: text(120).min(2).required(),
  nationalId: Joi.string().trim().pattern(NATIONAL_ID, 'CCCD 12 digits or CMND 9 digits').required(),
  birthYear: Joi.number().integer().min(1900).max(thisYear).allow(null),
  gender: Joi.string()
    .valid(...GENDERS)
    .allow(null),
});

// Phone: digits with +84, spaces, dots or dashes are accepted; the service stores 0XXXXXXXXX. Empty
// means "no phone": the pattern admits it too, so the OpenAPI document (built from it) says so.
const phone = Joi.string()
  .trim()
  .pattern(/^(?:|[+\d][\d\s.\-()]{8,16})$/, 'Vietnamese mobile number')
  .allow(null, '');

const fields = {
  village: text(100).min(1),
  address: text(200).allow(null, ''),
  head,
  phone,
  povertyStatus: Joi.string().valid(...POVERTY_STATUSES),
  povertyCertificateNo: text(50).allow(null, ''),
  povertyListYear: Joi.number()
    .integer()
    .min(2000)
    .max(thisYear + 1),
  memberCount: Joi.number().integer().min(1).max(50).allow(null),
  hasTv: Joi.boolean(),
  hasPaidTv: Joi.boolean(),
  hasDigitalTv: Joi.boolean(),
  receiverType: Joi.string().valid(...RECEIVER_TYPES),
  notes: text(1000).allow(null, ''),
};

const requiredFields = {
  ...fields,
  village: fields.village.required(),
  head: fields.head.required(),
  povertyStatus: fields.povertyStatus.required(),
  povertyListYear: fields.povertyListYear.required(),
  hasTv: fields.hasTv.required(),
  hasPaidTv: fields.hasPaidTv.required(),
  hasDigitalTv: fields.hasDigitalTv.required(),
};

/** One household's fields, as registered by hand or in an import row. */
export const householdFieldsSchema = Joi.object<HouseholdFields>(requiredFields);

export const registerHouseholdBody = Joi.object<RegisterHouseholdInput>({
  ...requiredFields,
  communeCode: areaCode.required(),
});

export const editHouseholdBody = Joi.object<EditHouseholdInput>({
  ...fields,
  head: Joi.object({
    fullName: text(120).min(2),
    nationalId: Joi.string().trim().pattern(NATIONAL_ID, 'CCCD 12 digits or CMND 9 digits'),
    birthYear: Joi.number().integer().min(1900).max(thisYear).allow(null),
    gender: Joi.string()
      .valid(...GENDERS)
      .allow(null),
  }).min(1),
  version: Joi.number().integer().min(1).required(),
}).min(2);

export const listHouseholdsQuery = Joi.object<
  ListHouseholdsInput & { format: 'json' | 'csv' | 'xlsx'; lang: 'vi' | 'en'; includeNationalId: boolean }
>({
  areaCode,
  status: Joi.string().valid(...HOUSEHOLD_STATUSES),
  village: text(100),
  eligible: Joi.boolean(),
  needsDuplicateReview: Joi.boolean(),
  duplicate: Joi.boolean(),
  q: searchText,
  sort: Joi.string().valid(...HOUSEHOLD_SORTS),
  page,
  pageSize,
  format: Joi.string().valid('json', 'csv', 'xlsx').default('json'),
  lang: Joi.string().valid('vi', 'en').default('vi'),
  includeNationalId: Joi.boolean().default(false),
});

export const householdIdParams = Joi.object<{ id: string }>({ id: objectId.required() });

const version = Joi.number().integer().min(1);
const reason = text(500).min(3);

export const approveBody = Joi.object<ApproveInput>({ version, notDuplicate: Joi.boolean() });
export const rejectBody = Joi.object<RejectInput>({
  version,
  reason: reason.required(),
  duplicateOf: objectId,
});
export const withdrawBody = Joi.object<WithdrawInput>({ version, reason: reason.required() });
export const reopenBody = Joi.object<ReviewInput>({ version });
export const notDuplicateBody = Joi.object<NotDuplicateInput>({ version: version.required() });

export const importHouseholdsQuery = Joi.object<Pick<ImportHouseholdsInput, 'communeCode' | 'dryRun'>>({
  communeCode: Joi.string().pattern(/^\d{5}$/, 'commune code (5 digits)'),
  dryRun: Joi.boolean().default(false),
});

export const importTemplateQuery = Joi.object<{ lang: 'vi' | 'en'; format: 'csv' | 'xlsx' }>({
  lang: Joi.string().valid('vi', 'en').default('vi'),
  format: Joi.string().valid('csv', 'xlsx').default('csv'),
});

// Bulk review: up to 10,000 ids (each optionally with the version the reviewer saw), or a filter
// of flat equalities over at most 100 communes; not both.
const bulkTarget = Joi.alternatives().try(
  objectId,
  Joi.object({ id: objectId.required(), version: version.required() }),
);
const bulkFields = {
  ids: Joi.array().items(bulkTarget).min(1).max(BULK_REVIEW_MAX),
  filter: Joi.object({
    communeCodes: Joi.array()
      .items(Joi.string().pattern(/^\d{5}$/, 'commune code (5 digits)'))
      .min(1)
      .max(100),
    areaCode,
    village: text(100),
    eligible: Joi.boolean(),
    needsDuplicateReview: Joi.boolean(),
    duplicate: Joi.boolean(),
  }).xor('communeCodes', 'areaCode'),
};
export const bulkApproveBody = Joi.object<BulkReviewInput>(bulkFields).xor('ids', 'filter');
export const bulkRejectBody = Joi.object<BulkReviewInput>({ ...bulkFields, reason: reason.required() }).xor(
  'ids',
  'filter',
);
