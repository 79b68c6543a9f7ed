import { findAreas } from '../areas/service';
import * as audit from '../audit/service';
import type { AuditEntry } from '../audit/shapes';
import { BatchModel } from '../batches/model';
import { DeliveryModel } from '../batches/delivery-model';
import { findByIds } from '../database/bulk-reads';
import { HouseholdModel } from '../households/model';
import { InspectionModel } from '../inspections/model';
import { InspectionSampleModel } from '../inspections/sample-model';
import { accountsOf } from '../users/service';
import type { Actor } from '../users/roles';
import type { AuditLogEntry, AuditLogPage } from './audit-log-shapes';

// The audit trail as a person reads it (GET /audit, the official's "Nhật ký" page): each entry with
// who did it by full name, the area by name, and what it was about in words (the household's head,
// the batch's name, the serial), read for the page's entries only: a few queries by key per page.
// Read-only; the entries themselves are the audit feature's (src/audit/).

const OBJECT_ID = /^[0-9a-f]{24}$/;

/** The ids of one entity type on the page (only well-formed ones reach a query). */
const idsOf = (entries: AuditEntry[], type: string) => [
  ...new Set(
    entries.filter((e) => e.entityType === type && OBJECT_ID.test(e.entityId)).map((e) => e.entityId),
  ),
];

interface Subject {
  label: string | null;
  householdId: string | null;
  batchId: string | null;
}

/**
 * What each entry is about, by entity type and id: one read per type present on the page. `accounts`
 * and `places`: the page's accounts and areas, each read once for what the entries name and concern.
 */
async function subjectsOf(
  entries: AuditEntry[],
  accounts: Promise<Map<string, { fullName: string }>>,
  places: Promise<Map<string, { name: string }>>,
): Promise<Map<string, Subject>> {
  type Named = { _id: unknown; name?: string | null };
  type Visit = { _id: unknown; householdId: unknown; household: { fullName: string } };
  const [households, deliveries, inspections, batches, samples, areas, users] = await Promise.all([
    findByIds<{ _id: unknown; head: { fullName: string } }>(HouseholdModel, idsOf(entries, 'household')),
    findByIds<{ _id: unknown; batchId: unknown; householdId: unknown; household: { fullName: string } }>(
      DeliveryModel,
      idsOf(entries, 'delivery'),
    ),
    findByIds<Visit>(InspectionModel, idsOf(entries, 'inspection')),
    findByIds<Named>(BatchModel, idsOf(entries, 'batch')),
    findByIds<Named>(InspectionSampleModel, idsOf(entries, 'inspection_sample')),
    places,
    accounts,
  ]);
  const out = new Map<string, Subject>();
  const put = (type: string, id: string, s: Partial<Subject>) =>
    out.set(`${type}:${id}`, { label: null, householdId: null, batchId: null, ...s });
  for (const h of households)
    put('household', String(h._id), { label: h.head.fullName, householdId: String(h._id) });
  for (const d of deliveries)
    put('delivery', String(d._id), {
      label: d.household.fullName,
      householdId: String(d.householdId),
      batchId: String(d.batchId),
    });
  for (const i of inspections)
    put('inspection', String(i._id), { label: i.household.fullName, householdId: String(i.householdId) });
  for (const b of batches) put('batch', String(b._id), { label: b.name ?? null, batchId: String(b._id) });
  for (const s of samples) put('inspection_sample', String(s._id), { label: s.name ?? null });
  for (const id of idsOf(entries, 'user')) {
    const u = users.get(id);
    if (u) put('user', id, { label: u.fullName });
  }
  for (const [code, a] of areas) put('area', code, { label: a.name });
  // A receiver is named by its serial, a backup by its file's name: each is its id.
  for (const e of entries)
    if (e.entityType === 'receiver' || e.entityType === 'backup')
      put(e.entityType, e.entityId, { label: e.entityId });
  return out;
}

