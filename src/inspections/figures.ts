import { INSPECTION_RESULTS, PROBLEM_RESULTS, type InspectionResult } from './results';

// Inspection summary math (pure): counts per area in, figures out. Rates stay unrounded fractions.

export interface InspectionCounts {
  /** Inspections drawn (pending or inspected). */
  sampled: number;
  results: Record<InspectionResult, number>;
}

export interface InspectionFigures extends InspectionCounts {
  inspected: number;
  pending: number;
  /** Inspected with any result but `ok`. */
  problems: number;
  /** problems / inspected; null when nothing was inspected yet ("not checked" must not read as 0 %). */
  problemRate: number | null;
}

export function zeroInspectionCounts(): InspectionCounts {
  return {
    sampled: 0,
    results: Object.fromEntries(INSPECTION_RESULTS.map((r) => [r, 0])) as Record<InspectionResult, number>,
  };
}

export function addInspectionCounts(a: InspectionCounts, b: InspectionCounts): InspectionCounts {
  const sum = zeroInspectionCounts();
  sum.sampled = a.sampled + b.sampled;
  for (const r of INSPECTION_RESULTS) sum.results[r] = a.results[r] + b.results[r];
  return sum;
}

export function inspectionFigures(c: InspectionCounts): InspectionFigures {
  const inspected = INSPECTION_RESULTS.reduce((n, r) => n + c.results[r], 0);
  const problems = PROBLEM_RESULTS.reduce((n, r) => n + c.results[r], 0);
  return {
    sampled: c.sampled,
    inspected,
    pending: c.sampled - inspected,
    problems,
    problemRate: inspected === 0 ? null : problems / inspected,
    results: { ...c.results },
  };
}
