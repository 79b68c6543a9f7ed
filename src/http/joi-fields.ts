import Joi from 'joi';

// Reused Joi fragments. Codes are strings: leading zeros matter (GSO codes "01", "001", "00004").
export const objectId = Joi.string().hex().length(24);
export const areaCode = Joi.string().pattern(/^(\d{2}|\d{3}|\d{5})$/, 'area code (2, 3 or 5 digits)');
export const page = Joi.number().integer().min(1).max(100_000).default(1);
export const pageSize = Joi.number().integer().min(1).max(500).default(50);
export const searchText = Joi.string().trim().min(1).max(100);
