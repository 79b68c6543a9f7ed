import { expect } from 'chai';
import { blankPlace } from '../../../src/batches/handover-blank';
import {
  communeAuthority,
  escapeHtml,
  placeOf,
  renderHandoverPage,
  vietnameseDateTime,
  type HandoverFacts,
} from '../../../src/batches/handover-page';

const facts: HandoverFacts = {
  handoverNumber: '000042/2026/BB-BG',
  batchCode: '25-D1-001',
  batchName: 'Đợt 1 – Việt Trì',
  provinceName: 'Tỉnh Phú Thọ',
  communeName: 'Phường Dữu Lâu',
  village: 'Khu 3',
  address: 'Số 12',
  headName: 'Nguyễn Thị Hoà',
  headNationalId: '********1234',
  phone: '0912345678',
  povertyStatus: 'near_poor',
  recipientName: 'Trần Văn Bình',
  recipientIdLast4: '5678',
  recipientRelation: 'Con rể',
  serial: 'SN-0001',
  receiverType: 'dvb-t2',
  receiverModel: 'HD-01',
  deliveredAt: new Date('2026-03-04T17:30:00Z'),
  signalReceived: false,
  installerName: 'Lê Văn Cường',
  notes: null,
  photo: null,
};

describe('handover page', () => {
  it('when rendered, then it carries the parties, the serial, the device and the signatures in Vietnamese', () => {
    const html = renderHandoverPage(facts);

    for (const s of [
      'BIÊN BẢN BÀN GIAO',
      'Nguyễn Thị Hoà',
      'Hộ cận nghèo',
      'SN-0001',
      'Số: <b>000042/2026/BB-BG</b>',
      'Con rể của chủ hộ',
      'XÁC NHẬN CỦA UBND PHƯỜNG DỮU LÂU',
      'HD-01',
      'Lê Văn Cường',
      'ĐẠI DIỆN BÊN NHẬN',
      'chưa thu được tín hiệu',
      'lang="vi"',
      '<th>Kiểu máy</th>',
      'tra lại theo số biên bản trong danh sách lắp đặt của đợt 25-D1-001',
    ]) {
      expect(html).to.include(s);
    }
    // No code where a person reads: the paper's reference is its number, not a database id.
    expect(html).not.to.match(/[0-9a-f]{24}|Model/);
  });

  it('when the address already names the village, then the place names it once, and the committee heads the paper by its unit', () => {
    const html = renderHandoverPage({ ...facts, address: 'Số 12, ngõ 3, Khu 3' });

    expect(html).to.include('tại Số 12, ngõ 3, Khu 3, Phường Dữu Lâu, Tỉnh Phú Thọ, chúng tôi gồm');
    expect(html).to.include('<b>UBND PHƯỜNG DỮU LÂU</b>');
    expect(html).not.to.match(/UBND XÃ Phường|xã Phường/i);
  });

  for (const [name, authority] of [
    ['Phường Dữu Lâu', 'UBND PHƯỜNG DỮU LÂU'],
    ['Xã Sơn Vi', 'UBND XÃ SƠN VI'],
    ['Thị trấn Hùng Sơn', 'UBND THỊ TRẤN HÙNG SƠN'],
    ['Đặc khu Côn Đảo', 'UBND ĐẶC KHU CÔN ĐẢO'],
    ['Hiền Lương', 'UBND XÃ HIỀN LƯƠNG'],
  ])
    it(`when the commune is "${name}", then its committee is "${authority}"`, () => {
      expect(communeAuthority(name)).to.equal(authority);
    });

  for (const [address, village, place] of [
    ['Số 12', 'Khu 3', ['Số 12', 'Khu 3']],
    ['Số 12, Thôn Đồng Sơn', 'Thôn Đồng Sơn', ['Số 12, Thôn Đồng Sơn']],
    ['so 12, thon dong son', 'Thôn Đồng Sơn', ['so 12, thon dong son']],
    ['Số 5, Khu 12', 'Khu 1', ['Số 5, Khu 12', 'Khu 1']],
    ['Số 7, Thôn 10', 'Thôn 1', ['Số 7, Thôn 10', 'Thôn 1']],
    ['Số 12 Thôn Đồng Sơn', 'Thôn Đồng Sơn', ['Số 12 Thôn Đồng Sơn', 'Thôn Đồng Sơn']],
    [null, 'Khu 3', ['Khu 3']],
    ['Số 12', null, ['Số 12']],
    ['  ', '', []],
  ] as const)
    it(`when the address is ${JSON.stringify(address)} and the village ${JSON.stringify(village)}, then the place is ${JSON.stringify(place)}`, () => {
      expect(placeOf(address, village)).to.deep.equal(place);
    });

  it('when a blank form is for one commune, then it names its committee; for several, a line and the choices', () => {
    expect(blankPlace(['Phường Dữu Lâu'])).to.deep.equal({
      authority: 'UBND PHƯỜNG DỮU LÂU',
      communes: 'Phường Dữu Lâu',
    });
    expect(blankPlace(['Phường Dữu Lâu', 'Xã Sơn Vi'])).to.deep.equal({
      authority: null,
      communes: 'xã/phường (Phường Dữu Lâu / Xã Sơn Vi)',
    });
  });

  it('when no person did the work (the system recorded it), then the paper leaves a line for the name', () => {
    const html = renderHandoverPage({ ...facts, installerName: null });

    expect(html).to.match(/người thực hiện: <span class="fill"><\/span>, thợ lắp đặt của đợt 25-D1-001/);
    expect(html).not.to.include('null');
  });

  it('when a name holds markup, then it is escaped', () => {
    expect(renderHandoverPage({ ...facts, headName: '<script>x</script>' })).not.to.include('<script>');
    expect(escapeHtml(`a&b<c>"d"'e'`)).to.equal('a&amp;b&lt;c&gt;&quot;d&quot;&#39;e&#39;');
  });

  it('when the handover was at 17:30 UTC, then the page shows the next day 00:30 Vietnam time', () => {
    expect(vietnameseDateTime(new Date('2026-03-04T17:30:00Z'))).to.equal('ngày 05 tháng 3 năm 2026, 00:30');
  });
});
