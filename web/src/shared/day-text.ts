// A calendar day typed as Vietnamese people write it: 31/12/2026 (also 31-12-2026, 31.12.2026,
// 1/2/2026, or the ISO 2026-12-31 a paste may bring). Pure (unit-tested). The browser's own date
// input shows the browser's order instead (12/31/2026 in an English Chrome), so the app reads text.

/** The ISO day ('2026-12-31') of what was typed, or null when it names no calendar day. */
export function dayFromText(typed: string): string | null {
  const s = typed.trim();
  const iso = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(s);
  const vn = /^(\d{1,2})\s*[/.-]\s*(\d{1,2})\s*[/.-]\s*(\d{4})$/.exec(s);
  const [y, m, d] = iso
    ? [Number(iso[1]), Number(iso[2]), Number(iso[3])]
    : vn
      ? [Number(vn[3]), Number(vn[2]), Number(vn[1])]
      : [0, 0, 0];
  if (y < 1900 || y > 2100 || m < 1 || m > 12 || d < 1) return null;
  // The last day of the month: day 0 of the next one (31/04 and 29/02/2027 are no days).
  if (d > new Date(Date.UTC(y, m, 0)).getUTCDate()) return null;
  return `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}
