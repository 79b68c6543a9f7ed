import { isDuplicateKeyError } from '../database/duplicate-key';
import { Types } from 'mongoose';
import { findByKey } from '../database/bulk-reads';
import * as areas from '../areas/service';
import type { Actor } from '../users/roles';
import type { ReceiverType } from '../receiver-types';
import { foldVietnamese } from '../vietnamese';
import type { Eligibility } from './eligibility';
import type { PossibleDuplicateOf } from './import-known';
import type { RegisteredHolder } from './import-report';
import { countTransition } from './counters';
import { HouseholdModel } from './model';
import { type HouseholdFields, type StoredHousehold } from './household';

// Writing one chunk of an import's valid rows: one insertMany, and who holds the national IDs the
// unique index refused (or, in a dry run, that a query finds).

export interface ImportCandidate {
  row: number;
  id: Types.ObjectId;
  fields: HouseholdFields;
  eligibility: Eligibility;
  possible: PossibleDuplicateOf[];
}

/** What the documents of a chunk share: the commune, its default receiver type, the importer. */
export interface ChunkContext {
  actor: Actor;
  dryRun: boolean;
  area: { provinceCode: string; districtCode: string | null; communeCode: string };
  receiverType: ReceiverType;
  communeNames: Map<string, string | null>;
}

/** The stored document, as registerHousehold would have written it. */
function householdDoc(run: ChunkContext, c: ImportCandidate, now: Date) {
  const f = c.fields;
  return {
    _id: c.id,
    area: run.area,
    village: f.village,
    villageFolded: foldVietnamese(f.village),
    address: f.address ?? null,
    head: {
      fullName: f.head.fullName,
      fullNameFolded: foldVietnamese(f.head.fullName),
      nationalId: f.head.nationalId,
      birthYear: f.head.birthYear ?? null,
      gender: f.head.gender ?? null,
    },
    phone: f.phone ?? null,
    povertyStatus: f.povertyStatus,
    povertyCertificateNo: f.povertyCertificateNo ?? null,
    povertyListYear: f.povertyListYear,
    memberCount: f.memberCount ?? null,
    hasTv: f.hasTv,
    hasPaidTv: f.hasPaidTv,
    hasDigitalTv: f.hasDigitalTv,
    receiverType: f.receiverType ?? run.receiverType,
    notes: f.notes ?? null,
    status: 'registered',
    statusReason: null,
    eligibility: c.eligibility,
    possibleDuplicates: c.possible.map((p) => ({ householdId: p.householdId, grounds: p.grounds })),
    needsDuplicateReview: c.possible.length > 0,
    isDuplicate: false,
    approvedAt: null,
    version: 1,
    createdBy: run.actor.id,
    createdAt: now,
    updatedAt: now,
  };
}

function writeFailuresOf(err: unknown): { index: number; code: number | undefined }[] | null {
  const writeErrors = (err as { writeErrors?: unknown }).writeErrors;
  if (!Array.isArray(writeErrors)) return null;
  return writeErrors.map((w: { index: number; code?: number; err?: { code?: number } }) => ({
    index: w.index,
    code: w.code ?? w.err?.code,
  }));
}

/**
 * One insertMany per chunk. `lean` skips Mongoose's per-document hydration and validation, which
 * costs more than the insert itself (DESIGN §12 wants half the raw driver's rate): the documents
 * are built above from Joi-validated fields, and the unique index guards the national ID, here
 * and against a registration racing the import.
 */
export async function insertChunk(
  run: ChunkContext,
  chunk: ImportCandidate[],
): Promise<Map<number, RegisteredHolder>> {
  const now = new Date();
  try {
    await HouseholdModel.insertMany(
      chunk.map((c) => householdDoc(run, c, now)),
      { ordered: false, lean: true },
    );
    return new Map();
  } catch (err) {
    const failures = writeFailuresOf(err);
    // Without write errors nothing is known of what was stored; `recountHouseholds` repairs counters.
    if (!failures) throw err;
    if (failures.some((f) => !isDuplicateKeyError(f))) {
      await countTransition(run.area, null, 'registered', chunk.length - failures.length);
      throw err;
    }
    const refused = failures.map((f) => chunk[f.index]);
    const holders = await holdersOf(run, refused);
    for (const c of refused) {
      if (!holders.has(c.row))
        holders.set(c.row, {
          householdId: null,
          headName: null,
          village: null,
          communeCode: null,
          communeName: null,
        });
    }
    return holders;
  }
}

/** Who already holds the national IDs of these rows, by row. */
export async function holdersOf(
  run: ChunkContext,
  chunk: ImportCandidate[],
): Promise<Map<number, RegisteredHolder>> {
  const found = await findByKey<Pick<StoredHousehold, '_id' | 'head' | 'area' | 'village'>>(
    HouseholdModel,
    'head.nationalId',
    chunk.map((c) => c.fields.head.nationalId),
  );
  const byId = new Map(found.map((h) => [h.head.nationalId, h]));
  const holders = new Map<number, RegisteredHolder>();
  for (const c of chunk) {
    const h = byId.get(c.fields.head.nationalId);
    if (!h) continue;
    const communeCode = h.area.communeCode;
    if (!run.communeNames.has(communeCode))
      run.communeNames.set(communeCode, (await areas.findArea(communeCode))?.name ?? null);
    holders.set(c.row, {
      householdId: String(h._id),
      headName: h.head.fullName,
      village: h.village ?? null,
      communeCode,
      communeName: run.communeNames.get(communeCode) ?? null,
    });
  }
  return holders;
}

/** Rows flagged against a row that was then refused would point at nothing: unflag them. */
export async function dropLostReferences(
  run: ChunkContext,
  kept: ImportCandidate[],
  lost: Set<string>,
): Promise<void> {
  for (const c of kept) {
    if (!c.possible.some((p) => lost.has(p.householdId))) continue;
    c.possible = c.possible.filter((p) => !lost.has(p.householdId));
    if (run.dryRun) continue;
    const possibleDuplicates = c.possible.map((p) => ({ householdId: p.householdId, grounds: p.grounds }));
    await HouseholdModel.updateOne(
      { _id: c.id },
      { $set: { possibleDuplicates, needsDuplicateReview: possibleDuplicates.length > 0 } },
    );
  }
}
