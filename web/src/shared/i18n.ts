import { en } from './words-en';
import { vi, type Words } from './words-vi';
import { createStore, useStore } from './store';

// Vietnamese first; English when the person chose it (remembered on the device).

export type Language = 'vi' | 'en';
const LANG_KEY = 'dtv.lang';
const CATALOGUES: Record<Language, Words> = { vi, en };

export const language = createStore<Language>(localStorage.getItem(LANG_KEY) === 'en' ? 'en' : 'vi');

language.subscribe((lang) => {
  localStorage.setItem(LANG_KEY, lang);
  document.documentElement.lang = lang;
  document.title = CATALOGUES[lang].appName;
});
document.documentElement.lang = language.get();

export function words(): Words {
  return CATALOGUES[language.get()];
}

export function useWords(): Words {
  return CATALOGUES[useStore(language)];
}

export { formatDateTime } from './format-date';

export function formatPercent(rate: number | null, lang: Language): string | null {
  if (rate === null) return null;
  return new Intl.NumberFormat(lang === 'vi' ? 'vi-VN' : 'en', {
    style: 'percent',
    maximumFractionDigits: 1,
  }).format(rate);
}
