import { SYSTEM_ACTOR } from '../../../src/users/roles';
import type { Words } from './words-vi';

/**
 * Who did something, by name: the system's own work (imports by script, reconcile) says so in words,
 * a person by full name, and `unknown` stands for an account that no longer exists.
 */
export function actorName(
  id: string,
  fullName: string | null | undefined,
  w: Words,
  unknown: string,
): string {
  if (id === SYSTEM_ACTOR.id) return w.household.systemActor;
  return fullName ?? unknown;
}
