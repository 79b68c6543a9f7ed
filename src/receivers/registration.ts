import { isDuplicateKeyError } from '../database/duplicate-key';
import { countReceiverMoves, kindOf } from './counters';
import * as areas from '../areas/service';
import { findEach } from '../database/bulk-reads';
import * as audit from '../audit/service';
import {
  ConflictError,
  ForbiddenError,
  RuleViolationError,
  text,
  ValidationError,
  type LocalizedText,
} from '../errors';
import { managesProvince, type Actor } from '../users/roles';
import { ReceiverModel } from './model';
import {
  checkReceiverFields,
  type ReceiverField,
  type ReceiverFields,
  type ReceiverRowInput,
} from './receiver-fields';
import { RECEIVER_STATUS_VI, type ReceiverStatus } from './status';

// Registering a province's receivers from a supplier's list (DESIGN §5). The unique index on the
// serial decides what is new: rows go to the database in chunks of one unordered insertMany, and a
// duplicate-key error refuses only its own row. Re-sending a list therefore creates nothing twice.

const CHUNK = 1_000;

export interface RegisterReceiversInput {
  receivers: ReceiverRowInput[];
  /** Defaults to the province of a province-level official. */
  provinceCode?: string;
}

/** The receiver already holding a serial, as a duplicate names it. */
export interface ExistingReceiver {
  provinceCode: string;
  status: ReceiverStatus;
  batchId: string | null;
}

export interface RegistrationReport {
  provinceCode: string;
  created: number;
  rejected: { index: number; serial: string | null; field: ReceiverField; reason: LocalizedText }[];
  duplicates: { index: number; serial: string; existing: ExistingReceiver | null }[];
}

/** A checked row waiting to be stored; `key` is its place in the request or file. */
export interface ReceiverCandidate {
  key: number;
  fields: ReceiverFields;
}

export interface StoreOutcome {
  created: ReceiverCandidate[];
  /** Rows whose serial is already registered, with the record holding it (null if it vanished). */
  taken: { candidate: ReceiverCandidate; existing: ExistingReceiver | null }[];
}

const onlyProvinceOfficials = () =>
  new ForbiddenError(
    text(
      'Chỉ cán bộ cấp tỉnh của tỉnh này được nhập đầu thu vào kho',
      'Only officials of this province (at province level) register its receivers',
    ),
  );

/** Registration and import: a province-level official of that province, or an admin. */
export async function provinceForRegistration(code: string | undefined, actor: Actor): Promise<string> {
  const own = actor.role === 'admin' ? null : (actor.scope?.provinceCode ?? null);
  // A district official was told "Hãy chọn tỉnh (provinceCode)": the refusal is about who, not what.
  if (actor.role !== 'admin' && !managesProvince(actor, code ?? own ?? undefined))
    throw onlyProvinceOfficials();
  const provinceCode = code ?? own;
  if (!provinceCode) {
    throw new ValidationError(text('Hãy chọn tỉnh (provinceCode)', 'provinceCode is required'), [
      { path: 'provinceCode', message: text('provinceCode: bắt buộc', 'provinceCode is required') },
    ]);
  }
  const area = await areas.getArea(provinceCode);
  if (area.level !== 'province') {
    throw new RuleViolationError(text(`${area.name} không phải cấp tỉnh`, `${area.name} is not a province`), {
      field: 'provinceCode',
    });
  }
  return provinceCode;
}

async function existingOf(serials: string[]): Promise<Map<string, ExistingReceiver>> {
  if (serials.length === 0) return new Map();
  const found = await findEach(serials, (serial) =>
    ReceiverModel.find({ serial }, { serial: 1, provinceCode: 1, status: 1, batchId: 1 }).lean(),
  );
  return new Map(
    found.map((r) => [
      r.serial,
      { provinceCode: r.provinceCode, status: r.status, batchId: r.batchId ?? null },
    ]),
  );
}

function duplicateKeyRows(err: unknown): number[] | null {
  const writeErrors = (err as { writeErrors?: unknown }).writeErrors;
  if (!Array.isArray(writeErrors)) return null;
  const failures = writeErrors.map((w: { index: number; code?: number; err?: { code?: number } }) => ({
    index: w.index,
    code: w.code ?? w.err?.code,
  }));
  return failures.every((f) => isDuplicateKeyError(f)) ? failures.map((f) => f.index) : null;
}

function receiverDoc(provinceCode: string, f: ReceiverFields, actor: Actor, now: Date) {
  return {
    ...f,
    provinceCode,
    status: 'in_stock',
    batchId: null,
    householdId: null,
    deliveryId: null,
    installedAt: null,
    statusReason: null,
    installedKey: f.serial,
    version: 1,
    createdBy: actor.id,
    createdAt: now,
    updatedAt: now,
  };
}

