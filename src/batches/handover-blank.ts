import { HAND_LINE as LINE, handoverPdfDocument, pdfHeading, pdfSignatures } from './handover-pdf-parts';
import {
  communeAuthority,
  escapeHtml,
  givingOrganisation,
  HANDOVER_STYLE,
  RECEIVER_TYPE_VI,
} from './handover-page';

// The blank handover form (issue 12, item 7): the same A4 layout as the filled record, with empty
// lines for what is written by hand (household, ID, serial, signatures, the commune's confirmation),
// one page per reserved number. Pure: facts in, HTML or PDF out.

export interface BlankFormFacts {
  numbers: string[];
  provinceName: string;
  communeNames: string[];
  batchCode: string;
  batchName: string;
  receiverType: string;
  /** The installer who reserved the forms; null when an official did (the line is left empty). */
  installerName: string | null;
}

const LONG = `${LINE}${LINE}`;
/** The committee of a batch of several communes: written in by hand after these words. */
const AUTHORITY_TO_WRITE = 'UBND XÃ/PHƯỜNG';

/**
 * What the batch tells of the place: a batch of one commune names its committee and the commune; a
 * batch of several leaves the committee to write in and lists the communes to choose from.
 */
export function blankPlace(communeNames: string[]): {
  /** The committee's name, or null: then "UBND XÃ/PHƯỜNG" and a line to write it on (AUTHORITY_TO_WRITE). */
  authority: string | null;
  communes: string;
} {
  if (communeNames.length === 1)
    return { authority: communeAuthority(communeNames[0]), communes: communeNames[0] };
  return { authority: null, communes: `xã/phường (${communeNames.join(' / ')})` };
}

const BLANK_STYLE = `
  .page { page-break-after: always; }
  .page:last-child { page-break-after: auto; }
  .fill.s { min-width: 25mm; }
  .box { display: inline-block; width: 11px; height: 11px; border: 1px solid #000; margin: 0 4px 0 10px; vertical-align: -1px; }
  table.items td.blank { height: 28px; }
`;

function blankPage(f: BlankFormFacts, number: string): string {
  const e = escapeHtml;
  const type = RECEIVER_TYPE_VI[f.receiverType] ?? f.receiverType;
  const fill = '<span class="fill"></span>';
  const short = '<span class="fill s"></span>';
  const box = '<span class="box"></span>';
  const place = blankPlace(f.communeNames);
  const authority = place.authority ? e(place.authority) : `${AUTHORITY_TO_WRITE} ${short}`;
  return `<section class="page">
<div class="head">
  <div><b>${e(f.provinceName.toUpperCase())}</b><b>${authority}</b></div>
  <div><b>CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM</b><span class="motto">Độc lập – Tự do – Hạnh phúc</span></div>
</div>
<h1>BIÊN BẢN BÀN GIAO ĐẦU THU TRUYỀN HÌNH SỐ</h1>
<p class="no">Số: <b>${e(number)}</b></p>
<p class="sub">(Hỗ trợ hộ nghèo, hộ cận nghèo theo Đề án số hóa truyền dẫn, phát sóng truyền hình)</p>
<p>Hôm nay, ngày ${short} tháng ${short} năm ${short}, lúc ${short} giờ, tại ${fill} (số nhà, thôn/xóm), ${e(place.communes)}, ${e(f.provinceName)}, chúng tôi gồm:</p>
<p><b>Bên giao:</b> ${e(givingOrganisation(f.provinceName))}; người thực hiện: ${f.installerName ? e(f.installerName) : fill}, thợ lắp đặt của đợt ${e(f.batchCode)} (${e(f.batchName)}).</p>
<p><b>Bên nhận:</b> Hộ ông/bà ${fill} (${box}Hộ nghèo ${box}Hộ cận nghèo), số CCCD/CMND chủ hộ: ${fill}, điện thoại: ${short}.<br>
Người trực tiếp nhận: ${fill}, quan hệ với chủ hộ: ${short}, 4 số cuối giấy tờ tùy thân: ${short}.</p>
<p>Hai bên thống nhất bàn giao thiết bị sau:</p>
<table class="items">
  <tr><th>STT</th><th>Tên thiết bị</th><th>Model</th><th>Số serial</th><th>Số lượng</th></tr>
  <tr><td>1</td><td>${e(type)}</td><td class="blank"></td><td class="blank"></td><td>01</td></tr>
</table>
<p>Tình trạng sau lắp đặt: ${box}đã thu được tín hiệu, xem được các kênh truyền hình số ${box}chưa thu được tín hiệu.</p>
<p>Ghi chú: ${fill}${fill}</p>
<p>Bên nhận đã nhận đủ thiết bị nêu trên, được hướng dẫn sử dụng và có trách nhiệm bảo quản, sử dụng đúng mục đích. Biên bản lập thành 02 bản, mỗi bên giữ 01 bản.</p>
<div class="signs">
  <div><b>ĐẠI DIỆN BÊN NHẬN</b><br><i>(Ký, ghi rõ họ tên)</i></div>
  <div><b>ĐẠI DIỆN BÊN GIAO</b><br><i>(Ký, ghi rõ họ tên)</i></div>
</div>
<div class="commune"><b>XÁC NHẬN CỦA ${authority}</b><br><i>(Ký tên, đóng dấu)</i></div>
<p class="ref">Biên bản trắng đã giữ số cho đợt ${e(f.batchCode)}. Khi nhập vào ứng dụng, ghi số ${e(number)} vào ô "Số biên bản giấy".</p>
</section>`;
}

