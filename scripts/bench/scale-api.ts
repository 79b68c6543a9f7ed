// The HTTP calls of the province-scale benchmark (scale.ts): building the province and the
// everyday operations it times, each as a person's client would send them.
import { communeSurvey } from '../demo/survey';

export interface Tokens {
  official: string;
  staff: string;
  installer: string;
  installerId: string;
}

type Who = 'official' | 'staff' | 'installer';
interface Ref {
  id: string;
  version: number;
}

export class BenchApi {
  constructor(
    private readonly base: string,
    private readonly tokens: Tokens,
  ) {}

  async call<T = unknown>(
    who: Who | '',
    method: string,
    path: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ): Promise<T> {
    const res = await fetch(this.base + path, {
      method,
      headers: {
        ...(who ? { authorization: `Bearer ${this.tokens[who]}` } : {}),
        ...(body !== undefined && typeof body !== 'string' ? { 'content-type': 'application/json' } : {}),
        ...headers,
      },
      body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    });
    const text = await res.text();
    if (!res.ok) throw new Error(`${method} ${path} → ${res.status} ${text.slice(0, 300)}`);
    return (text ? JSON.parse(text) : undefined) as T;
  }

  /**
   * Every household of the province, from the coverage report's counters: a province-wide list
   * counts only up to 1,000 (database/list-total.ts).
   */
  async householdTotal(provinceCode: string): Promise<number> {
    const res = await this.call<{ totals: { registeredTotal: number } }>(
      'official',
      'GET',
      `/reports/coverage?areaCode=${provinceCode}&level=commune`,
    );
    return res.totals.registeredTotal;
  }

  async receiverTotal(): Promise<number> {
    return (await this.call<{ total: number }>('official', 'GET', '/receivers?pageSize=1')).total;
  }

