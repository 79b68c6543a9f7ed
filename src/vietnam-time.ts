// Vietnam's clock (Asia/Ho_Chi_Minh is UTC+7 all year, no daylight saving), for calendar days and
// for the wall-clock times written into spreadsheets. Pure.

const VIETNAM_OFFSET_MS = 7 * 3_600_000;

/** The calendar day in Vietnam of an instant: 2025-03-03T18:00Z is already 2025-03-04 there. */
export function vietnamDay(at: Date): string {
  return new Date(at.getTime() + VIETNAM_OFFSET_MS).toISOString().slice(0, 10);
}

/** The calendar year in Vietnam of an instant. */
export function vietnamYear(at: Date): number {
  return new Date(at.getTime() + VIETNAM_OFFSET_MS).getUTCFullYear();
}

/**
 * Excel cells have no time zone: an instant becomes the wall-clock time in Vietnam, stored as a date
 * whose UTC fields are that wall-clock time (exceljs writes a Date's UTC fields).
 */
export function vietnamWallClock(at: Date): Date {
  return new Date(at.getTime() + VIETNAM_OFFSET_MS);
}

/**
 * An instant as ISO 8601 text on Vietnam's clock, with its offset: "2026-04-01T03:30:00+07:00".
 * For CSV files: a clerk reads the hour of the handover, and a program still reads the instant
 * (UTC "…T20:30:00.000Z" showed the day before).
 */
export function vietnamIso(at: Date): string {
  return `${vietnamWallClock(at).toISOString().slice(0, 19)}+07:00`;
}

/** An instant as ISO 8601 text, or null when there is none (the API's date fields). */
export const isoOrNull = (d: Date | null | undefined): string | null => (d ? d.toISOString() : null);
