// The printable handover record (biên bản bàn giao) of a delivered household: a pure function from
// the facts to one self-contained HTML page in Vietnamese, A4, ready to print and sign.

import { foldVietnamese } from '../vietnamese';

export interface HandoverFacts {
  /** "000123/2026/BB-BG" */
  handoverNumber: string;
  batchCode: string;
  batchName: string;
  provinceName: string;
  communeName: string;
  village: string;
  address: string | null;
  headName: string;
  /** Whole: the household signs this record (DESIGN §14); only readers of the delivery get it. */
  headNationalId: string;
  phone: string | null;
  povertyStatus: 'poor' | 'near_poor';
  recipientName: string;
  recipientIdLast4: string;
  recipientRelation: string | null;
  serial: string;
  receiverType: string;
  receiverModel: string | null;
  deliveredAt: Date;
  signalReceived: boolean;
  /** Null when no person's account did the work: the paper leaves a line for the name. */
  installerName: string | null;
  notes: string | null;
  /** The handover photo, when there is one. */
  photo: { type: string; data: Buffer } | null;
}

/** The giving organisation, as the record names it. */
export const givingOrganisation = (provinceName: string) => `Ban Chỉ đạo số hóa truyền hình ${provinceName}`;

const ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/**
 * The commune's people's committee as papers head it: "UBND PHƯỜNG DỮU LÂU". Names carry their
 * unit ("Xã …", "Phường …", "Thị trấn …", "Đặc khu …"), so "UBND xã" before one read "UBND xã Phường …".
 */
export function communeAuthority(communeName: string): string {
  const named = /^(xã|phường|thị trấn|đặc khu)\s/i.test(communeName.normalize('NFC'));
  return `UBND ${named ? '' : 'XÃ '}${communeName.toUpperCase()}`;
}

/**
 * The place of a visit: the address, then the village unless one of the address's comma-separated
 * parts is the village (whole parts: "Số 5, Khu 12" does not name "Khu 1").
 */
export function placeOf(address: string | null | undefined, village: string | null | undefined): string[] {
  const a = address?.trim() ?? '';
  const v = village?.trim() ?? '';
  const key = (s: string) => foldVietnamese(s).replace(/\s+/g, ' ').trim();
  const named = a && v && a.split(',').some((part) => key(part) === key(v));
  return [a, named ? '' : v].filter(Boolean);
}

/** Every value typed by someone goes through here: the page is HTML, the names are not. */
export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ESCAPES[c]);
}

export const RECEIVER_TYPE_VI: Record<string, string> = {
  'dvb-t2': 'Đầu thu truyền hình số mặt đất DVB-T2',
  satellite: 'Bộ thu truyền hình số vệ tinh',
};

/** "ngày 05 tháng 3 năm 2026, 14:30" in Vietnam time (UTC+7), whatever the server's zone. */
export function vietnameseDateTime(at: Date): string {
  const local = new Date(at.getTime() + 7 * 3600_000);
  const dd = String(local.getUTCDate()).padStart(2, '0');
  const hh = String(local.getUTCHours()).padStart(2, '0');
  const mi = String(local.getUTCMinutes()).padStart(2, '0');
  return `ngày ${dd} tháng ${local.getUTCMonth() + 1} năm ${local.getUTCFullYear()}, ${hh}:${mi}`;
}

export const HANDOVER_STYLE = `
  @page { size: A4; margin: 18mm 16mm; }
  body { font-family: "Times New Roman", "Noto Serif", serif; font-size: 13.5pt; line-height: 1.45; color: #000; max-width: 180mm; margin: 0 auto; }
  .head { display: flex; justify-content: space-between; text-align: center; font-size: 12.5pt; }
  .head b { display: block; }
  .motto { text-decoration: underline; font-weight: bold; }
  h1 { text-align: center; font-size: 16pt; margin: 22px 0 2px; }
  .sub { text-align: center; font-style: italic; margin: 0 0 16px; }
  table.items { width: 100%; border-collapse: collapse; margin: 8px 0 12px; }
  table.items th, table.items td { border: 1px solid #000; padding: 4px 6px; text-align: left; vertical-align: top; }
  .signs { display: flex; justify-content: space-around; text-align: center; margin-top: 26px; }
  .signs div { width: 45%; min-height: 120px; }
  .signs i { font-size: 11.5pt; }
  .ref { font-size: 10pt; color: #444; margin-top: 28px; }
  .no { text-align: center; margin: 0; }
  .photo { text-align: center; margin: 10px 0; }
  .photo img { max-width: 90mm; max-height: 70mm; }
  .commune { text-align: center; margin-top: 30px; min-height: 110px; }
  .fill { display: inline-block; min-width: 60mm; border-bottom: 1px dotted #000; }
`;

