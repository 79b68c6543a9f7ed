import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { isDuplicateKeyError } from '../database/duplicate-key';
import { AppError, ConflictError, NotFoundError, text, type LocalizedText } from '../errors';
import { withLock } from '../database/locks';
import { logger } from '../logger';
import type { Actor } from '../users/roles';
import { JobChunkModel, JobModel } from './model';
import { isResumable, jobStateOf, tallyResults, type JobState } from './status';

// Long requests (bulk review, batch work) run as jobs (DESIGN §12): the request answers 202 with
// the job, the work runs in chunks, and `GET /jobs/:id` shows done/total and, once finished, the
// per-item results. All state is in the database: a retried request with the same Idempotency-Key
// finds the job; if its process died (lease run out) or it failed, the retry resumes it, redoing
// only the chunks without stored results. Each chunk's own steps must be safe to redo (they are
// conditional on the item's state, and their counter moves and audit entries are keyed).

const LEASE_MS = 60_000;

let chunkSize = 500;

/** Items per chunk (500); tests set a small one to cross chunk boundaries with few households. */
export function setJobChunkSize(n: number): number {
  const before = chunkSize;
  chunkSize = n;
  return before;
}

export function jobChunkSize(): number {
  return chunkSize;
}

export interface JobItemResult {
  id: string;
  outcome: string;
  reason?: string;
  message?: LocalizedText;
  [more: string]: unknown;
}

export interface Job {
  id: string;
  kind: string;
  status: JobState;
  total: number | null;
  done: number;
  counts: Record<string, number>;
  reasons: Record<string, number>;
  summary: unknown;
  error: { code: string; message: LocalizedText } | null;
  /** Per-item results, in the order asked; null while the job is running. */
  results: JobItemResult[] | null;
  createdAt: string;
  updatedAt: string;
  finishedAt: string | null;
}

/** What a runner sees of its job: earlier runs' chunks, and where to store its progress. */
export interface JobRun {
  readonly jobId: string;
  /** Unique per run (a resumed job gets a new one): part of the markers a chunk leaves on items. */
  readonly runId: string;
  /** The chunk stored by this or an earlier run, or null. */
  chunk(n: number): { plan: unknown; results: JobItemResult[] | null } | null;
  savePlans(plans: unknown[], from?: number): Promise<void>;
  saveResults(n: number, results: JobItemResult[]): Promise<void>;
  setTotal(total: number): Promise<void>;
  /** All results so far, in chunk order. */
  results(): JobItemResult[];
}

export type JobRunner = (run: JobRun) => Promise<unknown>;

type StoredJob = Omit<NonNullable<Awaited<ReturnType<typeof loadJob>>>, '__v'>;
type ChunkState = { plan: unknown; results: JobItemResult[] | null };

const loadJob = (id: string) => JobModel.findById(id).lean();
const jobNotFound = (id: string) => new NotFoundError(text(`Không tìm thấy tác vụ ${id}`, `No job ${id}`));

function jobIdFor(actor: Actor, key: string | undefined): string {
  if (!key) return randomBytes(12).toString('hex');
  return createHash('sha256').update(`${actor.id}\n${key}`).digest('hex').slice(0, 24);
}

export function requestHashOf(kind: string, target: string, input: unknown): string {
  return createHash('sha256')
    .update(JSON.stringify([kind, target, input]))
    .digest('hex');
}

async function chunksOf(jobId: string) {
  const docs = await JobChunkModel.find({ jobId }).lean();
  return new Map<number, ChunkState>(
    docs.map((d) => [
      d.n,
      { plan: d.plan as unknown, results: (d.results as JobItemResult[] | null) ?? null },
    ]),
  );
}

function toJob(d: StoredJob, results: JobItemResult[] | null, now = new Date()): Job {
  const status = jobStateOf(d.status, d.leaseUntil, now);
  return {
    id: d._id,
    kind: d.kind,
    status,
    total: d.total ?? null,
    done: d.done,
    counts: (d.counts as Record<string, number>) ?? {},
    reasons: (d.reasons as Record<string, number>) ?? {},
    summary: d.summary ?? null,
    error: (d.error as Job['error']) ?? null,
    results: status === 'running' ? null : results,
    createdAt: d.createdAt.toISOString(),
    updatedAt: d.updatedAt.toISOString(),
    finishedAt: d.finishedAt ? d.finishedAt.toISOString() : null,
  };
}

function resultsOf(chunks: Map<number, ChunkState>): JobItemResult[] {
  return [...chunks.entries()].sort(([a], [b]) => a - b).flatMap(([, c]) => c.results ?? []);
}

/** The job, to its creator or an admin; anyone else gets 404 (ids cannot be probed). */
export async function getJob(id: string, actor: Actor): Promise<Job> {
  const d = await loadJob(id);
  if (!d || (actor.role !== 'admin' && d.actor.id !== actor.id)) throw jobNotFound(id);
  const results = d.status === 'running' ? null : resultsOf(await chunksOf(id));
  return toJob(d, results);
}

export interface StartJobSpec {
  kind: string;
  actor: Actor;
  idempotencyKey?: string;
  requestHash: string;
}

/**
 * Starts the job (or, for a retried request, returns it: resumed when it had failed or its
 * process died). Answers at once; `runner` works in the background of this process.
 */
