// npm run bench:lists -- [--households 35000] [--runs 30] [--province 01]
// The household lists of issue 9 on their own (DESIGN §12: p95 ≤ 250 ms at 35,000 households and
// within 3× of the time at 1,000): a commune's list, name searches, review-queue pages, the
// province's whole list and the audit page (Nhật ký: the province, a commune, one action), timed
// over HTTP on a province grown as scale.ts grows it. Run it once per size on kept databases to
// compare (the figures of one run print as a table):
//   BENCH_KEEP_DB=dtv_small npm run bench:lists -- --households 1000
//   BENCH_KEEP_DB=dtv_mid npm run bench:lists -- --households 35000
import { withBenchProvince } from './province';
import { numberArg } from './scratch';
import { timeOp, type Timing } from './timing';

const target = numberArg('households', 35_000);
const runs = numberArg('runs', 30);
const provinceArg = process.argv.indexOf('--province');
const provinceCode = provinceArg >= 0 ? (process.argv[provinceArg + 1] ?? '01') : '01';

withBenchProvince(provinceCode, async ({ api, staffCommune, grow }) => {
  // Grown as scale.ts grows it (1,000 first, then the rest), so the review queue holds what it
  // holds there: about half of each commune still awaiting review.
  for (const size of [Math.min(1_000, target), target]) {
    if ((await api.householdTotal(provinceCode)) < size) await grow(size);
  }
  const total = await api.householdTotal(provinceCode);
  const out: Timing[] = [
    await timeOp('list a commune (page 1)', runs, () => api.listCommune(staffCommune)),
    await timeOp('search a commune by name', runs, () => api.searchProvince(staffCommune, 'nguyen van')),
    await timeOp('search the province by name', runs, () => api.searchProvince(provinceCode, 'nguyen van')),
    await timeOp('review queue page (a commune)', runs, () => api.reviewQueue(staffCommune)),
    await timeOp('review queue page (the province)', runs, () => api.reviewQueue(provinceCode)),
    await timeOp('the province list (page 1)', runs, () =>
      api.call('official', 'GET', `/households?areaCode=${provinceCode}`),
    ),
    // The Nhật ký page: a page of 50 entries with their names read (reports/audit-log.ts).
    await timeOp('audit page (the province)', runs, () => api.call('official', 'GET', '/audit')),
    await timeOp('audit page (a commune)', runs, () =>
      api.call('official', 'GET', `/audit?areaCode=${staffCommune}`),
    ),
    await timeOp('audit page (one action)', runs, () =>
      api.call('official', 'GET', '/audit?action=household.imported'),
    ),
  ];
  console.log(`\nHousehold lists at ${total} households (${runs} runs each, ms):`);
  for (const t of out)
    console.log(
      `  ${t.name.padEnd(36)} p50 ${t.medianMs.toFixed(1).padStart(7)}  p95 ${t.p95Ms.toFixed(1).padStart(7)}`,
    );
});
