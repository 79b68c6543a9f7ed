// Vietnamese phone numbers are stored as digits starting with 0. Clerks type "+84 912 345 678",
// "0912.345.678" or "84912345678"; all of them are the same number. Many poor households have no
// mobile but a landline (commune lists give "0210 3845 678"): since 2017 those are 0 + a 2x or 2xx
// area code + the subscriber number, 10–11 digits in all.
const MOBILE = /^0(3|5|7|8|9)\d{8}$/;
const LANDLINE = /^02\d{8,9}$/;

/** The stored form, or null when the text is neither a Vietnamese mobile number nor a landline. */
export function normalizePhone(raw: string): string | null {
  let digits = raw.replace(/[\s.\-()]/g, '');
  if (digits.startsWith('+84')) digits = '0' + digits.slice(3);
  else if (digits.startsWith('84') && (digits.length === 11 || /^842\d{9}$/.test(digits)))
    digits = '0' + digits.slice(2);
  return MOBILE.test(digits) || LANDLINE.test(digits) ? digits : null;
}

/** 12-digit CCCD, or the 9-digit CMND still held by some older people. */
export const NATIONAL_ID = /^(\d{9}|\d{12})$/;

export function maskNationalId(id: string): string {
  return '*'.repeat(Math.max(0, id.length - 4)) + id.slice(-4);
}
