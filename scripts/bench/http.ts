// npm run bench:http -- [--households 35000] [--duration 10] [--province 01] [--only bare,confirm]
// DESIGN §12, HTTP under load: on a province of `households` households (built through the API as
// bench:scale does), autocannon runs at 1, 10 and 50 connections for `duration` seconds each against
// delivery confirmation, registration, a commune's list and the commune coverage report, and against
// a bare Express route doing one single update of a delivery on the same database (the floor any
// route pays for the database round trip). Prints requests/s, p50, p99 and errors per level, and the
// ratio confirm / bare route (target: at least 0.60 at 50 connections). Beside it, for scale, the
// same bare route making CONFIRM_WRITES such updates in a row: a confirmation writes that many times
// (receiver, delivery, household, three audit entries, the handover number, three counters, the
// idempotency record), so confirm / that route says what the service costs beyond its writes.
import type { AddressInfo } from 'node:net';
import autocannon from 'autocannon';
import express from 'express';
import { DeliveryModel } from '../../src/batches/delivery-model';
import { withBenchProvince } from './province';
import { numberArg } from './scratch';

const households = numberArg('households', 35_000);
const duration = numberArg('duration', 10);
const provinceArg = process.argv.indexOf('--province');
const provinceCode = provinceArg >= 0 ? (process.argv[provinceArg + 1] ?? '01') : '01';
const LEVELS = [1, 10, 50];
/** `--only bare,confirm`: the loads whose names contain one of these words (all by default). */
const onlyArg = process.argv.indexOf('--only');
const only = onlyArg >= 0 ? (process.argv[onlyArg + 1] ?? '').split(',').filter(Boolean) : [];
/** The writes of one confirmation (see above): 5 through FerretDB, 6 straight in PostgreSQL. */
const CONFIRM_WRITES = 11;

interface Load {
  name: string;
  url: string;
  method: 'GET' | 'POST';
  headers: Record<string, string>;
  /** The body of the n-th request. */
  body?: (n: number) => string;
  /** The path of the n-th request, when each needs its own record. */
  path?: (n: number) => string;
}

interface Result {
  name: string;
  connections: number;
  rps: number;
  p50: number;
  p99: number;
  errors: number;
}

async function run(load: Load, connections: number): Promise<Result> {
  let n = 0;
  const result = await autocannon({
    url: load.url,
    connections,
    duration,
    requests: [
      {
        method: load.method,
        headers: load.headers,
        setupRequest: (req) => {
          const i = n++;
          return { ...req, ...(load.path ? { path: load.path(i) } : {}), body: load.body?.(i) };
        },
      },
    ],
  });
  return resultOf(load.name, connections, result);
}

withBenchProvince(provinceCode, async ({ api, communes, staffCommune, base, grow }) => {
  await grow(households);
  // 5,000 deliveries at 35,000 households (enough for every confirmation the load sends), fewer below.
  const size = Math.min(5_000, Math.floor(households / 7));
  const batchId = await api.plannedBatch(provinceCode, communes.slice(0, 40), 'tải', size);
  const work = await api.confirmable(batchId, size);
  console.log(`  batch ${batchId}: ${work.length} deliveries to confirm`);

  // The floor: one single update of a delivery per request, on the same database, no auth.
  const bare = express();
  bare.use(express.json());
  bare.post('/bare/:id', async (req, res) => {
    const times = Math.min(CONFIRM_WRITES, Math.max(1, Number(req.query.times) || 1));
    for (let i = 0; i < times; i++)
      await DeliveryModel.updateOne(
        { _id: req.params.id },
        { $set: { notes: `${String(req.body.notes ?? '')}.${i}` } },
      );
    res.json({ ok: true });
  });
  const bareServer = bare.listen(0, '127.0.0.1');
  await new Promise((r) => bareServer.once('listening', r));
  const bareBase = `http://127.0.0.1:${(bareServer.address() as AddressInfo).port}`;

  let confirmed = 0;
  const json = { 'content-type': 'application/json' };
  const loads: Load[] = [
    {
      name: 'bare update',
      url: `${bareBase}/bare/x`,
      method: 'POST',
      headers: json,
      path: (i) => `/bare/${work[i % work.length]?.id}`,
      body: (i) => JSON.stringify({ notes: `n${i}` }),
    },
    {
      name: `bare ${CONFIRM_WRITES} updates`,
      url: `${bareBase}/bare/x`,
      method: 'POST',
      headers: json,
      path: (i) => `/bare/${work[i % work.length]?.id}?times=${CONFIRM_WRITES}`,
      body: (i) => JSON.stringify({ notes: `m${i}` }),
    },
    {
      name: 'confirm a delivery',
      url: `${base}/deliveries/{id}/confirm`,
      method: 'POST',
      headers: { ...json, authorization: api.authOf('installer') },
    },
    {
      name: 'register',
      url: `${base}/households`,
      method: 'POST',
      headers: { ...json, authorization: api.authOf('staff') },
      body: (i) => JSON.stringify(api.registerBody(staffCommune, i, 'H')),
    },
    {
      name: 'list a commune',
      url: `${base}/households?areaCode=${staffCommune}&page=1`,
      method: 'GET',
      headers: { authorization: api.authOf('staff') },
    },
    {
      name: 'coverage',
      url: `${base}/reports/coverage?areaCode=${provinceCode}&level=commune`,
      method: 'GET',
      headers: { authorization: api.authOf('official') },
    },
  ];
  const results: Result[] = [];
  try {
    for (const load of loads.filter((l) => only.length === 0 || only.some((w) => l.name.includes(w)))) {
      for (const connections of LEVELS) {
        const r =
          load.name === 'confirm a delivery'
            ? await runConfirm(load, connections, () => work[confirmed++])
            : await run(load, connections);
        results.push(r);
        await settle(base);
        console.log(
          `  ${r.name} × ${connections}: ${r.rps.toFixed(1)} req/s, p50 ${r.p50} ms, p99 ${r.p99} ms, errors ${r.errors}`,
        );
      }
    }
  } finally {
    bareServer.close();
  }
  printResults(results);
});

