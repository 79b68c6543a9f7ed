import { Types } from 'mongoose';
import * as areas from '../areas/service';
import * as audit from '../audit/service';
import { ConflictError, NotFoundError, text, ValidationError } from '../errors';
import { withLock } from '../database/locks';
import { areaFilter, isWithinScope, type Actor, type AreaLevel } from '../users/roles';
import { InspectionModel, type InspectionDoc } from './model';
import type { Inspection } from './shapes';
import { decideRecording, type InspectionResult, type InspectionStatus, type RecordRequest } from './results';
import { isoOrNull as iso } from '../vietnam-time';

// Inspections (kiểm tra): reading them and recording what an official found. Drawing samples is in
// samples.ts, the summary in summary.ts.

export type { Inspection } from './shapes';

export interface RecordInspectionInput extends RecordRequest {
  /** When the household was visited; defaults to now, never in the future. */
  inspectedAt?: Date;
}

export interface ListInspectionsInput {
  sampleId?: string;
  areaCode?: string;
  status?: InspectionStatus;
  result?: InspectionResult;
  page: number;
  pageSize: number;
}

type StoredInspection = InspectionDoc & { _id: Types.ObjectId; createdAt: Date; updatedAt: Date };

export function toInspection(d: StoredInspection): Inspection {
  return {
    id: String(d._id),
    sampleId: d.sampleId,
    order: d.order,
    deliveryId: d.deliveryId,
    batchId: d.batchId,
    householdId: d.householdId,
    area: {
      provinceCode: d.area.provinceCode,
      districtCode: d.area.districtCode ?? null,
      communeCode: d.area.communeCode,
    },
    village: d.village,
    household: {
      fullName: d.household.fullName,
      address: d.household.address ?? null,
      phone: d.household.phone ?? null,
    },
    serial: d.serial ?? null,
    deliveredAt: iso(d.deliveredAt),
    status: d.status,
    result: (d.result ?? null) as InspectionResult | null,
    notes: d.notes ?? null,
    inspectedBy: d.inspectedBy ?? null,
    inspectedAt: iso(d.inspectedAt),
    version: d.version,
    createdAt: d.createdAt.toISOString(),
    updatedAt: d.updatedAt.toISOString(),
  };
}

const inspectionNotFound = (id: string) =>
  new NotFoundError(text(`Không tìm thấy lượt kiểm tra ${id}`, `No inspection ${id}`));

export const areaNotFound = (code: string) =>
  new NotFoundError(text(`Không có đơn vị hành chính mã ${code}`, `No area with code ${code}`));

/** Admins see every inspection, officials those inside their area; anything else is 404. */
async function loadInspectionInScope(id: string, actor: Actor): Promise<StoredInspection> {
  if (!Types.ObjectId.isValid(id)) throw inspectionNotFound(id);
  const d = await InspectionModel.findById(id).lean();
  if (!d) throw inspectionNotFound(id);
  if (actor.role === 'admin' || (actor.role === 'official' && isWithinScope(actor.scope, d.area))) return d;
  throw inspectionNotFound(id);
}

export async function getInspection(id: string, actor: Actor): Promise<Inspection> {
  return toInspection(await loadInspectionInScope(id, actor));
}

/** An area the actor may inspect: NotFoundError for an unknown code and for one outside their scope. */
export async function getAreaInScope(code: string, actor: Actor): Promise<areas.Area> {
  const area = await areas.findArea(code);
  if (!area || !isWithinScope(actor.role === 'admin' ? null : actor.scope, area)) throw areaNotFound(code);
  return area;
}

/** Equality filters on an area path field (`area` by default) for everything under `area`. */
export function underAreaFilter(
  area: { code: string; level: AreaLevel; provinceCode: string },
  field = 'area',
): Record<string, string> {
  const filter: Record<string, string> = { [`${field}.provinceCode`]: area.provinceCode };
  if (area.level === 'district') filter[`${field}.districtCode`] = area.code;
  if (area.level === 'commune') filter[`${field}.communeCode`] = area.code;
  return filter;
}

