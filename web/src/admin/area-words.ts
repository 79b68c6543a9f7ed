import { language } from '../shared/i18n';
import { useStore } from '../shared/store';
import { areaWordsEn } from './area-words-en';
import { areaWordsVi, type AreaWords } from './area-words-vi';

/** The areas page's words (area-words-vi.ts). */
export function useAreaWords(): AreaWords {
  return useStore(language) === 'en' ? areaWordsEn : areaWordsVi;
}
