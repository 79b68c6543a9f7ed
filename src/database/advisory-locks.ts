import { createHash } from 'node:crypto';
import type { Socket } from 'node:net';
import mongoose from 'mongoose';
import pg from 'pg';
import { text, UnavailableError } from '../errors';
import { recordBusy } from './busy';
import type { PostgresAccess } from './postgres-indexes';

// On the embedded default the locks of locks.ts and lock-set.ts are PostgreSQL's own advisory
// locks, taken on a few sessions this process keeps open, instead of lock documents written through
// FerretDB. Why: profiled, one delivery confirmation sent 39 FerretDB operations, 14 of them lock
// documents inserted and deleted (7 keys: the delivery, its receiver, the household, three counters
// and the handover number), each a FerretDB write with its own commit and WAL flush: 25 of its 85 ms
// in the database. An advisory lock is one query that writes nothing, and it needs no lease: it
// lasts until it is released or its session ends, so a process that dies releases its locks at
// once (a lock document stayed busy for its 30 s lease).
//
// Session locks are re-entrant within their session: PostgreSQL lets the session that holds a key
// take it again. So every key this process holds on its sessions is also noted here
// (`heldHere`), before its query is sent, and another caller of this process sees it busy (callers
// of withLock already queue in local-turns.ts; a lock set's keys meet them here). A caller that
// plays another process (`separate`: the tests of the race between processes) gets a session of its
// own, closed at release.
//
// Keys are hashed to the two 32-bit halves of an advisory key, with the database's name so that two
// databases on one server never wait on each other; a collision only makes two keys wait in turn.
// Every process working on the same data must take the same kind of lock: all that reach FerretDB
// through its embedded PostgreSQL do (the service, `npm run reconcile`, the scripts); one reaching
// it by MONGODB_URI alone would use lock documents and would not meet them.

let access: PostgresAccess | undefined;

/** Set by db.ts: the embedded PostgreSQL's address (advisory locks), or undefined (lock documents). */
export function useAdvisoryLocks(given: PostgresAccess | undefined): void {
  for (const session of sessions.splice(0)) void session?.end();
  access = given;
}

export function advisoryLocksInUse(): boolean {
  return access !== undefined;
}

/** A session that holds locks: lost (its signal aborted) when its connection ends. */
class Session {
  private readonly controller = new AbortController();
  readonly signal = this.controller.signal;
  private constructor(private readonly client: pg.Client) {
    const lose = () => this.controller.abort();
    client.on('error', lose);
    client.on('end', lose);
  }

  static async open(timeoutMs: number): Promise<Session> {
    const client = new pg.Client({
      host: '127.0.0.1',
      ...(access as PostgresAccess),
      database: 'postgres',
      connectionTimeoutMillis: Math.max(1_000, Math.min(timeoutMs, 5_000)),
    });
    try {
      await client.connect();
    } catch (err) {
      client.on('error', () => undefined);
      throw unavailable(err);
    }
    const session = new Session(client);
    session.idle();
    return session;
  }

  private inFlight = 0;
  private tail: Promise<void> = Promise.resolve();

  /**
   * An idle session does not keep the process alive (a script ends when its work does, as with the
   * pool's allowExitOnIdle); a query in flight does.
   */
  idle(): void {
    (this.client as unknown as { connection?: { stream?: Socket } }).connection?.stream?.unref?.();
  }

  private keepAlive(): void {
    (this.client as unknown as { connection?: { stream?: Socket } }).connection?.stream?.ref?.();
  }

  /** Which of `keys` this session took (true) or found held by another session (false). */
  async tryLock(keys: readonly string[]): Promise<boolean[]> {
    const [a, b] = halves(keys);
    const res = await this.query<{ ok: boolean }>(
      'SELECT pg_try_advisory_lock(k.a, k.b) AS ok FROM unnest($1::int4[], $2::int4[]) WITH ORDINALITY AS k(a, b, i) ORDER BY k.i',
      [a, b],
    );
    return res.rows.map((r) => r.ok);
  }

  async unlock(keys: readonly string[]): Promise<void> {
    const [a, b] = halves(keys);
    await this.query('SELECT pg_advisory_unlock(k.a, k.b) FROM unnest($1::int4[], $2::int4[]) AS k(a, b)', [
      a,
      b,
    ]);
  }

  async end(): Promise<void> {
    await this.client.end().catch(() => undefined);
  }

  private async query<R extends pg.QueryResultRow>(sql: string, params: unknown[]) {
    if (this.signal.aborted) throw unavailable();
    if (this.inFlight++ === 0) this.keepAlive();
    // One query at a time on the session (pg 9 refuses a query sent while another runs); each is
    // a fraction of a millisecond, and callers of this process share the one session.
    const turn = this.tail.then(() => this.client.query<R>(sql, params));
    this.tail = turn.then(
      () => undefined,
      () => undefined,
    );
    try {
      return await turn;
    } catch (err) {
      throw unavailable(err);
    } finally {
      if (--this.inFlight === 0) this.idle();
    }
  }
}

