import { language } from '../shared/i18n';
import { useStore } from '../shared/store';
import { installerEn } from './words-en';
import { installerVi, type InstallerWords } from './words-vi';

// The installer's catalogue follows the app's language switch.
export function useInstallerWords(): InstallerWords {
  return useStore(language) === 'en' ? installerEn : installerVi;
}
