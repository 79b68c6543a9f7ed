import { language } from '../shared/i18n';
import { useStore } from '../shared/store';
import { backupWordsEn } from './backup-words-en';
import { backupWordsVi, type BackupWords } from './backup-words-vi';

/** The backups page's words (backup-words-vi.ts). */
export function useBackupWords(): BackupWords {
  return useStore(language) === 'en' ? backupWordsEn : backupWordsVi;
}
