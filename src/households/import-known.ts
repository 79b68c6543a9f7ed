import type { Types } from 'mongoose';
import { findAll } from '../database/postgres-reads';
import { foldVietnamese } from '../vietnamese';
import { HouseholdModel } from './model';

// The households an import already knows, for its duplicate checks: the commune's own (loaded
// once) and the file's valid rows so far. Keys only, never whole rows: about 30 MB per 100,000.

/** In the database (row null), or a valid row of the file being imported. */
export interface KnownHousehold {
  householdId: string;
  row: number | null;
}

export interface KnownKeys {
  nationalId: string;
  /** Folded village and head name: registration's "same name in the same village". */
  village: string;
  name: string;
  phone: string | null;
}

/**
 * Each known household is a number: its index in `ids` and `rows` (row 0: in the database). The
 * maps hold these numbers, not objects.
 */
export interface KnownHouseholds {
  ids: string[];
  rows: number[];
  byNationalId: Map<string, number>;
  /** By folded village, then folded head name: a village's name is stored once. */
  byVillageName: Map<string, Map<string, number | number[]>>;
  byPhone: Map<string, number | number[]>;
}

export type PossibleDuplicateOf = KnownHousehold & { grounds: 'name_village' | 'phone' };

export function noKnownHouseholds(): KnownHouseholds {
  return { ids: [], rows: [], byNationalId: new Map(), byVillageName: new Map(), byPhone: new Map() };
}

export function keysOf(h: {
  village: string;
  head: { fullName: string; nationalId: string };
  phone?: string | null;
}): KnownKeys {
  return {
    nationalId: h.head.nationalId,
    village: foldVietnamese(h.village),
    name: foldVietnamese(h.head.fullName),
    phone: h.phone || null,
  };
}

/**
 * An id as text that stays small in memory: bson's toHexString builds it as a rope of one-char
 * pieces (about 230 bytes each, 23 MB per 100,000 ids), Buffer's hex is one flat string.
 */
export function idText(id: Types.ObjectId): string {
  return Buffer.from(id.id).toString('hex');
}

/** Registration flags at most ten households per ground (duplicates.ts); so does an import. */
const MAX_PER_KEY = 10;

function add(map: Map<string, number | number[]>, key: string, n: number): void {
  const found = map.get(key);
  if (found === undefined) map.set(key, n);
  else if (typeof found === 'number') map.set(key, [found, n]);
  else if (found.length < MAX_PER_KEY) found.push(n);
}

function drop(map: Map<string, number | number[]>, key: string | null, n: number): void {
  const found = key === null ? undefined : map.get(key);
  if (key === null || found === undefined) return;
  const rest = (typeof found === 'number' ? [found] : found).filter((x) => x !== n);
  if (rest.length === 0) map.delete(key);
  else map.set(key, rest.length === 1 ? rest[0] : rest);
}

const listOf = (found: number | number[] | undefined): number[] =>
  found === undefined ? [] : typeof found === 'number' ? [found] : found;

function knownAt(k: KnownHouseholds, n: number): KnownHousehold {
  return { householdId: k.ids[n], row: k.rows[n] || null };
}

export function rememberHousehold(k: KnownHouseholds, known: KnownHousehold, keys: KnownKeys): void {
  const n = k.ids.push(known.householdId) - 1;
  k.rows.push(known.row ?? 0);
  k.byNationalId.set(keys.nationalId, n);
  let names = k.byVillageName.get(keys.village);
  if (!names) k.byVillageName.set(keys.village, (names = new Map()));
  add(names, keys.name, n);
  if (keys.phone) add(k.byPhone, keys.phone, n);
}

export function knownWithNationalId(k: KnownHouseholds, nationalId: string): KnownHousehold | undefined {
  const n = k.byNationalId.get(nationalId);
  return n === undefined ? undefined : knownAt(k, n);
}

export function forgetHousehold(k: KnownHouseholds, householdId: string, keys: KnownKeys): void {
  const n = k.byNationalId.get(keys.nationalId);
  if (n === undefined || k.ids[n] !== householdId) return;
  k.byNationalId.delete(keys.nationalId);
  const names = k.byVillageName.get(keys.village);
  if (names) drop(names, keys.name, n);
  drop(k.byPhone, keys.phone, n);
}

/** Name-and-village matches first, then phone matches, as findPossibleDuplicates orders them. */
export function possibleDuplicatesOf(k: KnownHouseholds, keys: KnownKeys): PossibleDuplicateOf[] {
  const byName = listOf(k.byVillageName.get(keys.village)?.get(keys.name));
  const byPhone = keys.phone ? listOf(k.byPhone.get(keys.phone)).filter((n) => !byName.includes(n)) : [];
  return [
    ...byName.map((n) => ({ ...knownAt(k, n), grounds: 'name_village' as const })),
    ...byPhone.map((n) => ({ ...knownAt(k, n), grounds: 'phone' as const })),
  ];
}

interface KnownDoc {
  _id: Types.ObjectId;
  head: { nationalId: string; fullNameFolded: string };
  villageFolded: string;
  phone?: string | null;
}

/** The commune's households, read once per import (re-running a file finds all its rows here). */
export async function knownHouseholdsOf(communeCode: string): Promise<KnownHouseholds> {
  const k = noKnownHouseholds();
  // One SQL query of the three fields on the embedded default (findAll): through FerretDB, which
  // decodes every whole document before projecting, this read was 167 of a 300-row import's 270 ms
  // into a commune of 580 households (35,000-household province).
  const docs = await findAll<KnownDoc>(
    HouseholdModel,
    { 'area.communeCode': communeCode },
    { fields: ['head', 'villageFolded', 'phone'] },
  );
  for (const h of docs) {
    rememberHousehold(
      k,
      { householdId: idText(h._id), row: null },
      {
        nationalId: h.head.nationalId,
        village: h.villageFolded,
        name: h.head.fullNameFolded,
        phone: h.phone ?? null,
      },
    );
  }
  return k;
}
