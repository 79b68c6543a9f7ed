// Vietnamese mobile numbers are stored as 0XXXXXXXXX. Clerks type "+84 912 345 678",
// "0912.345.678" or "84912345678"; all of them are the same number.
const MOBILE_PREFIXES = /^0(3|5|7|8|9)\d{8}$/;

/** The stored form, or null when the text is not a Vietnamese mobile number. */
export function normalizePhone(raw: string): string | null {
  let digits = raw.replace(/[\s.\-()]/g, '');
  if (digits.startsWith('+84')) digits = '0' + digits.slice(3);
  else if (digits.startsWith('84') && digits.length === 11) digits = '0' + digits.slice(2);
  return MOBILE_PREFIXES.test(digits) ? digits : null;
}

/** 12-digit CCCD, or the 9-digit CMND still held by some older people. */
export const NATIONAL_ID = /^(\d{9}|\d{12})$/;

export function maskNationalId(id: string): string {
  return '*'.repeat(Math.max(0, id.length - 4)) + id.slice(-4);
}
