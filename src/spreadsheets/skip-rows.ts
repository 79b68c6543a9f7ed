import { text, type LocalizedText } from '../errors';
import { foldVietnamese } from '../vietnamese';
import type { Cell } from './cells';

// Real commune lists are printed forms, not tables: under the households come a totals line
// ("Tổng cộng: 25 hộ"), the place and date ("Xã Đồng Sơn, ngày 12 tháng 3 năm 2024"), signature
// headings ("Người lập biểu", "TM. UBND XÃ", "CHỦ TỊCH"), "(Ký, ghi rõ họ tên)" and the signers'
// names; under the header there is often a row of column numbers ("(1) (2) (3)…"). Pure: these rows
// are recognised here and skipped by the import (reported as skipped, not as errors).

export const SKIP_KINDS = ['column_numbers', 'totals', 'date_line', 'signature', 'after_footer'] as const;
export type SkipKind = (typeof SKIP_KINDS)[number];

const SKIP_TEXT: Record<SkipKind, LocalizedText> = {
  column_numbers: text('Dòng đánh số cột', 'Column numbers row'),
  totals: text('Dòng tổng cộng', 'Totals row'),
  date_line: text('Dòng địa danh, ngày tháng', 'Place and date line'),
  signature: text('Dòng chữ ký', 'Signature row'),
  after_footer: text(
    'Dòng bên dưới phần ký tên, không có số CCCD/CMND',
    'Row below the signatures, with no national ID',
  ),
};

export function skipReasonText(kind: SkipKind): LocalizedText {
  return SKIP_TEXT[kind];
}

/** Folded, single-spaced: "TM. UBND XÃ" → "tm. ubnd xa". */
function fold(cell: Cell): string {
  if (cell === null || cell === undefined || cell instanceof Date) return '';
  return foldVietnamese(String(cell).normalize('NFC')).replace(/\s+/g, ' ').trim();
}

// "Cộng" alone could start a village's name (Cộng Hoà): only with a colon or a count after it.
const TOTALS = /^(tong cong|tong so)\b|^(tong|cong) ?[:\-–] ?|^cong \d/;
// "…, ngày 12 tháng 3 năm 2024", "ngày … tháng … năm …", "ngày ..../..../2024".
const DATE_LINE = /\bngay\b.*\bthang\b.*\bnam\b|^(\S.*, )?ngay [.…\d\s/-]+$/;
const SIGNATURE = [
  /^(tm|t\/m|tm\.|kt|kt\.|q|ttl|tl)\.? ?(ubnd|uy ban|ban|hoi dong|chu tich|truong)/,
  /^(ubnd|uy ban nhan dan) (xa|phuong|thi tran|huyen|tinh|quan|thi xa|thanh pho|dac khu)\b/,
  /^(pho )?chu tich\b/,
  /^nguoi lap( bieu)?\b/,
  /^(nguoi|can bo) (tong hop|dieu tra|ra soat|kiem tra|lap danh sach)\b/,
  /^(truong|pho truong) (thon|ban|ap|khom|xom|ban dieu tra)\b/,
  /^(ke toan|thu truong|giam doc|cong chuc)\b/,
  /^xac nhan\b/,
  /^\(?ky,? (ten|ghi ro|va ghi|dong dau|ho ten)/,
  /^\(ky\b/,
];
const PUNCTUATION_ONLY = /^[\s.…,:;_\-–—*/\\()]*$/;
const COLUMN_NUMBER = /^\(?\d{1,2}\)?$|^\([a-z]\)$/;

function kindOfText(line: string): SkipKind | null {
  if (TOTALS.test(line)) return 'totals';
  if (DATE_LINE.test(line)) return 'date_line';
  if (SIGNATURE.some((p) => p.test(line))) return 'signature';
  return null;
}

/**
 * Why a row of the file is not a household, or null when it may be one. `hasNationalId`: the row's
 * national ID cell is filled; `afterFooter`: a totals or signature row came earlier in the file.
 * A row with a national ID is never skipped for its words: it is judged as a household.
 */
export function skipKindOf(
  cells: readonly Cell[],
  opts: { hasNationalId: boolean; afterFooter: boolean },
): SkipKind | null {
  const filled = cells.filter((c) => !PUNCTUATION_ONLY.test(c instanceof Date ? 'd' : String(c ?? '')));
  if (filled.length === 0) return null;
  const texts = filled.map(fold);
  if (filled.length >= 3 && texts.every((t, i) => COLUMN_NUMBER.test(t) && isSequence(texts, i))) {
    return 'column_numbers';
  }
  if (opts.hasNationalId) return null;
  // A footer line names itself in one of its first cells; the others hold counts or a second heading.
  for (const t of texts) {
    const kind = kindOfText(t);
    if (kind) return kind;
  }
  return opts.afterFooter ? 'after_footer' : null;
}

/** "(1) (2) (3)…" or "1 2 3…": each number one more than the one before. */
function isSequence(texts: string[], i: number): boolean {
  const n = (t: string) => Number(t.replace(/[()]/g, ''));
  if (!/\d/.test(texts[i])) return true; // "(a) (b)…"
  return i === 0 || n(texts[i]) === n(texts[i - 1]) + 1;
}

/** Rows after which the file's households are over (a totals or signature line). */
export function endsHouseholds(kind: SkipKind): boolean {
  return kind === 'totals' || kind === 'signature' || kind === 'date_line' || kind === 'after_footer';
}