  /** Imports `n` households spread over the communes, each commune's list in one request. */
  async importSpread(communes: string[], n: number, round: number): Promise<void> {
    if (n <= 0) return;
    const per = Math.ceil(n / communes.length);
    let done = 0;
    const started = performance.now();
    for (const code of communes) {
      const rows = Math.min(per, n - done);
      if (rows <= 0) break;
      await this.importCommune(code, rows, round);
      done += rows;
    }
    console.log(`  imported ${done} households in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  }

  async importCommune(code: string, rows: number, round: number): Promise<void> {
    const csv = [...communeSurvey(code, rows, round, round * 10_000)].join('');
    await this.call('official', 'POST', `/households/import?communeCode=${code}`, csv, {
      'content-type': 'text/csv',
    });
  }

  /** Approves about half of each commune's eligible households awaiting review, with bulk approve. */
  async approveHalf(communes: string[]): Promise<void> {
    const started = performance.now();
    const ids: string[] = [];
    for (const code of communes) {
      const waiting = await this.registeredIds(code, 500);
      ids.push(...waiting.slice(0, Math.ceil(waiting.length / 2)).map((r) => r.id));
    }
    let approved = 0;
    for (let i = 0; i < ids.length; i += 10_000) {
      const job = await this.bulkApprove(ids.slice(i, i + 10_000));
      approved += job.counts.approved ?? 0;
    }
    console.log(
      `  approved ${approved} households in ${((performance.now() - started) / 1000).toFixed(1)} s`,
    );
  }

  /** POST /households/approve (a job), then polls GET /jobs/:id until it has finished. */
  async bulkApprove(ids: string[]): Promise<{ status: string; counts: Record<string, number> }> {
    const key = `bench-${Date.now()}-${ids.length}`;
    let job = await this.call<{ id: string; status: string; counts: Record<string, number> }>(
      'official',
      'POST',
      '/households/approve',
      { ids },
      { 'idempotency-key': key },
    );
    while (job.status === 'running') {
      await new Promise((r) => setTimeout(r, 250));
      job = await this.call('official', 'GET', `/jobs/${job.id}`);
    }
    return job;
  }

  async registeredIds(commune: string, max: number): Promise<Ref[]> {
    const res = await this.call<{ items: Array<Ref & { eligibility: { eligible: boolean } }> }>(
      'official',
      'GET',
      `/households?areaCode=${commune}&status=registered&eligible=true&needsDuplicateReview=false&pageSize=${Math.min(max, 500)}`,
    );
    return res.items.map((h) => ({ id: h.id, version: h.version }));
  }

  async registerReceivers(provinceCode: string, n: number, round: number): Promise<void> {
    for (let i = 0; i < n; i += 5_000) {
      const receivers = Array.from({ length: Math.min(5_000, n - i) }, (_, j) => ({
        serial: `BENCH-${round}-${String(i + j).padStart(6, '0')}`,
        type: 'dvb-t2',
        model: 'DVB-T2 HD',
        supplier: 'VTC',
        lot: `L${round}`,
      }));
      await this.call('official', 'POST', '/receivers', { provinceCode, receivers });
    }
  }

  /** A started batch over `communes` with `size` receivers and households in it. */
  async plannedBatch(provinceCode: string, communes: string[], label: string, size: number): Promise<string> {
    const batch = await this.call<{ id: string }>('official', 'POST', '/batches', {
      provinceCode,
      name: `Đợt đo ${label}`,
      phase: 1,
      communeCodes: communes,
      receiverType: 'dvb-t2',
      installerIds: [this.tokens.installerId],
    });
    await this.call('official', 'POST', `/batches/${batch.id}/receivers`, { count: size });
    await this.call('official', 'POST', `/batches/${batch.id}/households`, { limit: size });
    await this.call('official', 'POST', `/batches/${batch.id}/start`, {});
    return batch.id;
  }

  async register(commune: string, n: number, phase: string): Promise<Ref> {
    return this.call<Ref>('staff', 'POST', '/households', this.registerBody(commune, n, phase));
  }

  /** A new household's registration: unique national ID and phone, a name unique to `phase`. */
  registerBody(commune: string, n: number, phase: string): Record<string, unknown> {
    const unique = `${String(Date.now() % 1e6).padStart(6, '0')}${String(n % 1e4).padStart(4, '0')}`;
    return {
      communeCode: commune,
      village: 'Thôn Đo Lường',
      address: `Số ${n}, Thôn Đo Lường`,
      head: { fullName: `Trần Văn Đo ${phase} ${n}`, nationalId: `09${unique}`, birthYear: 1970 },
      phone: `09${unique.slice(-8)}`,
      povertyStatus: 'poor',
      povertyListYear: 2024,
      hasTv: true,
      hasPaidTv: false,
      hasDigitalTv: false,
    };
  }

  async edit(id: string, version: number, n: number): Promise<number> {
    const res = await this.call<Ref>('staff', 'PATCH', `/households/${id}`, {
      version,
      address: `Số ${n}, Thôn Đo Lường (sửa)`,
    });
    return res.version;
  }

  approve(ref: Ref): Promise<unknown> {
    return this.call('official', 'POST', `/households/${ref.id}/approve`, { version: ref.version });
  }

  listCommune(commune: string): Promise<unknown> {
    return this.call('staff', 'GET', `/households?areaCode=${commune}&page=1`);
  }

  /** A name search (without diacritics) in an area: a commune or the province. */
  searchProvince(areaCode: string, q: string): Promise<unknown> {
    return this.call('official', 'GET', `/households?areaCode=${areaCode}&q=${encodeURIComponent(q)}`);
  }

  async householdWithHistory(id: string): Promise<unknown> {
    await this.call('staff', 'GET', `/households/${id}`);
    return this.call('official', 'GET', `/audit?entityType=household&entityId=${id}`);
  }

  reviewQueue(areaCode: string): Promise<unknown> {
    return this.call('official', 'GET', `/households?areaCode=${areaCode}&status=registered&page=1`);
  }

  worklist(batchId: string): Promise<unknown> {
    return this.call('installer', 'GET', `/deliveries/worklist?batchId=${batchId}`);
  }

  /** Pending deliveries of the batch, each paired with a receiver allocated to it. */
  async confirmable(batchId: string, n: number): Promise<Array<{ id: string; serial: string }>> {
    const pages = async <T>(who: Who, path: string): Promise<T[]> => {
      const out: T[] = [];
      for (let page = 1; out.length < n; page++) {
        const res = await this.call<{ items: T[] }>(who, 'GET', `${path}&page=${page}&pageSize=500`);
        out.push(...res.items);
        if (res.items.length < 500) break;
      }
      return out.slice(0, n);
    };
    const deliveries = await pages<{ id: string }>(
      'installer',
      `/deliveries?batchId=${batchId}&status=pending`,
    );
    const receivers = await pages<{ serial: string }>(
      'official',
      `/receivers?batchId=${batchId}&status=allocated`,
    );
    return deliveries.map((d, i) => ({ id: d.id, serial: receivers[i]?.serial ?? '' }));
  }

  /** The bearer header of one of the signed-in people. */
  authOf(who: Who): string {
    return `Bearer ${this.tokens[who]}`;
  }

  confirm(work: { id: string; serial: string }): Promise<unknown> {
    return this.call(
      'installer',
      'POST',
      `/deliveries/${work.id}/confirm`,
      {
        serial: work.serial,
        recipientName: 'Người nhận đo',
        recipientIdLast4: '0000',
        recipientRelation: 'Người nhà',
        signalReceived: true,
      },
      { 'idempotency-key': `bench-${work.id}` },
    );
  }

  coverage(provinceCode: string): Promise<unknown> {
    return this.call('official', 'GET', `/reports/coverage?areaCode=${provinceCode}&level=commune`);
  }

  /** Bulk approve of 10,000, allocation of 5,000 receivers and auto-add of 5,000, each timed once. */
  async bulkWork(provinceCode: string, communes: string[]): Promise<string[]> {
    const lines: string[] = [];
    const time = async (label: string, work: () => Promise<string>): Promise<void> => {
      const started = performance.now();
      try {
        const detail = await work();
        lines.push(`${label}: ${((performance.now() - started) / 1000).toFixed(1)} s ${detail}`);
      } catch (err) {
        lines.push(`${label}: FAILED ${(err as Error).message.slice(0, 200)}`);
      }
    };
    const waiting: Ref[] = [];
    for (const code of communes) {
      if (waiting.length >= 10_000) break;
      waiting.push(...(await this.registeredIds(code, 500)));
    }
    const ids = waiting.slice(0, 10_000).map((r) => r.id);
    await time(`bulk approve of ${ids.length}`, async () => {
      const job = await this.bulkApprove(ids);
      return `(${job.status}: ${JSON.stringify(job.counts)})`;
    });
    const batch = await this.call<{ id: string }>('official', 'POST', '/batches', {
      provinceCode,
      name: 'Đợt đo khối lượng lớn',
      phase: 2,
      communeCodes: communes,
      receiverType: 'dvb-t2',
      installerIds: [this.tokens.installerId],
    });
    await time('allocate 5,000 receivers', async () => {
      await this.call('official', 'POST', `/batches/${batch.id}/receivers`, { count: 5_000 });
      return '';
    });
    await time('auto-add 5,000 households', async () => {
      const res = await this.call<{ added?: unknown[] }>(
        'official',
        'POST',
        `/batches/${batch.id}/households`,
        {
          limit: 5_000,
        },
      );
      return `(added ${res.added?.length ?? 0})`;
    });
    return lines;
  }
}
