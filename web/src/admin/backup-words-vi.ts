// The admin's backups page ("Sao lưu"), Vietnamese.

export const backupWordsVi = {
  title: 'Sao lưu dữ liệu',
  intro:
    'Mọi dữ liệu của chương trình (hộ gia đình, đầu thu, đợt lắp đặt, biên bản bàn giao, nhật ký) nằm trên máy chủ này. Một bản sao lưu giữ lại tất cả đúng như tại một thời điểm, để khôi phục khi máy hỏng hay dữ liệu bị mất. Việc sao lưu không làm gián đoạn người đang dùng.',
  scheduleTitle: 'Lịch sao lưu tự động',
  schedule: (everyHours: number, keep: number) =>
    everyHours > 0
      ? `Hệ thống tự sao lưu ${everyHours === 24 ? 'mỗi ngày một lần' : `${everyHours} giờ một lần`} và giữ ${keep} bản mới nhất; bản cũ hơn được xoá.`
      : `Hệ thống không tự sao lưu (đã tắt trong cấu hình). Hãy bấm “Sao lưu ngay” khi cần; ${keep} bản mới nhất được giữ lại.`,
  folder: 'Thư mục trên máy chủ:',
  offsite:
    'Bản sao lưu nằm trên cùng ổ đĩa với dữ liệu: ổ đĩa hỏng thì mất cả hai. Ít nhất mỗi tuần, hãy tải bản mới nhất về và cất ở nơi khác (ổ USB, máy tính khác).',
  sensitive: 'Tệp sao lưu có đầy đủ số CCCD của mọi hộ: hãy cất giữ cẩn thận như hồ sơ giấy.',
  now: 'Sao lưu ngay',
  running: (at: string, by: string) =>
    `Đang sao lưu (bắt đầu lúc ${at}, do ${by} yêu cầu)… Trang tự cập nhật khi xong.`,
  done: 'Đã sao lưu xong.',
  failed: (at: string, message: string) => `Lần sao lưu lúc ${at} không thành: ${message}`,
  listTitle: 'Các bản sao lưu',
  none: 'Chưa có bản sao lưu nào.',
  cols: { at: 'Thời điểm', size: 'Dung lượng', file: 'Tệp' },
  newest: 'mới nhất',
  download: 'Tải về',
  downloading: 'Đang tải…',
  restoreTitle: 'Khôi phục từ một bản sao lưu',
  restoreSteps: [
    'Việc này do người quản trị máy chủ làm, trên chính máy chủ:',
    'dừng dịch vụ;',
    'chạy lệnh',
    'rồi khởi động lại dịch vụ.',
  ],
  restoreCommand: 'npm run db:restore -- <tệp sao lưu>',
  restoreNote:
    'Lệnh chỉ khôi phục vào một cơ sở dữ liệu trống (hoặc thêm --replace để xoá dữ liệu đang có). Hướng dẫn đầy đủ trong README, mục “Backups”.',
  mongo:
    'Máy chủ này dùng MongoDB: việc sao lưu do người quản trị MongoDB làm bằng công cụ của MongoDB (mongodump), không làm tại đây.',
};

export type BackupWords = typeof backupWordsVi;
