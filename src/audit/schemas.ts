import Joi from 'joi';
import { areaCode, objectId, page, pageSize } from '../http/joi-fields';
import type { ListAuditInput } from './service';

// `to` is inclusive: a bare date (to=2025-04-01) means the end of that day (UTC), not its first instant.
const periodEnd = Joi.date()
  .iso()
  .custom((value: Date, helpers) =>
    typeof helpers.original === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(helpers.original.trim())
      ? new Date(value.getTime() + 86_400_000 - 1)
      : value,
  );

export const listAuditQuery = Joi.object<ListAuditInput>({
  areaCode,
  entityType: Joi.string().pattern(/^[a-z_]{2,30}$/),
  entityId: Joi.string().max(100),
  actorId: Joi.alternatives().try(objectId, Joi.string().valid('system')),
  action: Joi.string().pattern(/^[a-z_]+\.[a-z_]+$/),
  from: Joi.date().iso(),
  to: periodEnd,
  page,
  pageSize,
});
