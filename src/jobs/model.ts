import { model, Schema, type InferSchemaType } from 'mongoose';
import { JOB_STATUSES } from './status';

// A long request's state, in the database so that any instance answers `GET /jobs/:id` and a job
// whose process died is resumed by whichever instance gets the retried request (DESIGN §12).
const jobSchema = new Schema(
  {
    /** Derived from (actor, Idempotency-Key) when the request had one, else random (24 hex). */
    _id: { type: String, required: true },
    kind: { type: String, required: true },
    actor: {
      type: new Schema(
        { id: String, username: String, role: String, scope: Schema.Types.Mixed },
        { _id: false },
      ),
      required: true,
    },
    /** The operation, its target and its input as sent: the same key with another request is 409. */
    requestHash: { type: String, required: true },
    status: { type: String, enum: JOB_STATUSES, required: true },
    total: { type: Number, default: null },
    done: { type: Number, default: 0 },
    counts: { type: Schema.Types.Mixed, default: {} },
    reasons: { type: Schema.Types.Mixed, default: {} },
    summary: { type: Schema.Types.Mixed, default: null },
    error: { type: Schema.Types.Mixed, default: null },
    /** The run now working on it, and until when it counts as alive (renewed while it works). */
    runner: { type: String, required: true },
    leaseUntil: { type: Date, required: true },
    finishedAt: { type: Date, default: null },
  },
  { timestamps: true, versionKey: false, minimize: false },
);

export type JobDoc = InferSchemaType<typeof jobSchema>;
export const JobModel = model('Job', jobSchema, 'jobs');

// One chunk of a job: what it will work on (planned before the work, so a resumed run redoes the
// same items) and, once done, its per-item results.
const jobChunkSchema = new Schema(
  {
    _id: { type: String, required: true }, // `${jobId}:${n}`
    jobId: { type: String, required: true },
    n: { type: Number, required: true },
    plan: { type: Schema.Types.Mixed, default: null },
    results: { type: Schema.Types.Mixed, default: null },
  },
  { timestamps: true, versionKey: false, minimize: false },
);

jobChunkSchema.index({ jobId: 1, n: 1 });

export const JobChunkModel = model('JobChunk', jobChunkSchema, 'job_chunks');
