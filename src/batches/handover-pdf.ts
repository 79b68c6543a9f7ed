import { HAND_LINE, pdfHeading, pdfSignatures, handoverPdfDocument } from './handover-pdf-parts';
import {
  communeAuthority,
  givingOrganisation,
  placeOf,
  RECEIVER_TYPE_VI,
  vietnameseDateTime,
  type HandoverFacts,
} from './handover-page';

// The handover record as a PDF (A4), from the same facts as the HTML page (fonts and the shared
// heading and signature blocks: handover-pdf-parts.ts).

export function renderHandoverPdf(f: HandoverFacts): Promise<Buffer> {
  const { doc, bytes, width } = handoverPdfDocument({
    Title: `Biên bản bàn giao ${f.handoverNumber}`,
    Author: givingOrganisation(f.provinceName),
  });
  pdfHeading(doc, f.provinceName, communeAuthority(f.communeName), f.handoverNumber);
  const place = [...placeOf(f.address, f.village), f.communeName, f.provinceName].join(', ');
  const p = (s: string) => doc.font('r').fontSize(11.5).text(s, { width, align: 'justify' }).moveDown(0.4);
  p(`Hôm nay, ${vietnameseDateTime(f.deliveredAt)}, tại ${place}, chúng tôi gồm:`);
  p(
    `Bên giao: ${givingOrganisation(f.provinceName)}; người thực hiện: ${f.installerName ?? HAND_LINE}, thợ lắp đặt của đợt ${f.batchCode} (${f.batchName}).`,
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
    `Thiết bị: ${RECEIVER_TYPE_VI[f.receiverType] ?? f.receiverType}; kiểu máy: ${f.receiverModel ?? '—'}; ` +
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
  pdfSignatures(doc, communeAuthority(f.communeName));
  doc.end();
  return bytes;
}
