import request from 'supertest';
import { testApp } from './app';

/** Polls GET /jobs/:id until the job is no longer running; returns its last answer's body. */
export async function finishedJob(id: string, auth: { Authorization: string }, timeoutMs = 60_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const res = await request(testApp).get(`/api/v1/jobs/${id}`).set(auth).expect(200);
    if (res.body.status !== 'running') return res.body;
    if (Date.now() > deadline) throw new Error(`job ${id} still running after ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 25));
  }
}
