import Joi from 'joi';
import { objectId } from '../http/joi-fields';
import type { ReserveFormsInput } from './handover-forms';

// Input of the blank handover forms (issue 12, item 7).

export const MAX_BLANK_FORMS = 50;

export const reserveFormsBody = Joi.object<ReserveFormsInput>({
  batchId: objectId.required(),
  count: Joi.number().integer().min(1).max(MAX_BLANK_FORMS).default(1),
});

export const listFormsQuery = Joi.object<{ batchId: string }>({ batchId: objectId.required() });

export const formIdParams = Joi.object<{ id: string }>({ id: Joi.string().uuid().required() });

/** A reserved paper number, as printed on the blank form: "000124/2026/BB-BG". */
export const paperHandoverNumber = Joi.string().pattern(/^\d{6}\/\d{4}\/BB-BG$/, 'Số …/năm/BB-BG');