// A session runs one query at a time, so one session was a queue every lock and unlock of the
// process waited in: measured at 50 parallel confirmations (about 12 lock queries each), that
// queue, not the database's work, set the pace. Locks are taken on a few sessions in turn; a key
// is still held by one session at a time (heldHere, and PostgreSQL between sessions).
const SESSIONS = 4;
const sessions: (Session | undefined)[] = [];
const opening: (Promise<Session> | undefined)[] = [];
let turn = 0;
/** The keys this process holds, and on which session (a key of a session that ended is free). */
const heldHere = new Map<string, Session>();
const heldByUs = (key: string) => heldHere.get(key)?.signal.aborted === false;

async function sharedSession(timeoutMs: number): Promise<Session> {
  const i = turn++ % SESSIONS;
  const open = sessions[i];
  if (open && !open.signal.aborted) return open;
  opening[i] ??= Session.open(timeoutMs).finally(() => (opening[i] = undefined));
  const session = await opening[i];
  const now = sessions[i];
  if (now && !now.signal.aborted) return now;
  sessions[i] = session;
  return session;
}

function halves(keys: readonly string[]): [number[], number[]] {
  const a: number[] = [];
  const b: number[] = [];
  const dbName = mongoose.connection.name ?? '';
  for (const key of keys) {
    const h = createHash('sha1').update(`${dbName}\0${key}`).digest();
    a.push(h.readInt32BE(0));
    b.push(h.readInt32BE(4));
  }
  return [a, b];
}

function unavailable(cause?: unknown): UnavailableError {
  return new UnavailableError(
    text(
      'Cơ sở dữ liệu tạm thời không truy cập được; vui lòng thử lại',
      'The database is unreachable; try again',
    ),
    cause instanceof Error ? { reason: cause.message } : undefined,
  );
}

/** Locks held: `signal` aborts when their session ends; `release` lets them go. */
export interface AdvisoryLocks {
  readonly held: ReadonlySet<string>;
  readonly signal: AbortSignal;
  release(): Promise<void>;
}

/** How long a release waits for its query before answering (it goes on in the background). */
const RELEASE_WAIT_MS = 250;

/**
 * Takes what it can of `keys` within `waitMs`, retrying busy ones; `all`: every key or a busy error.
 * `separate`: on a session of its own (a caller from another process, for tests).
 */
export async function takeAdvisoryLocks(
  keys: readonly string[],
  { waitMs, all, separate = false }: { waitMs: number; all: boolean; separate?: boolean },
): Promise<AdvisoryLocks> {
  const deadline = Date.now() + waitMs;
  const session = separate ? await Session.open(waitMs) : await sharedSession(waitMs);
  const held = new Set<string>();
  const release = async () => {
    const mine = [...held];
    held.clear();
    if (!separate) mine.forEach((k) => heldHere.get(k) === session && heldHere.delete(k));
    const done = separate ? session.end() : mine.length > 0 ? session.unlock(mine) : Promise.resolve();
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([
      done.catch(() => undefined), // a session that ended holds nothing any more
      new Promise((r) => (timer = setTimeout(r, RELEASE_WAIT_MS))),
    ]);
    clearTimeout(timer);
  };
  let pending = [...new Set(keys)];
  let delay = 2;
  try {
    for (;;) {
      // Noted as held before the query is sent: another caller of ours must not ask the same session.
      const asked = separate ? pending : pending.filter((k) => !heldByUs(k));
      if (!separate) asked.forEach((k) => heldHere.set(k, session));
      const got =
        asked.length > 0 ? await session.tryLock(asked).catch(forget(asked, session, separate)) : [];
      asked.forEach((k, i) => {
        if (got[i]) held.add(k);
        else if (!separate) heldHere.delete(k); // ours until now: nobody else of ours asked
      });
      pending = pending.filter((k) => !held.has(k));
      if (pending.length === 0) break;
      if (Date.now() > deadline) {
        if (all) throw recordBusy(pending[0] as string);
        break;
      }
      await new Promise((r) => setTimeout(r, delay + Math.random() * delay));
      delay = Math.min(delay * 2, 50);
    }
  } catch (err) {
    await release();
    throw err;
  }
  return { held, signal: session.signal, release };
}

/** After a failed query: the keys it asked for are not ours (the session is gone with any it took). */
function forget(asked: readonly string[], session: Session, separate: boolean) {
  return (err: unknown): never => {
    if (!separate) asked.forEach((k) => heldHere.get(k) === session && heldHere.delete(k));
    throw err;
  };
}