/**
 * Stores a chunk (with dryRun: only looks up which serials are taken) and audits what was created.
 * Documents are built from checked fields, so the insert skips Mongoose's per-document validation.
 */
export async function storeReceivers(
  provinceCode: string,
  chunk: ReceiverCandidate[],
  dryRun: boolean,
  actor: Actor,
): Promise<StoreOutcome> {
  let refused: number[] = [];
  if (dryRun) {
    const existing = await existingOf(chunk.map((c) => c.fields.serial));
    refused = chunk.flatMap((c, i) => (existing.has(c.fields.serial) ? [i] : []));
  } else {
    const now = new Date();
    try {
      await ReceiverModel.insertMany(
        chunk.map((c) => receiverDoc(provinceCode, c.fields, actor, now)),
        { ordered: false, lean: true },
      );
    } catch (err) {
      const rows = duplicateKeyRows(err);
      if (!rows) throw err;
      refused = rows;
    }
  }
  const refusedSet = new Set(refused);
  const created = chunk.filter((_, i) => !refusedSet.has(i));
  const existing = await existingOf(refused.map((i) => chunk[i].fields.serial));
  const taken = refused
    .sort((a, b) => a - b)
    .map((i) => ({ candidate: chunk[i], existing: existing.get(chunk[i].fields.serial) ?? null }));
  if (dryRun) return { created, taken };
  await countReceiverMoves(
    created.map((c) => ({ ...kindOf({ ...c.fields, provinceCode }), from: null, to: 'in_stock' as const })),
  );
  await audit.recordMany(
    actor,
    'receiver.registered',
    created.map((c) => ({
      entity: { type: 'receiver', id: c.fields.serial, area: { provinceCode } },
      after: { status: 'in_stock', type: c.fields.type, lot: c.fields.lot, supplier: c.fields.supplier },
    })),
  );
  return { created, taken };
}

/** The text naming a few existing records, for the message of a list that was all registered before. */
function namedDuplicates(duplicates: RegistrationReport['duplicates']): LocalizedText {
  const shown = duplicates.slice(0, 3);
  const more = duplicates.length - shown.length;
  const vi = shown.map((d) =>
    d.existing
      ? `${d.serial} (kho tỉnh ${d.existing.provinceCode}, ${RECEIVER_STATUS_VI[d.existing.status]})`
      : d.serial,
  );
  const en = shown.map((d) =>
    d.existing ? `${d.serial} (province ${d.existing.provinceCode}, ${d.existing.status})` : d.serial,
  );
  return text(
    `Các số serial đã được đăng ký: ${vi.join(', ')}${more > 0 ? ` và ${more} số khác` : ''}`,
    `These serials are already registered: ${en.join(', ')}${more > 0 ? ` and ${more} more` : ''}`,
  );
}

/**
 * Registers a province's receivers and reports on every item. A list of which nothing new is stored
 * is an error: ConflictError carrying the report when serials are already registered (a re-sent
 * list), ValidationError naming each item when every one was rejected.
 */
export async function registerReceivers(
  input: RegisterReceiversInput,
  actor: Actor,
): Promise<RegistrationReport> {
  const provinceCode = await provinceForRegistration(input.provinceCode, actor);
  const report: RegistrationReport = { provinceCode, created: 0, rejected: [], duplicates: [] };
  const firstIndex = new Map<string, number>();
  const candidates: ReceiverCandidate[] = [];
  input.receivers.forEach((row, index) => {
    const checked = checkReceiverFields(row);
    if ('problem' in checked) {
      const serial = row.serial.trim() || null;
      report.rejected.push({ index, serial, ...checked.problem });
      return;
    }
    const { serial } = checked.fields;
    const first = firstIndex.get(serial);
    if (first !== undefined) {
      const reason = text(
        `Số serial ${serial} trùng với mục ${first} của danh sách`,
        `Serial ${serial} repeats item ${first} of the list`,
      );
      report.rejected.push({ index, serial, field: 'serial', reason });
      return;
    }
    firstIndex.set(serial, index);
    candidates.push({ key: index, fields: checked.fields });
  });
  for (let i = 0; i < candidates.length; i += CHUNK) {
    const { created, taken } = await storeReceivers(
      provinceCode,
      candidates.slice(i, i + CHUNK),
      false,
      actor,
    );
    report.created += created.length;
    for (const t of taken)
      report.duplicates.push({
        index: t.candidate.key,
        serial: t.candidate.fields.serial,
        existing: t.existing,
      });
  }
  if (report.created > 0) return report;
  if (report.duplicates.length > 0) throw new ConflictError(namedDuplicates(report.duplicates), report);
  throw new ValidationError(
    text('Không có đầu thu nào hợp lệ trong danh sách', 'No item of the list is a valid receiver'),
    report.rejected.map((r) => ({ path: `receivers.${r.index}.${r.field}`, message: r.reason })),
  );
}
