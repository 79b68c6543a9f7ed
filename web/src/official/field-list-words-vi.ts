// The inspections field list's words (a drawn sample, its printed list, recording from it), Vietnamese.

export const fieldListVi = {
  sampleTitle: (name: string | null, area: string) => name ?? `Mẫu kiểm tra ${area}`,
  drawIn: 'Địa bàn chọn mẫu',
  wholeScope: (name: string) => `Toàn bộ ${name}`,
  samples: 'Các mẫu đã chọn',
  sampleLine: (n: number, seed: string, day: string) => `${n} hộ · mã chọn mẫu ${seed} · chọn ngày ${day}`,
  backToSamples: '← Các mẫu đã chọn',
  area: 'Địa bàn',
  rule: 'Cách chọn',
  bySize: (n: number) => `Theo số hộ: ${n} hộ`,
  byRate: (pct: string) => `Theo tỷ lệ: ${pct} số hộ đã bàn giao`,
  drawnOf: (drawn: number, of: number) => `${drawn} trong ${of} hộ đã bàn giao`,
  drawnCount: 'Số hộ trong mẫu',
  drawnBy: 'Người chọn mẫu',
  drawnAt: 'Ngày chọn mẫu',
  seed: 'Mã chọn mẫu',
  reproduce: (seed: string) =>
    `Chọn lại trên cùng địa bàn với mã ${seed} và cùng cách chọn sẽ ra đúng danh sách này, đúng thứ tự này.`,
  progress: (done: number, of: number) => `Đã kiểm tra ${done}/${of} hộ`,
  print: 'In danh sách đi kiểm tra',
  xlsx: 'Tải danh sách (.xlsx)',
  unknown: 'không rõ',
  paperHeading: 'DANH SÁCH HỘ KIỂM TRA SAU LẮP ĐẶT ĐẦU THU',
  paperProgramme: 'Hỗ trợ đầu thu truyền hình số cho hộ nghèo, hộ cận nghèo',
  printedAt: (day: string) => `Ngày in: ${day}`,
  columns: {
    no: 'STT',
    head: 'Họ tên chủ hộ',
    commune: 'Xã/Phường',
    village: 'Thôn/Ấp',
    address: 'Địa chỉ',
    phone: 'Điện thoại',
    serial: 'Số serial đầu thu',
    deliveredAt: 'Ngày bàn giao',
    result: 'Kết quả kiểm tra',
    notes: 'Ghi chú',
  },
  resultBoxes: '☐ Đạt  ☐ Chưa lắp  ☐ Không hoạt động  ☐ Sai hộ  ☐ Không thấy đầu thu',
  place: '………, ngày …… tháng …… năm ……',
  inspector: 'Người kiểm tra',
  commune: (name: string) => `Xác nhận của UBND ${name}`,
  signHint: '(Ký, ghi rõ họ tên)',
  conflict: (result: string | null) =>
    result
      ? `Hộ này vừa được ghi kết quả khác: "${result}". Kết quả của bạn chưa được lưu. Hãy tải lại hộ này, xem rồi sửa nếu cần.`
      : 'Hộ này vừa thay đổi ở nơi khác. Kết quả của bạn chưa được lưu. Hãy tải lại hộ này rồi ghi lại.',
  reload: 'Tải lại hộ này',
  correct: 'Sửa kết quả',
  summaryOf: (area: string) => `Tổng hợp kiểm tra: ${area}`,
  summaryBy: { province: 'Theo tỉnh', district: 'Theo huyện', commune: 'Theo xã/phường' } as Record<
    string,
    string
  >,
  drillDown: (name: string) => `Xem từng xã của ${name}`,
  backUp: 'Quay lại cấp trên',
  total: 'Tổng cộng',
  pending: 'Chưa kiểm tra',
  noneInspected: 'chưa có',
};

export type FieldListWords = typeof fieldListVi;
