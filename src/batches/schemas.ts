import Joi from 'joi';
import { areaCode, objectId, page, pageSize, searchText } from '../http/joi-fields';
import { RECEIVER_TYPES } from '../receiver-types';
import type { AddHouseholdsInput } from './assignment';
import type { EditBatchInput } from './editing';
import type { ConfirmDeliveryInput, FailDeliveryInput } from './completion';
import { OLD_RECEIVER_STATUSES, type CorrectDeliveryInput, type SwapReceiverInput } from './corrections';
import type { ListDeliveriesInput } from './deliveries';
import { paperHandoverNumber } from './handover-forms-schemas';
import { HANDOVER_FORMATS, type HandoverFormat } from './handover-links';
import type { WorklistInput } from './worklist';
import type { CreateBatchInput, ListBatchesInput } from './service';
import { BATCH_STATUSES, DELIVERY_STATUSES, FAILURE_REASONS } from './status';

const communeCode = Joi.string().pattern(/^\d{5}$/, 'commune code (5 digits)');
const text = (max: number) => Joi.string().trim().max(max);

export const createBatchBody = Joi.object<CreateBatchInput>({
  provinceCode: Joi.string()
    .pattern(/^\d{2}$/, 'province code (2 digits)')
    .required(),
  name: text(200).min(3).required(),
  phase: Joi.number().integer().min(1).max(99).required(),
  communeCodes: Joi.array().items(communeCode.required()).min(1).max(500).required(),
  receiverType: Joi.string()
    .valid(...RECEIVER_TYPES)
    .required(),
  installerIds: Joi.array().items(objectId).max(200).default([]),
  plannedStart: Joi.date().iso().allow(null),
  plannedEnd: Joi.date().iso().allow(null),
  notes: text(1000).allow(null, ''),
});

export const editBatchBody = Joi.object<EditBatchInput>({
  version: Joi.number().integer().min(1).required(),
  name: text(200).min(3),
  notes: text(1000).allow(null, ''),
  plannedStart: Joi.date().iso().allow(null),
  plannedEnd: Joi.date().iso().allow(null),
  installerIds: Joi.array().items(objectId).max(200),
  communeCodes: Joi.array().items(communeCode.required()).min(1).max(500),
});

export const listBatchesQuery = Joi.object<ListBatchesInput>({
  provinceCode: Joi.string().pattern(/^\d{2}$/, 'province code (2 digits)'),
  status: Joi.string().valid(...BATCH_STATUSES),
  communeCode,
  mine: Joi.boolean(),
  page,
  pageSize,
});

export const batchIdParams = Joi.object<{ id: string }>({ id: objectId.required() });

const serial = Joi.string().trim().min(4).max(40);

export const allocateReceiversBody = Joi.object<{ serials?: string[]; count?: number }>({
  serials: Joi.array().items(serial.required()).min(1).max(5_000),
  count: Joi.number().integer().min(1).max(5_000),
}).xor('serials', 'count');

export const addHouseholdsBody = Joi.object<AddHouseholdsInput>({
  householdIds: Joi.array().items(objectId.required()).min(1).max(5_000),
  limit: Joi.number().integer().min(1).max(5_000),
}).oxor('householdIds', 'limit');

export const listDeliveriesQuery = Joi.object<
  ListDeliveriesInput & { format: 'json' | 'csv' | 'xlsx'; lang: 'vi' | 'en' }
>({
  batchId: objectId,
  status: Joi.string().valid(...DELIVERY_STATUSES),
  communeCode,
  mine: Joi.boolean(),
  page,
  pageSize,
  // csv/xlsx: every matching delivery for acceptance and payment (deliveries-export.ts), officials only.
  format: Joi.string().valid('json', 'csv', 'xlsx').default('json'),
  lang: Joi.string().valid('vi', 'en').default('vi'),
});

export const worklistQuery = Joi.object<WorklistInput>({
  batchId: objectId,
  areaCode,
  village: text(120),
  q: searchText,
  status: Joi.string().valid(...DELIVERY_STATUSES),
});

export const offlinePackQuery = Joi.object<{ batchId: string }>({ batchId: objectId.required() });

export const deliveryIdParams = Joi.object<{ id: string }>({ id: objectId.required() });

export const confirmDeliveryBody = Joi.object<ConfirmDeliveryInput>({
  serial: serial.required(),
  recipientName: text(120).min(2).required(),
  recipientIdLast4: Joi.string()
    .pattern(/^\d{4}$/, 'the last four digits of the ID')
    .required(),
  recipientRelation: text(60).allow(null, ''),
  deliveredAt: Joi.date().iso(),
  capturedAt: Joi.date().iso(),
  signalReceived: Joi.boolean().required(),
  location: Joi.object({
    lat: Joi.number().min(-90).max(90).required(),
    lng: Joi.number().min(-180).max(180).required(),
    accuracyM: Joi.number().min(0).max(100_000),
  }).allow(null),
  notes: text(1000).allow(null, ''),
  paperHandoverNumber: paperHandoverNumber.allow(null, ''),
});

export const failDeliveryBody = Joi.object<FailDeliveryInput>({
  reason: Joi.string()
    .valid(...FAILURE_REASONS)
    .required(),
  notes: text(1000).allow(null, ''),
  capturedAt: Joi.date().iso(),
});

export const correctDeliveryBody = Joi.object<CorrectDeliveryInput>({
  version: Joi.number().integer().min(1).required(),
  recipientName: text(120).min(2),
  recipientIdLast4: Joi.string().pattern(/^\d{4}$/, 'the last four digits of the ID'),
  recipientRelation: text(60).allow(null, ''),
  notes: text(1000).allow(null, ''),
})
  .or('recipientName', 'recipientIdLast4', 'recipientRelation', 'notes')
  .messages({ 'object.missing': 'Hãy gửi ít nhất một trường cần sửa' });

export const swapReceiverBody = Joi.object<SwapReceiverInput>({
  version: Joi.number().integer().min(1).required(),
  serial: serial.required(),
  oldReceiverStatus: Joi.string()
    .valid(...OLD_RECEIVER_STATUSES)
    .required(),
  reason: text(500).min(3).required(),
});

export const handoverQuery = Joi.object<{ expires?: number; signature?: string }>({
  expires: Joi.number().integer().min(0),
  signature: Joi.string().pattern(/^[A-Za-z0-9_-]{20,100}$/, 'signature'),
});

export const handoverLinkBody = Joi.object<{ format: HandoverFormat }>({
  format: Joi.string()
    .valid(...HANDOVER_FORMATS)
    .default('pdf'),
});

/** Idempotency-Key header: any client-chosen token (a UUID, say). */
export const idempotencyKey = Joi.string()
  .pattern(/^[A-Za-z0-9._:-]{8,100}$/, 'Idempotency-Key (8–100 letters, digits, . _ : -)')
  .optional();
