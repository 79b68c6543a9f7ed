import { operation, type PathItems } from '../openapi/describe';
import { backupNameParams } from './schemas';

const embeddedOnly =
  'The embedded database only (FerretDB on PostgreSQL); on MongoDB `available` is false: use mongodump.';

export const backupApiPaths: PathItems = {
  '/': {
    get: operation({
      summary: 'The backups kept on the server, newest first, and whether one is being made',
      description: `${embeddedOnly} The service also makes one every BACKUP_EVERY_HOURS and keeps the newest BACKUP_KEEP.`,
      roles: ['admin'],
      responses: { 200: 'BackupList' },
    }),
    post: operation({
      summary: 'Start a backup now (one consistent snapshot, made while the service goes on serving)',
      description:
        `${embeddedOnly} Answers 202 at once with the list showing it running; the new file appears in ` +
        'GET /backups when done (a province of 35,000 households takes under a minute), or `lastFailure` says why not. ' +
        'Restore a file with `npm run db:restore -- <file>` (README, "Backups").',
      roles: ['admin'],
      responses: { 202: 'BackupList' },
      errors: [409, 422],
    }),
  },
  '/{name}': {
    get: operation({
      summary: 'Download one backup (gzip of JSON lines); audited as backup.downloaded',
      description: 'It holds every household’s full national ID: keep it as safely as the server.',
      roles: ['admin'],
      params: backupNameParams,
      produces: 'application/gzip',
      responses: { 200: { type: 'string', format: 'binary' } },
      errors: [404],
    }),
  },
};
