import type { Request } from 'express';

export type Language = 'vi' | 'en';

/** Vietnamese first: English only when the client prefers it (Accept-Language: en). */
export function languageOf(req: Request): Language {
  return req.acceptsLanguages('vi', 'en') === 'en' ? 'en' : 'vi';
}
