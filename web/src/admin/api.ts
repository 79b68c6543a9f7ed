import type { AreaCatalogue, AreaImportReport } from '../../../src/areas/service';
import type { BackupList } from '../../../src/backups/shapes';
import { download, json, sendFile } from '../shared/api';

// The admin's own routes (the areas list in use and its update, backups), through the one API client.

export type { AreaCatalogue, AreaImportReport, BackupList };

export const adminApi = {
  areaCatalogue: () => json<AreaCatalogue>('GET', '/areas/catalogue'),
  importAreas: (file: File, dryRun: boolean) => sendFile<AreaImportReport>('/areas/import', file, { dryRun }),
  backups: () => json<BackupList>('GET', '/backups'),
  startBackup: () => json<BackupList>('POST', '/backups'),
  downloadBackup: (name: string) => download(`/backups/${encodeURIComponent(name)}`, {}, name),
};
