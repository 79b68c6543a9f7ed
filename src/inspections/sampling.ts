import { createHmac } from 'node:crypto';
import { text, ValidationError } from '../errors';

// Drawing a spot-check sample (DESIGN §1 step 5): a pure, reproducible rule. Each candidate's place
// in the draw is HMAC-SHA256(seed, deliveryId): stable across runs, machines and the order the
// database returns rows in, so the same seed over the same deliveries gives exactly the same sample,
// and anyone can re-check a published sample from its seed.

export interface SampleCandidate {
  deliveryId: string;
  communeCode: string;
}

/** Exactly one of `size` (how many) or `rate` (0 < rate ≤ 1 of the candidates, rounded up). */
export interface SampleRule {
  seed: string;
  size?: number;
  rate?: number;
}

/** A larger draw is a census, not a spot check, and would be one oversized write. */
export const MAX_SAMPLE_SIZE = 10_000;

// Guards Math.ceil against binary fractions: 0.1 × 30 is 3.0000000000000004, which must stay 3.
const EPSILON = 1e-9;

/** How many to draw from `candidates`: never more than there are. */
export function sampleSizeFor(candidates: number, rule: Omit<SampleRule, 'seed'>): number {
  const { size, rate } = rule;
  if ((size === undefined) === (rate === undefined)) {
    throw new ValidationError(text('Hãy cho cỡ mẫu hoặc tỷ lệ (một trong hai)', 'Give either size or rate'));
  }
  const validSize = size !== undefined && Number.isInteger(size) && size >= 1;
  const validRate = rate !== undefined && rate > 0 && rate <= 1;
  if (!validSize && !validRate) {
    throw new ValidationError(text('Cỡ mẫu hoặc tỷ lệ không hợp lệ', 'size must be ≥ 1, rate in (0, 1]'), {
      size,
      rate,
    });
  }
  const wanted = size ?? Math.ceil((rate ?? 0) * candidates - EPSILON);
  return Math.min(wanted, candidates);
}

/** The candidate's place in the draw for this seed (a hex string; smaller comes first). */
export function drawKey(seed: string, deliveryId: string): string {
  return createHmac('sha256', seed).update(deliveryId).digest('hex');
}

/**
 * The drawn delivery ids, in visiting order (the seed's order). Stratified by commune: first the
 * first-drawn delivery of each commune, so every commune with a delivered household is checked
 * when the size allows (when it does not, the communes drawn first get one each), then the rest
 * in draw order up to the size.
 */
export function drawSample(candidates: readonly SampleCandidate[], rule: SampleRule): string[] {
  const size = sampleSizeFor(candidates.length, rule);
  if (size === 0) return [];
  const ranked = candidates
    .map((c) => ({ ...c, key: drawKey(rule.seed, c.deliveryId) }))
    .sort((a, b) => compare(a.key, b.key) || compare(a.deliveryId, b.deliveryId));
  const firsts: typeof ranked = [];
  const rest: typeof ranked = [];
  const seen = new Set<string>();
  for (const c of ranked) {
    if (seen.has(c.communeCode)) rest.push(c);
    else {
      seen.add(c.communeCode);
      firsts.push(c);
    }
  }
  const chosen = new Set([...firsts, ...rest].slice(0, size).map((c) => c.deliveryId));
  return ranked.filter((c) => chosen.has(c.deliveryId)).map((c) => c.deliveryId);
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