export async function startJob(spec: StartJobSpec, runner: JobRunner): Promise<Job> {
  const id = jobIdFor(spec.actor, spec.idempotencyKey);
  const runId = randomUUID().slice(0, 8);
  const { id: actorId, username, role, scope } = spec.actor;
  try {
    const doc = await JobModel.create({
      _id: id,
      kind: spec.kind,
      actor: { id: actorId, username, role, scope },
      requestHash: spec.requestHash,
      status: 'running',
      runner: runId,
      leaseUntil: new Date(Date.now() + LEASE_MS),
    });
    launch(id, runId, runner);
    return toJob(doc.toObject(), null);
  } catch (err) {
    if (!isDuplicateKeyError(err)) throw err;
  }
  const claimed = await withLock(`job:${id}`, async () => {
    const seen = await loadJob(id);
    if (!seen) throw jobNotFound(id);
    if (seen.requestHash !== spec.requestHash || seen.actor.id !== actorId) {
      throw new ConflictError(
        text(
          `Mã Idempotency-Key "${spec.idempotencyKey}" đã dùng cho một yêu cầu khác`,
          `Idempotency-Key "${spec.idempotencyKey}" was already used for a different request`,
        ),
        { idempotencyKey: spec.idempotencyKey, jobId: id },
      );
    }
    if (!isResumable(jobStateOf(seen.status, seen.leaseUntil, new Date()))) return false;
    await JobModel.updateOne(
      { _id: id },
      {
        $set: {
          status: 'running',
          runner: runId,
          leaseUntil: new Date(Date.now() + LEASE_MS),
          error: null,
          finishedAt: null,
        },
      },
    );
    return true;
  });
  if (claimed) launch(id, runId, runner);
  return getJob(id, spec.actor);
}

function launch(jobId: string, runId: string, runner: JobRunner): void {
  void execute(jobId, runId, runner).catch((err: unknown) =>
    logger.error({ err, jobId }, 'job could not record its end'),
  );
}

async function execute(jobId: string, runId: string, runner: JobRunner): Promise<void> {
  const renew = setInterval(() => {
    JobModel.updateOne(
      { _id: jobId, runner: runId },
      { $set: { leaseUntil: new Date(Date.now() + LEASE_MS) } },
    )
      .exec()
      .catch(() => undefined);
  }, LEASE_MS / 4);
  renew.unref();
  try {
    const run = await jobRun(jobId, runId);
    const summary = await runner(run);
    const { counts, reasons } = tallyResults(run.results());
    await JobModel.updateOne(
      { _id: jobId },
      { $set: { status: 'done', summary: summary ?? null, counts, reasons, finishedAt: new Date() } },
    );
  } catch (err) {
    const known = err instanceof AppError;
    if (!known) logger.error({ err, jobId }, 'job failed');
    const message = known
      ? err.text
      : text(
          'Tác vụ dừng giữa chừng do lỗi hệ thống; gửi lại yêu cầu để làm tiếp',
          'The job stopped on an internal error; retry the request to resume it',
        );
    await JobModel.updateOne(
      { _id: jobId },
      {
        $set: {
          status: 'failed',
          error: { code: known ? err.code : 'INTERNAL', message },
          finishedAt: new Date(),
        },
      },
    );
  } finally {
    clearInterval(renew);
  }
}

async function jobRun(jobId: string, runId: string): Promise<JobRun> {
  const chunks = await chunksOf(jobId);
  const progress = async () => {
    const all = resultsOf(chunks);
    const { counts, reasons } = tallyResults(all);
    await JobModel.updateOne(
      { _id: jobId },
      { $set: { done: all.length, counts, reasons, leaseUntil: new Date(Date.now() + LEASE_MS) } },
    );
  };
  return {
    jobId,
    runId,
    chunk: (n) => chunks.get(n) ?? null,
    results: () => resultsOf(chunks),
    async savePlans(plans, from = 0) {
      const fresh = plans.map((plan, i) => ({ n: from + i, plan })).filter((p) => !chunks.has(p.n));
      if (fresh.length === 0) return;
      await JobChunkModel.insertMany(
        fresh.map(({ n, plan }) => ({ _id: `${jobId}:${n}`, jobId, n, plan })),
        { ordered: false },
      ).catch((err: unknown) => {
        if (!isDuplicateKeyError(err)) throw err;
      });
      for (const { n, plan } of fresh) chunks.set(n, { plan, results: null });
    },
    async saveResults(n, results) {
      await JobChunkModel.updateOne(
        { _id: `${jobId}:${n}` },
        { $set: { results }, $setOnInsert: { jobId, n, plan: null } },
        { upsert: true },
      );
      chunks.set(n, { plan: chunks.get(n)?.plan ?? null, results });
      await progress();
    },
    async setTotal(total) {
      await JobModel.updateOne({ _id: jobId }, { $set: { total } });
    },
  };
}

/** A run kept in memory, for the same work done inside one request (no job document). */
export function inlineRun(): JobRun {
  const chunks = new Map<number, ChunkState>();
  return {
    jobId: `inline-${randomBytes(6).toString('hex')}`,
    runId: 'r',
    chunk: (n) => chunks.get(n) ?? null,
    results: () => resultsOf(chunks),
    async savePlans(plans, from = 0) {
      plans.forEach((plan, i) => chunks.set(from + i, { plan, results: null }));
    },
    async saveResults(n, results) {
      chunks.set(n, { plan: chunks.get(n)?.plan ?? null, results });
    },
    async setTotal() {},
  };
}
