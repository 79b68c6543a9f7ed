import { language } from '../shared/i18n';
import { useStore } from '../shared/store';
import { officialEn } from './words-en';
import { officialVi, type OfficialWords } from './words-vi';
import { fieldListEn } from './field-list-words-en';
import { fieldListVi, type FieldListWords } from './field-list-words-vi';
import { papersEn } from './papers-words-en';
import { papersVi, type PapersWords } from './papers-words-vi';
import { auditEn } from './audit-words-en';
import { auditVi, type AuditWords } from './audit-words-vi';

// The official workspace's own words (the shared catalogue keeps the words every role reads).

export function useOfficialWords(): OfficialWords {
  return useStore(language) === 'en' ? officialEn : officialVi;
}

/** The paperwork and stock pages' words (papers-words-vi.ts). */
export function usePapersWords(): PapersWords {
  return useStore(language) === 'en' ? papersEn : papersVi;
}

/** The inspections field list's words (field-list-words-vi.ts). */
export function useFieldListWords(): FieldListWords {
  return useStore(language) === 'en' ? fieldListEn : fieldListVi;
}

/** The audit page's words (audit-words-vi.ts). */
export function useAuditWords(): AuditWords {
  return useStore(language) === 'en' ? auditEn : auditVi;
}
