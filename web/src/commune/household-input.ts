import type { EditHouseholdInput, Household, HouseholdFields } from '../../../src/households/service';
import { NATIONAL_ID, normalizePhone } from '../../../src/households/phone';
import type { Words } from '../shared/words-vi';

// The register/edit form as the clerk types it (text in inputs), checked as they type, and turned into
// the API's body. The phone and ID rules are the server's own (households/phone.ts); the server still
// decides, this only explains early.

export interface HouseholdForm {
  village: string;
  headName: string;
  nationalId: string;
  birthYear: string;
  gender: '' | 'male' | 'female' | 'other';
  phone: string;
  povertyStatus: 'poor' | 'near_poor';
  certificate: string;
  listYear: string;
  members: string;
  hasTv: boolean;
  hasPaidTv: boolean;
  hasDigitalTv: boolean;
  receiverType: '' | 'dvb-t2' | 'satellite';
  address: string;
  notes: string;
}

export type FormField = keyof HouseholdForm;
export type Problem = { key: keyof Words['form']; n?: number };

export function emptyForm(listYear: number): HouseholdForm {
  return {
    village: '',
    headName: '',
    nationalId: '',
    birthYear: '',
    gender: '',
    phone: '',
    povertyStatus: 'poor',
    certificate: '',
    listYear: String(listYear),
    members: '',
    hasTv: true,
    hasPaidTv: false,
    hasDigitalTv: false,
    receiverType: '',
    address: '',
    notes: '',
  };
}

export function formOf(h: Household): HouseholdForm {
  const gender = h.head.gender;
  return {
    village: h.village,
    headName: h.head.fullName,
    nationalId: h.head.nationalId,
    birthYear: h.head.birthYear === null ? '' : String(h.head.birthYear),
    gender: gender === 'male' || gender === 'female' || gender === 'other' ? gender : '',
    phone: h.phone ?? '',
    povertyStatus: h.povertyStatus,
    certificate: h.povertyCertificateNo ?? '',
    listYear: String(h.povertyListYear),
    members: h.memberCount === null ? '' : String(h.memberCount),
    hasTv: h.hasTv,
    hasPaidTv: h.hasPaidTv,
    hasDigitalTv: h.hasDigitalTv,
    receiverType: h.receiverType,
    address: h.address ?? '',
    notes: h.notes ?? '',
  };
}

/** The phone as it will be stored, or null when it is not (yet) a mobile number. */
export function phoneShown(phone: string): string | null {
  return phone.trim() ? normalizePhone(phone.trim()) : null;
}

const year = (s: string) => (/^\d{4}$/.test(s.trim()) ? Number(s.trim()) : NaN);

export function problemsOf(f: HouseholdForm, thisYear: number): Partial<Record<FormField, Problem>> {
  const p: Partial<Record<FormField, Problem>> = {};
  if (!f.village.trim()) p.village = { key: 'villageRequired' };
  if (f.headName.trim().length < 2) p.headName = { key: 'headNameRequired' };
  const id = f.nationalId.trim();
  if (/\D/.test(id)) p.nationalId = { key: 'nationalIdDigits' };
  else if (!NATIONAL_ID.test(id)) p.nationalId = { key: 'nationalIdBad', n: id.length };
  if (f.phone.trim() && !phoneShown(f.phone)) p.phone = { key: 'phoneBad' };
  const birth = year(f.birthYear);
  if (f.birthYear.trim() && !(birth >= 1900 && birth <= thisYear)) p.birthYear = { key: 'birthYearBad' };
  const list = year(f.listYear);
  if (!(list >= 2000 && list <= thisYear + 1)) p.listYear = { key: 'listYearBad' };
  const members = Number(f.members);
  if (f.members.trim() && !(Number.isInteger(members) && members >= 1 && members <= 50)) {
    p.members = { key: 'membersBad' };
  }
  return p;
}

const orNull = (s: string) => (s.trim() ? s.trim() : null);
const numberOrNull = (s: string) => (s.trim() ? Number(s.trim()) : null);

export function fieldsOf(f: HouseholdForm): HouseholdFields {
  return {
    village: f.village.trim(),
    address: orNull(f.address),
    head: {
      fullName: f.headName.trim(),
      nationalId: f.nationalId.trim(),
      birthYear: numberOrNull(f.birthYear),
      gender: f.gender || null,
    },
    phone: orNull(f.phone),
    povertyStatus: f.povertyStatus,
    povertyCertificateNo: orNull(f.certificate),
    povertyListYear: Number(f.listYear.trim()),
    memberCount: numberOrNull(f.members),
    hasTv: f.hasTv,
    hasPaidTv: f.hasPaidTv,
    hasDigitalTv: f.hasDigitalTv,
    ...(f.receiverType ? { receiverType: f.receiverType } : {}),
    notes: orNull(f.notes),
  };
}

const HEAD_FIELDS: Partial<Record<FormField, 'fullName' | 'nationalId' | 'birthYear' | 'gender'>> = {
  headName: 'fullName',
  nationalId: 'nationalId',
  birthYear: 'birthYear',
  gender: 'gender',
};

/** The fields the clerk changed from `before`, as they differ in the form. */
export function changedFields(before: HouseholdForm, after: HouseholdForm): FormField[] {
  return (Object.keys(after) as FormField[]).filter((k) => before[k] !== after[k]);
}

/** An edit body with only the changed fields (the head whole when any of its fields changed). */
export function editOf(before: HouseholdForm, after: HouseholdForm, version: number): EditHouseholdInput {
  const changed = changedFields(before, after);
  const all = fieldsOf(after);
  const body: Record<string, unknown> = { version };
  for (const k of changed) {
    if (HEAD_FIELDS[k]) body.head = all.head;
    else body[API_FIELD[k]] = all[API_FIELD[k] as keyof HouseholdFields];
  }
  return body as EditHouseholdInput;
}

const API_FIELD: Record<FormField, string> = {
  village: 'village',
  headName: 'head.fullName',
  nationalId: 'head.nationalId',
  birthYear: 'head.birthYear',
  gender: 'head.gender',
  phone: 'phone',
  povertyStatus: 'povertyStatus',
  certificate: 'povertyCertificateNo',
  listYear: 'povertyListYear',
  members: 'memberCount',
  hasTv: 'hasTv',
  hasPaidTv: 'hasPaidTv',
  hasDigitalTv: 'hasDigitalTv',
  receiverType: 'receiverType',
  address: 'address',
  notes: 'notes',
};

/** The form field behind an API error path (`head.nationalId` → nationalId), for showing it in place. */
export function fieldOfPath(path: string): FormField | null {
  const found = (Object.keys(API_FIELD) as FormField[]).find((k) => API_FIELD[k] === path);
  return found ?? null;
}

/**
 * A stale edit (409): the fields someone else changed since the clerk loaded the household (`base` →
 * `current`), with what the clerk typed, so the clerk can choose.
 */
export function staleDifferences(
  base: HouseholdForm,
  mine: HouseholdForm,
  current: HouseholdForm,
): { field: FormField; mine: HouseholdForm[FormField]; theirs: HouseholdForm[FormField] }[] {
  return changedFields(base, current).map((field) => ({ field, mine: mine[field], theirs: current[field] }));
}
