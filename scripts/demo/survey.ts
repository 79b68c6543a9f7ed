// A believable commune survey list for the demo data: Vietnamese names with diacritics, villages,
// a poverty mix, some households not eligible (no TV, paid TV, DVB-T2 already), some possible
// duplicates (same name in the same village, or a shared phone) and a few national IDs typed twice.
// Deterministic: the same commune and seed give the same list.

export const FAMILY = [
  'Nguyễn',
  'Trần',
  'Lê',
  'Phạm',
  'Hoàng',
  'Huỳnh',
  'Phan',
  'Vũ',
  'Võ',
  'Đặng',
  'Bùi',
  'Đỗ',
  'Hồ',
  'Ngô',
  'Dương',
  'Lý',
  'Hà',
  'Lò',
  'Mã',
];
export const MIDDLE = ['Văn', 'Thị', 'Hữu', 'Đức', 'Minh', 'Ngọc', 'Thanh', 'Xuân', 'Quốc', 'Thu', 'Kim'];
export const GIVEN = [
  'Hoà',
  'Bình',
  'Cường',
  'Dũng',
  'Giang',
  'Hạnh',
  'Hùng',
  'Khoa',
  'Lan',
  'Mai',
  'Nam',
  'Phúc',
  'Quỳnh',
  'Sơn',
  'Tâm',
  'Thảo',
  'Trang',
  'Tuấn',
  'Uyên',
  'Yến',
  'Ánh',
  'Đào',
  'Lộc',
  'Thắm',
  'Nguyệt',
  'Khải',
];
export const PLACES = [
  'Đồng Sơn',
  'Hạ Giáp',
  'Phượng Lâu',
  'Nà Phặc',
  'Tân Lập',
  'Bãi Sậy',
  'Hùng Lô',
  'Chiềng Mai',
  'Bản Mòng',
  'Đông Thành',
  'Gò Mít',
];
const KINDS = ['Thôn', 'Xóm', 'Bản', 'Khu'];

/** mulberry32: a small seeded generator, enough for demo data. */
export function randomFrom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const pickOf =
  (rnd: () => number) =>
  <T>(list: readonly T[]): T =>
    list[Math.floor(rnd() * list.length)];

export const SURVEY_HEADER =
  'Thôn/Ấp,Họ tên chủ hộ,Số CCCD/CMND,Năm sinh,Giới tính,Số điện thoại,Diện hộ,Số giấy chứng nhận,' +
  'Năm danh sách,Số nhân khẩu,Có ti vi,Truyền hình trả tiền,Đã xem DVB-T2,Địa chỉ\n';

const csv = (s: string) => (/[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);

/**
 * The survey of one commune as CSV lines. National IDs are `0` + the commune code (unique in the
 * country) + a six-digit running number from `firstIndex`, so every commune's are distinct.
 */
export function* communeSurvey(
  communeCode: string,
  households: number,
  seed: number,
  firstIndex = 0,
): Generator<string> {
  const rnd = randomFrom(seed ^ Number(communeCode));
  const pick = pickOf(rnd);
  const villages = Array.from({ length: 3 + Math.floor(rnd() * 6) }, () => `${pick(KINDS)} ${pick(PLACES)}`);
  yield SURVEY_HEADER;
  let previous: string[] | null = null;
  for (let i = 0; i < households; i++) {
    const village = pick(villages);
    const female = rnd() < 0.45;
    let name = `${pick(FAMILY)} ${female ? 'Thị' : pick(MIDDLE)} ${pick(GIVEN)}`;
    let phone =
      rnd() < 0.25 ? '' : `0${pick(['9', '8', '3', '7'])}${String(Math.floor(rnd() * 1e8)).padStart(8, '0')}`;
    let nationalId = `0${communeCode.padStart(5, '0')}${String(firstIndex + i).padStart(6, '0')}`;
    const r = rnd();
    if (previous && r < 0.01)
      nationalId = previous[2]; // typed twice: the import rejects the repeat
    else if (previous && r < 0.02)
      name = previous[1]; // same head name: a possible duplicate if same village
    else if (previous && r < 0.03 && previous[5]) phone = previous[5];
    const noTv = rnd() < 0.04;
    const paidTv = rnd() < 0.03;
    const digital = rnd() < 0.02;
    const row = [
      village,
      name,
      nationalId,
      String(1935 + Math.floor(rnd() * 70)),
      female ? 'Nữ' : 'Nam',
      phone,
      rnd() < 0.6 ? 'Nghèo' : 'Cận nghèo',
      `GCN-${communeCode}-${i}`,
      rnd() < 0.02 ? '2019' : '2024',
      String(1 + Math.floor(rnd() * 7)),
      noTv ? 'Không' : 'Có',
      paidTv ? 'Có' : 'Không',
      digital ? 'Có' : 'Không',
      `Số ${1 + Math.floor(rnd() * 300)}, ${village}`,
    ];
    previous = row;
    yield row.map(csv).join(',') + '\n';
  }
}