export function renderBlankHandoverPage(f: BlankFormFacts): string {
  const first = f.numbers[0] ?? '';
  const title = f.numbers.length > 1 ? `${first} … ${f.numbers[f.numbers.length - 1]}` : first;
  return `<!doctype html>
<html lang="vi">
<head>
<meta charset="utf-8">
<title>Biên bản bàn giao trắng – ${escapeHtml(title)}</title>
<style>${HANDOVER_STYLE}${BLANK_STYLE}</style>
</head>
<body>
${f.numbers.map((n) => blankPage(f, n)).join('\n')}
</body>
</html>
`;
}

/** The same blank forms as a PDF, one A4 page per number (DejaVu Serif embedded). */
export function renderBlankHandoverPdf(f: BlankFormFacts): Promise<Buffer> {
  const { doc, bytes, width } = handoverPdfDocument(
    { Title: `Biên bản bàn giao trắng ${f.numbers[0] ?? ''}`, Author: givingOrganisation(f.provinceName) },
    false,
  );
  const place = blankPlace(f.communeNames);
  const authority = place.authority ?? `${AUTHORITY_TO_WRITE} ${LINE}`;
  for (const number of f.numbers) {
    doc.addPage();
    pdfHeading(doc, f.provinceName, authority, number);
    const p = (s: string) => doc.font('r').fontSize(11.5).text(s, { width }).moveDown(0.5);
    p(
      `Hôm nay, ngày …… tháng …… năm ……, lúc …… giờ, tại ${LONG} (số nhà, thôn/xóm), ${place.communes}, ${f.provinceName}, chúng tôi gồm:`,
    );
    p(
      `Bên giao: ${givingOrganisation(f.provinceName)}; người thực hiện: ${f.installerName ?? LINE}, thợ lắp đặt của đợt ${f.batchCode} (${f.batchName}).`,
    );
    p(`Bên nhận: Hộ ông/bà ${LONG} (□ Hộ nghèo  □ Hộ cận nghèo)`);
    p(`Số CCCD/CMND chủ hộ: ${LONG}, điện thoại: ${LINE}`);
    p(`Người trực tiếp nhận: ${LONG}, quan hệ với chủ hộ: ${LINE}`);
    p(`4 số cuối giấy tờ tùy thân của người nhận: ${LINE}`);
    p('Hai bên thống nhất bàn giao thiết bị sau:');
    p(`Thiết bị: ${RECEIVER_TYPE_VI[f.receiverType] ?? f.receiverType}; model: ${LINE}; số lượng: 01.`);
    p(`Số serial: ${LONG}`);
    p(
      'Tình trạng sau lắp đặt: □ đã thu được tín hiệu, xem được các kênh truyền hình số  □ chưa thu được tín hiệu.',
    );
    p(`Ghi chú: ${LONG}${LONG}`);
    p(
      'Bên nhận đã nhận đủ thiết bị nêu trên, được hướng dẫn sử dụng và có trách nhiệm bảo quản, sử dụng đúng mục đích. Biên bản lập thành 02 bản, mỗi bên giữ 01 bản.',
    );
    pdfSignatures(doc, authority);
    doc.moveDown(2);
    doc
      .font('r')
      .fontSize(8.5)
      .text(
        `Biên bản trắng đã giữ số cho đợt ${f.batchCode}. Khi nhập vào ứng dụng, ghi số ${number} vào ô "Số biên bản giấy".`,
        { width },
      );
  }
  doc.end();
  return bytes;
}