/** Confirmation: each request takes the next delivery and its receiver, with its own idempotency key. */
async function runConfirm(
  load: Load,
  connections: number,
  next: () => { id: string; serial: string } | undefined,
): Promise<Result> {
  const result = await autocannon({
    url: load.url.replace('{id}/confirm', ''),
    connections,
    duration,
    requests: [
      {
        method: 'POST',
        headers: load.headers,
        setupRequest: (req) => {
          const w = next();
          if (!w) return req; // out of deliveries: counted as errors below
          return {
            ...req,
            path: new URL(load.url.replace('{id}', w.id)).pathname,
            headers: { ...load.headers, 'idempotency-key': `http-${w.id}` },
            body: JSON.stringify({
              serial: w.serial,
              recipientName: 'Người nhận',
              recipientIdLast4: '0000',
              recipientRelation: 'Người nhà',
              signalReceived: true,
            }),
          };
        },
      },
    ],
  });
  return resultOf(load.name, connections, result);
}

function resultOf(name: string, connections: number, r: autocannon.Result): Result {
  return {
    name,
    connections,
    // Answered requests only: a run out of deliveries answered 409 at once, which counted as
    // throughput (a kept province with 4 deliveries left once "passed" the ratio at 1.00).
    rps: r['2xx'] / r.duration,
    p50: r.latency.p50,
    p99: r.latency.p99,
    errors: r.non2xx + r.errors + r.timeouts,
  };
}

function printResults(results: Result[]): void {
  console.log('\n  route                  conns    req/s    p50 ms   p99 ms  errors');
  for (const r of results) {
    console.log(
      `  ${r.name.padEnd(22)} ${String(r.connections).padStart(5)} ${r.rps.toFixed(1).padStart(8)} ${String(r.p50).padStart(9)} ${String(r.p99).padStart(8)} ${String(r.errors).padStart(7)}`,
    );
  }
  for (const c of LEVELS) {
    const bare = results.find((r) => r.name === 'bare update' && r.connections === c);
    const confirm = results.find((r) => r.name === 'confirm a delivery' && r.connections === c);
    if (bare && confirm) {
      const ratio = confirm.rps / bare.rps;
      const target = ratio >= 0.6 ? ' (target ≥ 0.60: ok)' : ' (target ≥ 0.60: MISSED)';
      const valid = confirm.errors === 0 ? target : ` (${confirm.errors} failed requests: no verdict)`;
      const verdict = c === 50 ? valid : '';
      console.log(`  confirm / bare update at ${c} connections: ${ratio.toFixed(2)}${verdict}`);
    }
    const writes = results.find((r) => r.name === `bare ${CONFIRM_WRITES} updates` && r.connections === c);
    if (writes && confirm) {
      const ratio = confirm.rps / writes.rps;
      console.log(
        `  confirm / bare ${CONFIRM_WRITES} updates at ${c} connections: ${ratio.toFixed(2)} (for scale, no target)`,
      );
    }
  }
}

/** Waits until the requests a run left in flight have drained (the service answers at once again). */
async function settle(base: string): Promise<void> {
  const health = base.replace('/api/v1', '/healthz');
  for (let i = 0; i < 60; i++) {
    await new Promise((r) => setTimeout(r, 500));
    const started = performance.now();
    await fetch(health).catch(() => undefined);
    if (performance.now() - started < 20) return;
  }
}
