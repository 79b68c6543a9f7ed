import ExcelJS from 'exceljs';
import request from 'supertest';
import { testApp } from './app';

/** Downloads an .xlsx from `url` (with its query) as `auth`, and opens it. */
export async function downloadWorkbook(
  url: string,
  auth: { Authorization: string },
): Promise<{ status: number; type: string; disposition: string; book: ExcelJS.Workbook }> {
  const res = await request(testApp).get(url).set(auth).responseType('blob');
  const book = new ExcelJS.Workbook();
  if (res.status === 200) await book.xlsx.load(res.body as ArrayBuffer);
  return {
    status: res.status,
    type: res.type,
    disposition: String(res.headers['content-disposition'] ?? ''),
    book,
  };
}

/** A sheet's rows as arrays of cell values (row 1 the header), by the sheet's name. */
export function sheetRows(book: ExcelJS.Workbook, name: string): unknown[][] {
  const sheet = book.getWorksheet(name);
  if (!sheet) throw new Error(`no sheet ${name}`);
  const rows: unknown[][] = [];
  sheet.eachRow((row) => {
    rows.push((row.values as unknown[]).slice(1));
  });
  return rows;
}
