import * as users from '../users/service';
import type { Actor } from '../users/roles';
import { progressOf } from './progress';
import { getBatch } from './service';
import type { BatchDetail } from './shapes';

/**
 * One batch as its page shows it (GET /batches/:id): the batch, its installers by name and its
 * progress. The names come with the batch, not from the list of active installers, so a locked
 * installer's account still reads as the person (marked locked), never as "another user".
 */
export async function batchDetailOf(id: string, actor: Actor): Promise<BatchDetail> {
  const batch = await getBatch(id, actor);
  const [progress, accounts] = await Promise.all([progressOf(id), users.accountsOf(batch.installerIds)]);
  const installers = batch.installerIds.map((userId) => {
    const account = accounts.get(userId);
    return { id: userId, fullName: account?.fullName ?? null, active: account?.active ?? false };
  });
  return { ...batch, installers, progress };
}
