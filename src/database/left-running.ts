import { readFileSync, readdirSync, readlinkSync, rmSync } from 'node:fs';
import path from 'node:path';
import type { Logger } from '../logger';
import { waitUntil } from './processes';

// What a previous run of the service left running on its DATA_DIR. The service stops its
// PostgreSQL and FerretDB when it shuts down, but a service killed outright (kill -9, the kernel's
// out-of-memory killer, a closed terminal before SIGHUP was handled) leaves both running, parentless.
// The next `npm start` then failed with PostgreSQL's own words ('lock file "postmaster.pid" already
// exists') and could not start until someone found and killed the processes by hand (seen here).
// So before starting, the embedded database looks at the server named in postmaster.pid:
// - its parent is another live service (a second `npm start` on the same DATA_DIR): refuse, naming it;
// - it has no live parent (an orphan): stop it (a fast shutdown: nothing committed is lost) and the
//   orphaned FerretDB on the same state folder, then start as usual.
// Linux only (it reads /proc); elsewhere PostgreSQL's lock file still refuses a second server.

export interface ProcessInfo {
  pid: number;
  /** The parent's pid; 1 (or a subreaper's) once the parent died. */
  ppid: number;
  /** The command line, arguments joined by spaces. */
  command: string;
  /** The working directory, to resolve relative paths in the command line. */
  cwd: string;
}

export type Verdict =
  | { kind: 'free' }
  | { kind: 'stale'; pid: number }
  | { kind: 'orphan'; pid: number }
  | { kind: 'in-use'; pid: number; ownerPid: number };

/**
 * Pure: what the server of postmaster.pid means for a new start. `server` is that process (null when
 * none runs under that pid), `parent` its parent process (null when gone), `self` this process's pid.
 */
export function judgePostmaster(
  server: ProcessInfo | null,
  parent: ProcessInfo | null,
  self: number,
  pgDir: string,
): Verdict {
  if (!server) return { kind: 'free' };
  // The server died and its pid now belongs to another program (after a reboot, say), perhaps
  // another PostgreSQL: PostgreSQL would refuse to start, and that program is none of ours.
  if (!isPostgresOf(server, pgDir)) return { kind: 'stale', pid: server.pid };
  // A service is a Node.js process; an orphan's parent is init or a subreaper (tini, systemd).
  const owned = parent !== null && isNode(parent);
  if (owned && parent.pid !== self) return { kind: 'in-use', pid: server.pid, ownerPid: parent.pid };
  if (owned) return { kind: 'free' }; // our own (never the case at start): PostgreSQL refuses it
  return { kind: 'orphan', pid: server.pid };
}

function isPostgresOf(p: ProcessInfo, pgDir: string): boolean {
  const args = p.command.split(' ');
  const dir = args[args.indexOf('-D') + 1];
  return (
    /(^|\/)postgres$/.test(args[0] ?? '') &&
    args.includes('-D') &&
    !!dir &&
    path.resolve(p.cwd, dir) === path.resolve(pgDir)
  );
}

function isNode(p: ProcessInfo): boolean {
  return /(^|\/)node$/.test(p.command.split(' ')[0] ?? '');
}

/** Pure: whether `p` is a FerretDB whose --state-dir is `stateDir` (relative paths from its cwd). */
export function isFerretdbOf(p: ProcessInfo, stateDir: string): boolean {
  const arg = p.command.split(' ').find((a) => a.startsWith('--state-dir='));
  if (!arg || !/ferretdb/.test(p.command.split(' ')[0] ?? '')) return false;
  return path.resolve(p.cwd, arg.slice('--state-dir='.length)) === path.resolve(stateDir);
}

function processInfo(pid: number): ProcessInfo | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    if (fields[0] === 'Z') return null; // a zombie has exited
    return {
      pid,
      ppid: Number(fields[1]),
      command: readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').filter(Boolean).join(' '),
      cwd: readlinkSync(`/proc/${pid}/cwd`),
    };
  } catch {
    return null; // not running, or not ours to read
  }
}

function postmasterPid(pgDir: string): number | null {
  try {
    const pid = Number(readFileSync(path.join(pgDir, 'postmaster.pid'), 'utf8').split('\n')[0]);
    return Number.isInteger(pid) && pid > 0 ? pid : null;
  } catch {
    return null;
  }
}

/** The database folder cannot be used now: another service runs on it, or left what this one may not stop. */
export class DataDirInUseError extends Error {}

export async function stopAndWait(pid: number, signal: NodeJS.Signals, graceMs: number): Promise<void> {
  try {
    process.kill(pid, signal);
    await waitUntil(() => processInfo(pid) === null, graceMs);
  } catch (err) {
    if (isNotPermitted(err)) throw leftByAnotherUser(pid);
    try {
      process.kill(pid, 'SIGKILL');
    } catch (again) {
      if (isNotPermitted(again)) throw leftByAnotherUser(pid);
      // ESRCH: gone meanwhile
    }
  }
}

const isNotPermitted = (err: unknown) => (err as NodeJS.ErrnoException | null)?.code === 'EPERM';

/**
 * What was left running belongs to another user (an earlier `npm start` as root, say): this process
 * may not stop it, and PostgreSQL would only fail later with its own lock-file message.
 */
function leftByAnotherUser(pid: number): DataDirInUseError {
  return new DataDirInUseError(
    `Process ${pid}, left running by an earlier run on this database, belongs to another user, so this ` +
      `service may not stop it. Stop it as that user or as root (\`sudo kill ${pid}\`), then start again.`,
  );
}

/**
 * Before the embedded database starts on `dataDir`: stops what a killed earlier run left running
 * there, or throws DataDirInUseError when another live service runs on it.
 */
export async function stopLeftRunning(dataDir: string, log: Logger): Promise<void> {
  if (process.platform !== 'linux') return;
  const pgDir = path.join(dataDir, 'postgres');
  const pid = postmasterPid(pgDir);
  const server = pid === null ? null : processInfo(pid);
  const verdict = judgePostmaster(server, server ? processInfo(server.ppid) : null, process.pid, pgDir);
  if (verdict.kind === 'in-use')
    throw new DataDirInUseError(
      `Another running service (process ${verdict.ownerPid}) already uses the database in ${dataDir}.\n` +
        'Stop that one first (Ctrl+C in its window, or `kill ' +
        verdict.ownerPid +
        '`), or give this one another DATA_DIR.',
    );
  if (verdict.kind === 'stale') {
    log.warn(
      { pid: verdict.pid, dataDir },
      'postmaster.pid names a process that is not PostgreSQL: removing it',
    );
    rmSync(path.join(pgDir, 'postmaster.pid'), { force: true });
  }
  if (verdict.kind === 'orphan') {
    log.warn(
      { pid: verdict.pid, dataDir },
      'an earlier run ended without stopping its PostgreSQL: stopping it now (nothing committed is lost)',
    );
    await stopAndWait(verdict.pid, 'SIGINT', 30_000); // PostgreSQL's fast shutdown
  }
  const stateDir = path.join(dataDir, 'ferretdb-state');
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const p = processInfo(Number(entry));
    if (!p || !isFerretdbOf(p, stateDir)) continue;
    const parent = processInfo(p.ppid);
    if (parent && isNode(parent)) continue; // a live service's
    log.warn({ pid: p.pid, dataDir }, 'an earlier run ended without stopping its FerretDB: stopping it now');
    await stopAndWait(p.pid, 'SIGTERM', 5_000);
  }
}
