import type { Actor } from '../users/roles';
import { BatchModel } from './model';

// One reconcile run's state (reconcile.ts): what it repaired, what it left as recent, and the
// helpers every step uses to decide and to record.

export interface ReconcileChange {
  kind: string;
  id: string;
  detail: string;
}

export interface Run {
  actor: Actor;
  dryRun: boolean;
  /** Records changed after this are inside the grace period. */
  olderThan: Date;
  changes: ReconcileChange[];
  /** Ids of what was left alone as changed within the grace period. */
  recent: Set<string>;
}

export const OPEN = new Set(['planned', 'in_progress']);
/** The key completion.ts locks a delivery under. */
export const deliveryLock = (id: string) => `delivery:${id}`;

export async function batchStatus(batchId: string): Promise<string | null> {
  return (await BatchModel.findById(batchId, { status: 1 }).lean())?.status ?? null;
}

export const isRecent = (run: Run, at: Date | null | undefined) => Boolean(at && at > run.olderThan);

/** Notes what a request may still be finishing, so it is neither repaired nor reported for a person. */
export function leaveRecent(run: Run, ...ids: string[]): void {
  for (const id of ids) run.recent.add(id);
}

/** Records a repair and runs it (not in a dry run). */
export async function repair(run: Run, change: ReconcileChange, act: () => Promise<unknown>): Promise<void> {
  if (!run.dryRun) await act();
  run.changes.push(change);
}
