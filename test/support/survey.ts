// A commune's survey list as CSV, for tests that need more households than registering them one by
// one allows (the import route takes the whole list in one request, as a clerk's upload would).

const HEADER =
  'STT,Thôn/Ấp,Họ tên chủ hộ,Số CCCD/CMND,Năm sinh,Giới tính,Số điện thoại,Diện hộ,Số giấy chứng nhận,' +
  'Năm danh sách,Số nhân khẩu,Có ti vi,Truyền hình trả tiền,Đã xem DVB-T2,Loại đầu thu,Địa chỉ,Ghi chú\n';

/**
 * `n` eligible households named "Hộ Số 1" … "Hộ Số n" (no two alike, so none is a possible duplicate),
 * with unique national IDs, in villages "Thôn 1" … "Thôn 9" (household i in Thôn 1 + i mod 9).
 */
export function surveyCsv(n: number): string {
  let csv = HEADER;
  for (let i = 1; i <= n; i++) {
    const id = `025190${String(i).padStart(6, '0')}`;
    csv += `${i},Thôn ${1 + (i % 9)},Hộ Số ${i},${id},1960,Nam,,Nghèo,,2024,3,Có,Không,Không,,,\n`;
  }
  return csv;
}
