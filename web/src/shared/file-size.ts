import type { Language } from './i18n';

/** A file's size as a person reads it: "840 KB", "14,2 MB" (the decimal comma in Vietnamese). */
export function fileSize(bytes: number, lang: Language = 'en'): string {
  if (bytes < 1024 * 1024) return `${Math.ceil(bytes / 1024)} KB`;
  const mb = (bytes / 1024 / 1024).toLocaleString(lang === 'vi' ? 'vi-VN' : 'en', {
    minimumFractionDigits: 1,
    maximumFractionDigits: 1,
  });
  return `${mb} MB`;
}
