// Vietnamese text: names are stored as written (NFC); a folded form (no tone marks or diacritics,
// đ → d, lower case, single spaces) is stored beside them so search and duplicate checks work
// whether or not the user typed the marks, and whichever tone placement (hoà/hòa) a source used.

export function toNfc(s: string): string {
  return s.normalize('NFC').replace(/\s+/g, ' ').trim();
}

export function foldVietnamese(s: string): string {
  return s
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/đ/g, 'd')
    .replace(/Đ/g, 'D')
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .trim();
}

/** A string safe to embed in a regular expression: user text is matched literally, never as a pattern. */
export function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