export function renderHandoverPage(f: HandoverFacts): string {
  const e = escapeHtml;
  const poverty = f.povertyStatus === 'poor' ? 'Hộ nghèo' : 'Hộ cận nghèo';
  const type = RECEIVER_TYPE_VI[f.receiverType] ?? f.receiverType;
  return `<!doctype html>
<html lang="vi">
<head>
<meta charset="utf-8">
<title>Biên bản bàn giao đầu thu – ${e(f.headName)} – ${e(f.serial)}</title>
<style>${HANDOVER_STYLE}</style>
</head>
<body>
<div class="head">
  <div><b>${e(f.provinceName.toUpperCase())}</b><b>${e(communeAuthority(f.communeName))}</b></div>
  <div><b>CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM</b><span class="motto">Độc lập – Tự do – Hạnh phúc</span></div>
</div>
<h1>BIÊN BẢN BÀN GIAO ĐẦU THU TRUYỀN HÌNH SỐ</h1>
<p class="no">Số: <b>${e(f.handoverNumber)}</b></p>
<p class="sub">(Hỗ trợ hộ nghèo, hộ cận nghèo theo Đề án số hóa truyền dẫn, phát sóng truyền hình)</p>
<p>Hôm nay, ${vietnameseDateTime(f.deliveredAt)}, tại ${e([...placeOf(f.address, f.village), f.communeName, f.provinceName].join(', '))}, chúng tôi gồm:</p>
<p><b>Bên giao:</b> ${e(givingOrganisation(f.provinceName))}; người thực hiện: ${f.installerName ? e(f.installerName) : '<span class="fill"></span>'}, thợ lắp đặt của đợt ${e(f.batchCode)} (${e(f.batchName)}).</p>
<p><b>Bên nhận:</b> Hộ ông/bà <b>${e(f.headName)}</b> (${poverty}), số CCCD/CMND chủ hộ: ${e(f.headNationalId)}${f.phone ? `, điện thoại: ${e(f.phone)}` : ''}.<br>
Người trực tiếp nhận: <b>${e(f.recipientName)}</b>${f.recipientRelation ? ` (${e(f.recipientRelation)} của chủ hộ)` : ''}, 4 số cuối giấy tờ tùy thân: ${e(f.recipientIdLast4)}.</p>
<p>Hai bên thống nhất bàn giao thiết bị sau:</p>
<table class="items">
  <tr><th>STT</th><th>Tên thiết bị</th><th>Kiểu máy</th><th>Số serial</th><th>Số lượng</th></tr>
  <tr><td>1</td><td>${e(type)}</td><td>${e(f.receiverModel ?? '')}</td><td><b>${e(f.serial)}</b></td><td>01</td></tr>
</table>
<p>Tình trạng sau lắp đặt: ${f.signalReceived ? 'đã thu được tín hiệu, xem được các kênh truyền hình số' : '<b>chưa thu được tín hiệu</b>'}.</p>
${f.notes ? `<p>Ghi chú: ${e(f.notes)}</p>` : ''}
${f.photo ? `<div class="photo"><img alt="Ảnh bàn giao" src="data:${e(f.photo.type)};base64,${f.photo.data.toString('base64')}"></div>` : ''}
<p>Bên nhận đã nhận đủ thiết bị nêu trên, được hướng dẫn sử dụng và có trách nhiệm bảo quản, sử dụng đúng mục đích. Biên bản lập thành 02 bản, mỗi bên giữ 01 bản.</p>
<div class="signs">
  <div><b>ĐẠI DIỆN BÊN NHẬN</b><br><i>(Ký, ghi rõ họ tên)</i></div>
  <div><b>ĐẠI DIỆN BÊN GIAO</b><br><i>(Ký, ghi rõ họ tên)</i></div>
</div>
<div class="commune"><b>XÁC NHẬN CỦA ${e(communeAuthority(f.communeName))}</b><br><i>(Ký tên, đóng dấu)</i></div>
<p class="ref">Biên bản số ${e(f.handoverNumber)} in từ hệ thống theo dõi hỗ trợ đầu thu; tra lại theo số biên bản trong danh sách lắp đặt của đợt ${e(f.batchCode)}.</p>
</body>
</html>
`;
}
