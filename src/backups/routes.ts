import type { BackupSettings } from '../config';
import { apiRouter } from '../http/api-router';
import { actorOf, requireRole } from '../http/auth';
import { streamDownload } from '../http/download';
import { parse } from '../http/validate';
import { logger } from '../logger';
import { backupNameParams } from './schemas';
import * as backups from './service';

/** Admins only: a backup holds every household's full national ID, of every province. */
export function backupRoutes(settings: BackupSettings) {
  const routes = apiRouter();

  routes.get('/', requireRole('admin'), (_req, res) => {
    res.json(backups.listBackups(settings));
  });

  routes.post('/', requireRole('admin'), (req, res) => {
    res.status(202).json(backups.startBackup(settings, actorOf(req), logger));
  });

  routes.get('/:name', requireRole('admin'), async (req, res) => {
    const { name } = parse(backupNameParams, req.params);
    const { stream, bytes } = await backups.openBackup(settings, name, actorOf(req));
    res.attachment(name);
    res.type('application/gzip');
    res.setHeader('Content-Length', String(bytes));
    await streamDownload(res, stream);
  });

  return routes;
}
