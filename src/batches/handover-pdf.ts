import path from 'node:path';
import PDFDocument from 'pdfkit';
import { givingOrganisation, vietnameseDateTime, type HandoverFacts } from './handover-page';

// The handover record as a PDF (A4), from the same facts as the HTML page. The Vietnamese-capable
// DejaVu Serif fonts come from the `dejavu-fonts-ttf` package and are embedded (subset) in the file:
// nothing is downloaded at run time.

const FONT_DIR = path.join(path.dirname(require.resolve('dejavu-fonts-ttf/package.json')), 'ttf');
const REGULAR = path.join(FONT_DIR, 'DejaVuSerif.ttf');
const BOLD = path.join(FONT_DIR, 'DejaVuSerif-Bold.ttf');
const ITALIC = path.join(FONT_DIR, 'DejaVuSerif-Italic.ttf');

const RECEIVER_TYPE_VI: Record<string, string> = {
  'dvb-t2': 'Đầu thu truyền hình số mặt đất DVB-T2',
  satellite: 'Bộ thu truyền hình số vệ tinh',
};

export function renderHandoverPdf(f: HandoverFacts): Promise<Buffer> {
  const doc = new PDFDocument({
    size: 'A4',
    margins: { top: 50, bottom: 45, left: 50, right: 50 },
    info: { Title: `Biên bản bàn giao ${f.handoverNumber}`, Author: givingOrganisation(f.provinceName) },
  });
  doc.registerFont('r', REGULAR);
  doc.registerFont('b', BOLD);
  doc.registerFont('i', ITALIC);
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  const width = doc.page.width - 100;
  const half = width / 2;
  const top = doc.y;
  doc
    .font('b')
    .fontSize(10.5)
    .text(f.provinceName.toUpperCase(), 50, top, { width: half - 10, align: 'center' });
  doc.text(f.communeName, { width: half - 10, align: 'center' });
  doc.text('CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM', 50 + half, top, { width: half, align: 'center' });
  doc.text('Độc lập – Tự do – Hạnh phúc', { width: half, align: 'center', underline: true });
  doc.moveDown(1.5);
  doc.x = 50;
  doc.font('b').fontSize(15).text('BIÊN BẢN BÀN GIAO ĐẦU THU TRUYỀN HÌNH SỐ', { width, align: 'center' });
  doc.font('r').fontSize(11).text(`Số: ${f.handoverNumber}`, { width, align: 'center' });
  doc
    .font('i')
    .fontSize(10)
    .text('(Hỗ trợ hộ nghèo, hộ cận nghèo theo Đề án số hóa truyền dẫn, phát sóng truyền hình)', {
      width,
      align: 'center',
    });
  doc.moveDown();
  const place = [f.address, f.village, f.communeName, f.provinceName].filter(Boolean).join(', ');
  const p = (s: string) => doc.font('r').fontSize(11.5).text(s, { width, align: 'justify' }).moveDown(0.4);
  p(`Hôm nay, ${vietnameseDateTime(f.deliveredAt)}, tại ${place}, chúng tôi gồm:`);
  p(
    `Bên giao: ${givingOrganisation(f.provinceName)}; người thực hiện: ${f.installerName}, thợ lắp đặt của đợt ${f.batchCode} (${f.batchName}).`,
  );
  const poverty = f.povertyStatus === 'poor' ? 'Hộ nghèo' : 'Hộ cận nghèo';
  p(
    `Bên nhận: Hộ ông/bà ${f.headName} (${poverty}), số CCCD/CMND chủ hộ: ${f.headNationalId}` +
      (f.phone ? `, điện thoại: ${f.phone}` : '') +
      '.',
  );
  p(
    `Người trực tiếp nhận: ${f.recipientName}` +
      (f.recipientRelation ? ` (${f.recipientRelation} của chủ hộ)` : '') +
      `, 4 số cuối giấy tờ tùy thân: ${f.recipientIdLast4}.`,
  );
  p('Hai bên thống nhất bàn giao thiết bị sau:');
  p(
    `Thiết bị: ${RECEIVER_TYPE_VI[f.receiverType] ?? f.receiverType}; model: ${f.receiverModel ?? '—'}; ` +
      `số serial: ${f.serial}; số lượng: 01.`,
  );
  p(
    `Tình trạng sau lắp đặt: ${f.signalReceived ? 'đã thu được tín hiệu, xem được các kênh truyền hình số' : 'chưa thu được tín hiệu'}.`,
  );
  if (f.notes) p(`Ghi chú: ${f.notes}`);
  p(
    'Bên nhận đã nhận đủ thiết bị nêu trên, được hướng dẫn sử dụng và có trách nhiệm bảo quản, sử dụng đúng mục đích. Biên bản lập thành 02 bản, mỗi bên giữ 01 bản.',
  );
  if (f.photo && f.photo.type !== 'image/webp') {
    doc.image(f.photo.data, { fit: [220, 150], align: 'center' });
    doc.moveDown(0.5);
  }
  const signsTop = doc.y + 10;
  doc.font('b').fontSize(11).text('ĐẠI DIỆN BÊN NHẬN', 50, signsTop, { width: half, align: 'center' });
  doc.font('i').fontSize(9.5).text('(Ký, ghi rõ họ tên)', { width: half, align: 'center' });
  doc
    .font('b')
    .fontSize(11)
    .text('ĐẠI DIỆN BÊN GIAO', 50 + half, signsTop, { width: half, align: 'center' });
  doc.font('i').fontSize(9.5).text('(Ký, ghi rõ họ tên)', { width: half, align: 'center' });
  doc.x = 50;
  doc.y = signsTop + 90;
  doc.font('b').fontSize(11).text(`XÁC NHẬN CỦA UBND XÃ ${f.communeName}`, { width, align: 'center' });
  doc.font('i').fontSize(9.5).text('(Ký tên, đóng dấu)', { width, align: 'center' });
  doc.end();
  return done;
}
