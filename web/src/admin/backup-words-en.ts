import type { BackupWords } from './backup-words-vi';

// The admin's backups page, English.

export const backupWordsEn: BackupWords = {
  title: 'Backups',
  intro:
    "All the programme's data (households, receivers, batches, handover records, the audit trail) is on this server. A backup keeps all of it as it was at one instant, to restore when the machine fails or data is lost. Making one does not interrupt anyone's work.",
  scheduleTitle: 'Automatic backups',
  schedule: (everyHours, keep) =>
    everyHours > 0
      ? `The system makes a backup ${everyHours === 24 ? 'once a day' : `every ${everyHours} hours`} and keeps the newest ${keep}; older ones are deleted.`
      : `Automatic backups are off (in the configuration). Press “Back up now” when needed; the newest ${keep} are kept.`,
  folder: 'Folder on the server:',
  offsite:
    'The backups are on the same disk as the data: if that disk fails, both are lost. At least once a week, download the newest and keep it elsewhere (a USB drive, another computer).',
  sensitive: "A backup holds every household's full national ID: keep it as carefully as the paper records.",
  now: 'Back up now',
  running: (at, by) => `Backing up (started at ${at}, asked by ${by})… The page updates itself when done.`,
  done: 'The backup is made.',
  failed: (at, message) => `The backup at ${at} failed: ${message}`,
  listTitle: 'Backups kept',
  none: 'No backup yet.',
  cols: { at: 'Made at', size: 'Size', file: 'File' },
  newest: 'newest',
  download: 'Download',
  downloading: 'Downloading…',
  restoreTitle: 'Restoring a backup',
  restoreSteps: [
    "The server's administrator does this, on the server itself:",
    'stop the service;',
    'run',
    'then start the service again.',
  ],
  restoreCommand: 'npm run db:restore -- <backup file>',
  restoreNote:
    'It restores into an empty database only (or add --replace to delete what is there first). Full instructions in the README, section “Backups”.',
  mongo:
    "This server runs on MongoDB: its administrator backs it up with MongoDB's own tool (mongodump), not here.",
};
