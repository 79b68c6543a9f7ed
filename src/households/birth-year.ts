import type { Cell } from '../spreadsheets/cells';

// The birth year a clerk typed or Excel stored, in any of the forms commune lists use. Pure.

const DAY_MONTH_YEAR = /^(\d{1,2})[/.\-\s](\d{1,2})[/.\-\s](\d{4})$/;
const MONTH_YEAR = /^(\d{1,2})[/.-](\d{4})$/;
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})/;
/** Excel's day numbers for 1 January 1900 and 2100 (a date cell stored as a plain number). */
const EXCEL_SERIAL = { min: 367, max: 73051 };

/**
 * The birth year from a "Năm sinh" or "Ngày sinh" cell: a year (1968), a full date (12/03/1968,
 * 12-3-1968, 1968-03-12, 03/1968), an Excel date cell, or a date cell stored as its day number.
 * Anything else is passed on as written, for Joi to refuse with the column's name.
 */
export function birthYearOf(cell: Cell, written: string): number | string {
  if (cell instanceof Date) return cell.getUTCFullYear();
  if (typeof cell === 'number') {
    if (Number.isInteger(cell) && cell >= EXCEL_SERIAL.min && cell <= EXCEL_SERIAL.max && cell > 2100) {
      // Excel counts days from 30 December 1899 (its 1900 leap-year bug included).
      return new Date(Date.UTC(1899, 11, 30) + cell * 86_400_000).getUTCFullYear();
    }
    return cell;
  }
  const t = written.trim();
  const dmy = DAY_MONTH_YEAR.exec(t);
  if (dmy && validDayMonth(Number(dmy[1]), Number(dmy[2]))) return Number(dmy[3]);
  const my = MONTH_YEAR.exec(t);
  if (my && Number(my[1]) >= 1 && Number(my[1]) <= 12) return Number(my[2]);
  const iso = ISO_DATE.exec(t);
  if (iso && validDayMonth(Number(iso[3]), Number(iso[2]))) return Number(iso[1]);
  return t;
}

function validDayMonth(day: number, month: number): boolean {
  return day >= 1 && day <= 31 && month >= 1 && month <= 12;
}
