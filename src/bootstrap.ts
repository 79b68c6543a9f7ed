import * as areas from './areas/service';
import { syncAllIndexes } from './database/db';
import type { Logger } from './logger';
import { SYSTEM_ACTOR } from './users/roles';
import * as users from './users/service';
import { forgetExpiredSessions } from './users/sign-in';

export interface FirstStart {
  /** Set when this start created the first admin with a generated password: print it once. */
  generatedAdmin: { username: string; password: string } | null;
}

/**
 * Makes a database ready to serve: indexes (unique constraints are invariants), the area list on
 * an empty database, and the first admin. Safe to run on every start and from several instances.
 */
export async function prepareDatabase(
  settings: { areasList: string; adminUsername: string; adminPassword: string | undefined },
  log: Logger,
): Promise<FirstStart> {
  await syncAllIndexes();
  if ((await areas.countAreas()) === 0) {
    log.info({ list: settings.areasList }, 'empty database: importing the administrative areas');
    const result = await areas.importAreas(settings.areasList, SYSTEM_ACTOR, (done, total) => {
      if (done === total || done % 2000 === 0) log.info({ done, total }, 'importing areas');
    });
    log.info(result, 'areas imported');
  }
  await forgetExpiredSessions();
  const admin = await users.ensureFirstAdmin(settings.adminUsername, settings.adminPassword);
  if (admin) log.info({ username: admin.username }, 'first admin created');
  return { generatedAdmin: admin?.password ? { username: admin.username, password: admin.password } : null };
}
