import type { AreaCatalogue, AreaImportReport } from '../../../src/areas/service';
import { json, sendFile } from '../shared/api';

// The admin's own routes (the areas list in use and its update), through the one API client.

export type { AreaCatalogue, AreaImportReport };

export const adminApi = {
  areaCatalogue: () => json<AreaCatalogue>('GET', '/areas/catalogue'),
  importAreas: (file: File, dryRun: boolean) => sendFile<AreaImportReport>('/areas/import', file, { dryRun }),
};
