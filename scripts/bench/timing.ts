// Timing helpers shared by the benchmarks: medians and p95 of repeated operations, and a table that
// puts two sizes side by side with their ratio and a verdict.

export interface Timing {
  name: string;
  medianMs: number;
  p95Ms: number;
  runs: number;
}

/** Runs `op` once to warm up, then `runs` times in a row; answers median and p95 in ms. */
export async function timeOp(name: string, runs: number, op: () => Promise<unknown>): Promise<Timing> {
  if (runs > 1) await op();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    await op();
    times.push(performance.now() - started);
  }
  return { name, runs, medianMs: quantile(times, 0.5), p95Ms: quantile(times, 0.95) };
}

export function quantile(values: number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)] as number;
}

const f = (n: number) => (Number.isFinite(n) ? n.toFixed(1) : '-');

export function printTable(
  smallSize: Timing[],
  largeSize: Timing[],
  limits: { p95Ms: number; ratio: number; importRatio: number },
): void {
  const rows = [['operation', 'small p50', 'small p95', 'large p50', 'large p95', 'ratio', 'verdict']];
  for (const b of largeSize) {
    const a = smallSize.find((t) => t.name === b.name);
    const ratio = a ? b.medianMs / a.medianMs : NaN;
    const isImport = b.name.startsWith('import');
    const ok = isImport ? ratio <= limits.importRatio : b.p95Ms <= limits.p95Ms && ratio <= limits.ratio;
    rows.push([
      b.name,
      f(a?.medianMs ?? NaN),
      f(a?.p95Ms ?? NaN),
      f(b.medianMs),
      f(b.p95Ms),
      f(ratio),
      ok ? 'ok' : 'MISSED',
    ]);
  }
  const widths = (rows[0] ?? []).map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length)));
  for (const r of rows) {
    const cells = r.map((c, i) => (i === 0 ? c.padEnd(widths[i] ?? 0) : c.padStart(widths[i] ?? 0)));
    console.log('  ' + cells.join('  '));
  }
}
