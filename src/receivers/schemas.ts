import Joi from 'joi';
import { objectId, page, pageSize } from '../http/joi-fields';
import type { ImportReceiversInput } from './import';
import { STOCK_ACTIONS, type ChangeReceiverInput, type ListReceiversInput } from './inventory';
import { RECEIVER_TYPES } from '../receiver-types';
import type { RegisterReceiversInput } from './registration';
import { RECEIVER_STATUSES } from './status';

// Shape only: each item's serial format and type are checked by the service, which reports every
// bad item by its index instead of refusing the whole list.
const provinceCode = Joi.string().pattern(/^\d{2}$/, 'province code (2 digits)');
const optionalText = Joi.string().trim().max(200).allow(null, '');
const serialParam = Joi.string()
  .trim()
  .pattern(/^[A-Za-z0-9-]{4,40}$/, 'serial (4–40 letters, digits or hyphens)');

export const registerReceiversBody = Joi.object<RegisterReceiversInput>({
  provinceCode,
  receivers: Joi.array()
    .items(
      Joi.object({
        serial: Joi.string().allow('').max(200).required(),
        type: Joi.string()
          .allow('')
          .max(50)
          .required()
          .description(`${RECEIVER_TYPES.join(' or ')} (Vietnamese names accepted: mặt đất, vệ tinh)`),
        model: optionalText,
        supplier: optionalText,
        lot: optionalText,
      }),
    )
    .min(1)
    .max(5_000)
    .required(),
});

export const listReceiversQuery = Joi.object<ListReceiversInput>({
  status: Joi.string().valid(...RECEIVER_STATUSES),
  type: Joi.string().valid(...RECEIVER_TYPES),
  batchId: objectId,
  provinceCode,
  lot: Joi.string().trim().min(1).max(200),
  supplier: Joi.string().trim().min(1).max(200),
  serial: Joi.string()
    .trim()
    .pattern(/^[A-Za-z0-9-]{1,40}$/, 'the beginning of a serial'),
  page,
  pageSize,
});

export const receiverSerialParams = Joi.object<{ serial: string }>({ serial: serialParam.required() });

export const changeReceiverBody = Joi.object<ChangeReceiverInput>({
  action: Joi.string()
    .valid(...STOCK_ACTIONS)
    .required(),
  reason: Joi.string().trim().min(3).max(500).required(),
  version: Joi.number().integer().min(1),
});

export const importReceiversQuery = Joi.object<Pick<ImportReceiversInput, 'provinceCode' | 'dryRun'>>({
  provinceCode,
  dryRun: Joi.boolean().default(false),
});
