import Joi from 'joi';

/** A backup file's name; one that names no backup is a 404, as any unknown id. */
export const backupNameParams = Joi.object<{ name: string }>({ name: Joi.string().max(100).required() });