/** The reason a change gives in its own words (a rejection, a withdrawal, a stock change). */
function reasonOf(after: unknown): string | null {
  if (!after || typeof after !== 'object') return null;
  const a = after as { statusReason?: unknown; reason?: unknown };
  for (const r of [a.statusReason, a.reason]) if (typeof r === 'string' && r.trim()) return r;
  return null;
}

/** A failed visit's reason: a code of FAILURE_REASONS, which the web app says in words. */
function failureReasonOf(after: unknown): string | null {
  const r = after && typeof after === 'object' ? (after as { failureReason?: unknown }).failureReason : null;
  return typeof r === 'string' ? r : null;
}

export async function listAuditLog(input: audit.ListAuditInput, actor: Actor): Promise<AuditLogPage> {
  const page = await audit.listAudit(input, actor);
  const codeOf = (e: AuditEntry) =>
    e.area?.communeCode ?? e.area?.districtCode ?? e.area?.provinceCode ?? null;
  // One read each of the page's accounts and areas: those that did, and those that were changed.
  const accounts = accountsOf([...page.items.map((e) => e.actor.id), ...idsOf(page.items, 'user')]);
  const places = findAreas([
    ...page.items.flatMap((e) => codeOf(e) ?? []),
    ...page.items.filter((e) => e.entityType === 'area').map((e) => e.entityId),
  ]);
  const [people, subjects, areas] = await Promise.all([
    accounts,
    subjectsOf(page.items, accounts, places),
    places,
  ]);
  const items: AuditLogEntry[] = page.items.map((e) => {
    const code = codeOf(e);
    const subject = subjects.get(`${e.entityType}:${e.entityId}`);
    return {
      ...e,
      actor: { ...e.actor, fullName: people.get(e.actor.id)?.fullName ?? null },
      areaName: code ? (areas.get(code)?.name ?? null) : null,
      subject: subject?.label ?? null,
      householdId: subject?.householdId ?? null,
      batchId: subject?.batchId ?? null,
      reason: reasonOf(e.after),
      failureReason: failureReasonOf(e.after),
    };
  });
  return { ...page, items };
}

/** The most entries one .xlsx holds (a province's trail grows by ~3 entries a delivery). */
export const AUDIT_EXPORT_MAX = 100_000;
const EXPORT_PAGE = 500;

/**
 * Every entry the filter matches, newest first, for the .xlsx: 500 at a time with their names, up
 * to AUDIT_EXPORT_MAX. Paged by key, not by page number: each page asks for the entries after the
 * last one written in the list's order (at, then id). An offset from the start made the province's
 * 98,513 entries take 136 s; by key the cost stays per page, and an entry stored meanwhile under an
 * earlier instant (a pending entry flushed by reconcile, src/audit/pending.ts) can no longer shift
 * a page so that a row comes twice or not at all (it did with the offset within one instant, which
 * a bulk step fills with thousands). The period ends when the export starts, so entries written
 * meanwhile do not enter it.
 */
export async function* auditLogRows(
  input: Omit<audit.ListAuditInput, 'page' | 'pageSize' | 'after'>,
  actor: Actor,
): AsyncGenerator<AuditLogEntry> {
  const now = new Date();
  const to = input.to && input.to < now ? input.to : now;
  let last: { at: Date; id: string } | undefined;
  for (let written = 0; written < AUDIT_EXPORT_MAX;) {
    const pageSize = Math.min(EXPORT_PAGE, AUDIT_EXPORT_MAX - written);
    // The last entry's time also ends the period: a bound the index scan starts from, where the
    // keyset's `$or` alone is a filter on each row (60,000 entries: 12.7 s → 8.3 s).
    const page = { ...input, to: last?.at ?? to, page: 1, pageSize, ...(last ? { after: last } : {}) };
    const { items } = await listAuditLog(page, actor);
    yield* items;
    written += items.length;
    if (items.length < pageSize) return;
    const end = items[items.length - 1] as AuditLogEntry;
    last = { at: new Date(end.at), id: end.id };
  }
}
