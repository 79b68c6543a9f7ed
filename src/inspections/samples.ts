import { randomBytes } from 'node:crypto';
import { Types } from 'mongoose';
import * as areas from '../areas/service';
import * as audit from '../audit/service';
import { deliveredUnder } from '../batches/delivered';
import { RuleViolationError, text } from '../errors';
import { scopeFilter, type Actor } from '../users/roles';
import { InspectionModel } from './model';
import { InspectionSampleModel, type InspectionSampleDoc } from './sample-model';
import { drawSample, MAX_SAMPLE_SIZE, sampleSizeFor } from './sampling';
import { getAreaInScope, underAreaFilter } from './service';
import type { InspectionSample, SampleListItem } from './shapes';
import { isoOrNull as iso } from '../vietnam-time';

// Drawing a sample of delivered households to inspect. Reads the delivered deliveries through the
// batches feature (batches/delivered.ts), then stores the sample and one pending inspection per
// drawn delivery.

export interface DrawSampleInput {
  areaCode: string;
  /** Any string or integer; a random one is generated (and returned) when absent. */
  seed?: string | number;
  size?: number;
  rate?: number;
  deliveredFrom?: Date;
  deliveredTo?: Date;
  name?: string | null;
}

export type { InspectionSample } from './shapes';

async function loadCandidates(input: DrawSampleInput, area: areas.Area) {
  return deliveredUnder(underAreaFilter(area), { from: input.deliveredFrom, to: input.deliveredTo });
}

type Candidate = Awaited<ReturnType<typeof loadCandidates>>[number];

function assertSampleSize(size: number): void {
  if (size <= MAX_SAMPLE_SIZE) return;
  throw new RuleViolationError(
    text(
      `Mẫu kiểm tra tối đa ${MAX_SAMPLE_SIZE} hộ (yêu cầu ${size})`,
      `A sample holds at most ${MAX_SAMPLE_SIZE} households (asked for ${size})`,
    ),
    { size, max: MAX_SAMPLE_SIZE },
  );
}

function inspectionOf(sampleId: string, order: number, d: Candidate, actor: Actor) {
  return {
    sampleId,
    order,
    deliveryId: d.id,
    batchId: d.batchId,
    householdId: d.householdId,
    area: d.area,
    village: d.village,
    household: {
      fullName: d.household.fullName,
      address: d.household.address ?? null,
      phone: d.household.phone ?? null,
    },
    serial: d.serial ?? null,
    deliveredAt: d.deliveredAt ?? null,
    createdBy: actor.id,
  };
}

/** The inspections of a stored sample; on failure the sample and what was stored of it are removed. */
async function storeInspections(sampleId: Types.ObjectId, drawn: Candidate[], actor: Actor): Promise<void> {
  try {
    await InspectionModel.insertMany(drawn.map((d, i) => inspectionOf(String(sampleId), i + 1, d, actor)));
  } catch (err) {
    await InspectionModel.deleteMany({ sampleId: String(sampleId) });
    await InspectionSampleModel.deleteOne({ _id: sampleId });
    throw err;
  }
}

/**
 * Draws a reproducible sample (sampling.ts) of the delivered deliveries in an area inside the
 * actor's scope (NotFoundError otherwise) and stores it with its pending inspections. The sample
 * document goes first, then its inspections (both removed again if those fail).
 */
export async function drawInspectionSample(input: DrawSampleInput, actor: Actor): Promise<InspectionSample> {
  const area = await getAreaInScope(input.areaCode, actor);
  const seed = input.seed === undefined ? randomBytes(5).toString('hex') : String(input.seed);
  const candidates = await loadCandidates(input, area);
  assertSampleSize(sampleSizeFor(candidates.length, input));
  const byId = new Map(candidates.map((d) => [d.id, d]));
  const drawnIds = drawSample(
    candidates.map((d) => ({ deliveryId: d.id, communeCode: d.area.communeCode })),
    { seed, size: input.size, rate: input.rate },
  );
  const drawn = drawnIds.flatMap((id) => byId.get(id) ?? []);
  const sampleId = new Types.ObjectId();
  const sample = await InspectionSampleModel.create({
    _id: sampleId,
    name: input.name || null,
    area: { ...areaPathOf(area), code: area.code, level: area.level },
    seed,
    rule: {
      size: input.size ?? null,
      rate: input.rate ?? null,
      deliveredFrom: input.deliveredFrom ?? null,
      deliveredTo: input.deliveredTo ?? null,
    },
    counts: {
      candidates: candidates.length,
      communes: new Set(candidates.map((d) => d.area.communeCode)).size,
      drawn: drawn.length,
      communesCovered: new Set(drawn.map((d) => d.area.communeCode)).size,
    },
    deliveryIds: drawnIds,
    createdBy: actor.id,
  });
  await storeInspections(sampleId, drawn, actor);
  const out = toInspectionSample(sample.toObject());
  await audit.record(
    actor,
    'inspection_sample.drawn',
    { type: 'inspection_sample', id: out.id, area: out.area },
    { after: { name: out.name, area: out.area.code, seed, rule: out.rule, counts: out.counts } },
  );
  return out;
}

function areaPathOf(area: areas.Area) {
  return { provinceCode: area.provinceCode, districtCode: area.districtCode, communeCode: area.communeCode };
}

export function toInspectionSample(
  d: InspectionSampleDoc & { _id: unknown; createdAt: Date },
): InspectionSample {
  return {
    id: String(d._id),
    name: d.name ?? null,
    area: {
      code: d.area.code,
      level: d.area.level,
      provinceCode: d.area.provinceCode,
      districtCode: d.area.districtCode ?? null,
      communeCode: d.area.communeCode ?? null,
    },
    seed: d.seed,
    rule: {
      size: d.rule.size ?? null,
      rate: d.rule.rate ?? null,
      deliveredFrom: iso(d.rule.deliveredFrom),
      deliveredTo: iso(d.rule.deliveredTo),
    },
    counts: {
      candidates: d.counts.candidates,
      communes: d.counts.communes,
      drawn: d.counts.drawn,
      communesCovered: d.counts.communesCovered,
    },
    deliveryIds: [...d.deliveryIds],
    createdBy: d.createdBy,
    createdAt: d.createdAt.toISOString(),
  };
}

export interface ListSamplesInput {
  page: number;
  pageSize: number;
}

/** The samples drawn in the actor's area (all of them for an admin), newest first, with area names. */
export async function listInspectionSamples(input: ListSamplesInput, actor: Actor) {
  const filter = scopeFilter(actor.role === 'admin' ? null : actor.scope);
  const [docs, total] = await Promise.all([
    InspectionSampleModel.find(filter)
      .sort({ createdAt: -1, _id: -1 })
      .skip((input.page - 1) * input.pageSize)
      .limit(input.pageSize)
      .lean(),
    InspectionSampleModel.countDocuments(filter),
  ]);
  const names = await areas.findAreas(docs.map((d) => d.area.code));
  const items: SampleListItem[] = docs.map((d) => {
    const { deliveryIds: _ids, ...sample } = toInspectionSample(d);
    return { ...sample, areaName: names.get(d.area.code)?.name ?? d.area.code };
  });
  return { items, total, page: input.page, pageSize: input.pageSize };
}