export async function listInspections(input: ListInspectionsInput, actor: Actor) {
  // An area outside one's scope finds nothing, as if it had no inspections (like households).
  const filter: Record<string, unknown> = {
    ...areaFilter(actor.role === 'admin' ? null : actor.scope, input.areaCode),
  };
  if (input.sampleId) filter.sampleId = input.sampleId;
  if (input.status) filter.status = input.status;
  if (input.result) filter.result = input.result;
  const [docs, total] = await Promise.all([
    InspectionModel.find(filter)
      .sort({ sampleId: 1, order: 1, _id: 1 })
      .skip((input.page - 1) * input.pageSize)
      .limit(input.pageSize)
      .lean(),
    InspectionModel.countDocuments(filter),
  ]);
  return { items: docs.map(toInspection), total, page: input.page, pageSize: input.pageSize };
}

/** Not in the future (5 minutes of clock skew allowed), and not before the receiver was delivered. */
function checkInspectedAt(at: Date, deliveredAt: Date | null | undefined): void {
  const tooLate = at.getTime() > Date.now() + 5 * 60_000;
  const tooEarly = !!deliveredAt && at < deliveredAt;
  if (!tooLate && !tooEarly) return;
  throw new ValidationError(
    text(
      tooLate ? 'Thời điểm kiểm tra ở tương lai' : 'Thời điểm kiểm tra trước khi bàn giao đầu thu',
      tooLate ? 'inspectedAt is in the future' : 'inspectedAt is before the delivery',
    ),
    [
      {
        path: 'inspectedAt',
        type: 'date.range',
        message: text('inspectedAt: ngoài khoảng cho phép', 'inspectedAt: out of range'),
      },
    ],
  );
}

const staleVersion = (current: StoredInspection) =>
  new ConflictError(
    text(
      'Kết quả kiểm tra đã được ghi hoặc vừa thay đổi; hãy tải lại và gửi kèm phiên bản hiện tại',
      'The inspection was recorded or changed meanwhile; reload it and send its current version',
    ),
    { currentVersion: current.version, status: current.status, result: current.result ?? null },
  );

const snapshot = (d: StoredInspection) => ({
  status: d.status,
  result: d.result ?? null,
  notes: d.notes ?? null,
  inspectedAt: iso(d.inspectedAt),
  version: d.version,
});

/**
 * Records (or, with the current version, corrects) what the official found. Repeating the stored
 * result returns it unchanged; anything else over a recorded result without the current version is
 * ConflictError with `currentVersion`. Under the inspection's lock: FerretDB's conditional update
 * on `version` is not atomic (src/database/locks.ts).
 */
export async function recordInspectionResult(
  id: string,
  input: RecordInspectionInput,
  actor: Actor,
): Promise<Inspection> {
  return withLock(`inspection:${id}`, async () => {
    const current = await loadInspectionInScope(id, actor);
    const decision = decideRecording(
      {
        status: current.status,
        result: (current.result ?? null) as InspectionResult | null,
        notes: current.notes ?? null,
        version: current.version,
      },
      input,
    );
    if (decision === 'unchanged') return toInspection(current);
    if (decision === 'stale') throw staleVersion(current);
    const inspectedAt = input.inspectedAt ?? new Date();
    checkInspectedAt(inspectedAt, current.deliveredAt);
    const notes = input.notes === undefined ? (current.notes ?? null) : input.notes || null;
    const done = await InspectionModel.findOneAndUpdate(
      { _id: current._id, version: current.version },
      {
        $set: { status: 'inspected', result: input.result, notes, inspectedBy: actor.id, inspectedAt },
        $inc: { version: 1 },
      },
      { returnDocument: 'after' },
    ).lean();
    if (!done) throw staleVersion(await loadInspectionInScope(id, actor));
    await audit.record(
      actor,
      'inspection.recorded',
      { type: 'inspection', id, area: done.area },
      { before: snapshot(current), after: snapshot(done) },
    );
    return toInspection(done);
  });
}
