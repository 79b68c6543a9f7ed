import path from 'node:path';
import PDFDocument from 'pdfkit';

// The pieces the filled handover record and the blank form share as PDFs (A4): the document with the
// Vietnamese-capable DejaVu Serif fonts embedded (from the `dejavu-fonts-ttf` package: nothing is
// downloaded at run time), the two-column heading and title, and the signature blocks.

const FONT_DIR = path.join(path.dirname(require.resolve('dejavu-fonts-ttf/package.json')), 'ttf');

/** A dotted line to write on by hand, where a paper has no fact to print. */
export const HAND_LINE = '…………………………';
export const LEFT = 50;
/** The text width of an A4 page (595.28 pt) between the margins. */
export const TEXT_WIDTH = 595.28 - 2 * LEFT;

/** A new A4 document with fonts 'r', 'b', 'i' and the promise of its bytes once ended. */
export function handoverPdfDocument(info: { Title: string; Author: string }, autoFirstPage = true) {
  const doc = new PDFDocument({
    size: 'A4',
    autoFirstPage,
    margins: { top: 50, bottom: 45, left: LEFT, right: LEFT },
    info,
  });
  doc.registerFont('r', path.join(FONT_DIR, 'DejaVuSerif.ttf'));
  doc.registerFont('b', path.join(FONT_DIR, 'DejaVuSerif-Bold.ttf'));
  doc.registerFont('i', path.join(FONT_DIR, 'DejaVuSerif-Italic.ttf'));
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const bytes = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  return { doc, bytes, width: TEXT_WIDTH };
}

/** Province and commune on the left, the national motto on the right, then the title and number. */
export function pdfHeading(doc: PDFKit.PDFDocument, province: string, commune: string, number: string): void {
  const width = TEXT_WIDTH;
  const half = width / 2;
  const top = doc.y;
  doc
    .font('b')
    .fontSize(10.5)
    .text(province.toUpperCase(), LEFT, top, { width: half - 10, align: 'center' });
  doc.text(commune, { width: half - 10, align: 'center' });
  doc.text('CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM', LEFT + half, top, { width: half, align: 'center' });
  doc.text('Độc lập – Tự do – Hạnh phúc', { width: half, align: 'center', underline: true });
  doc.moveDown(1.5);
  doc.x = LEFT;
  doc.font('b').fontSize(15).text('BIÊN BẢN BÀN GIAO ĐẦU THU TRUYỀN HÌNH SỐ', { width, align: 'center' });
  doc.font('r').fontSize(11).text(`Số: ${number}`, { width, align: 'center' });
  doc
    .font('i')
    .fontSize(10)
    .text('(Hỗ trợ hộ nghèo, hộ cận nghèo theo Đề án số hóa truyền dẫn, phát sóng truyền hình)', {
      width,
      align: 'center',
    });
  doc.moveDown();
}

/** Signatures of both parties, then the commune's confirmation block (`authority`: "UBND PHƯỜNG …"). */
export function pdfSignatures(doc: PDFKit.PDFDocument, authority: string): void {
  const width = TEXT_WIDTH;
  const half = width / 2;
  const signsTop = doc.y + 10;
  doc.font('b').fontSize(11).text('ĐẠI DIỆN BÊN NHẬN', LEFT, signsTop, { width: half, align: 'center' });
  doc.font('i').fontSize(9.5).text('(Ký, ghi rõ họ tên)', { width: half, align: 'center' });
  doc
    .font('b')
    .fontSize(11)
    .text('ĐẠI DIỆN BÊN GIAO', LEFT + half, signsTop, { width: half, align: 'center' });
  doc.font('i').fontSize(9.5).text('(Ký, ghi rõ họ tên)', { width: half, align: 'center' });
  doc.x = LEFT;
  doc.y = signsTop + 90;
  doc.font('b').fontSize(11).text(`XÁC NHẬN CỦA ${authority}`, { width, align: 'center' });
  doc.font('i').fontSize(9.5).text('(Ký tên, đóng dấu)', { width, align: 'center' });
}
