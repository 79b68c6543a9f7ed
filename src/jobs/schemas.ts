import Joi from 'joi';

export const jobIdParams = Joi.object<{ id: string }>({
  id: Joi.string().hex().length(24).required(),
});

/** The Idempotency-Key header of a request that starts a job (same form as for deliveries). */
export const idempotencyKeyHeader = Joi.string().pattern(
  /^[A-Za-z0-9._:-]{8,100}$/,
  'Idempotency-Key (8–100 letters, digits, . _ : -)',
);
