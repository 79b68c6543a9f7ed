import Joi from 'joi';
import { objectId, page, pageSize } from '../http/joi-fields';
import type { ListAuditInput } from './service';

export const listAuditQuery = Joi.object<ListAuditInput>({
  entityType: Joi.string().pattern(/^[a-z_]{2,30}$/),
  entityId: Joi.string().max(100),
  actorId: Joi.alternatives().try(objectId, Joi.string().valid('system')),
  action: Joi.string().pattern(/^[a-z_]+\.[a-z_]+$/),
  from: Joi.date().iso(),
  to: Joi.date().iso(),
  page,
  pageSize,
});
