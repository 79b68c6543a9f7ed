import { expect } from 'chai';
import { checkReceiverFields, normalizeSerial, receiverTypeOf } from '../../../src/receivers/receiver-fields';
import { resolveReceiverHeader, receiverRowOf } from '../../../src/receivers/import-columns';

describe('receiver fields', () => {
  it('when a serial has spaces around it and lower case letters, then it is trimmed and upper-cased', () => {
    expect(normalizeSerial('  vtc-t201-0001 ')).to.equal('VTC-T201-0001');
  });

  const serials: [string, boolean][] = [
    ['ABCD', true],
    ['abc-123', true],
    ['ABC', false],
    ['A'.repeat(40), true],
    ['A'.repeat(41), false],
    ['ABC 123', false],
    ['ABC_123', false],
    ['ĐẦU-123', false],
    ['', false],
  ];
  for (const [serial, ok] of serials) {
    it(`when the serial is "${serial}", then it is ${ok ? 'accepted' : 'rejected on the serial field'}`, () => {
      const checked = checkReceiverFields({ serial, type: 'dvb-t2' });

      if (ok) expect(checked).to.have.property('fields');
      else expect(checked).to.have.nested.property('problem.field', 'serial');
    });
  }

  const types: [string, string | null][] = [
    ['dvb-t2', 'dvb-t2'],
    ['DVB-T2', 'dvb-t2'],
    ['DVB T2', 'dvb-t2'],
    ['Mặt đất', 'dvb-t2'],
    ['satellite', 'satellite'],
    ['Vệ tinh', 'satellite'],
    ['ve tinh', 'satellite'],
    ['DTH', 'satellite'],
    ['cable', null],
    ['', null],
  ];
  for (const [raw, type] of types) {
    it(`when the type is "${raw}", then it reads as ${type ?? 'unknown'}`, () => {
      expect(receiverTypeOf(raw)).to.equal(type);
    });
  }

  it("when the type is not the programme's, then the clerk is told in words what to write, no code", () => {
    const checked = checkReceiverFields({ serial: 'ABCD', type: 'truyền hình cáp' });

    expect(checked).to.have.nested.property('problem.field', 'type');
    const reason = (checked as { problem: { reason: { vi: string } } }).problem.reason.vi;
    expect(reason).to.include('"truyền hình cáp"').and.include('"Mặt đất"').and.include('"Vệ tinh"');
    expect(reason).not.to.match(/satellite|dvb-t2 /);
    expect(receiverTypeOf('Mặt đất')).to.equal('dvb-t2');
  });

  it('when optional texts are blank or long, then blanks become null and a long one is a problem on its field', () => {
    const blank = checkReceiverFields({ serial: 'ABCD', type: 'dvb-t2', model: ' ', supplier: null });
    const long = checkReceiverFields({ serial: 'ABCD', type: 'dvb-t2', lot: 'x'.repeat(101) });

    expect(blank).to.deep.equal({
      fields: { serial: 'ABCD', type: 'dvb-t2', model: null, supplier: null, lot: null },
    });
    expect(long).to.have.nested.property('problem.field', 'lot');
  });

  it('when a header row is in Vietnamese without diacritics, then each column is found and others are ignored', () => {
    const header = resolveReceiverHeader(['STT', 'So serial', 'LOAI', 'Nha cung cap', 'Lô hàng', 'Model']);

    expect(header?.missing).to.deep.equal([]);
    expect(header?.ignored).to.deep.equal(['STT']);
    expect(receiverRowOf(header!, [1, ' abc-1 ', 'Vệ tinh', 'VTC', 'L7', 12])).to.deep.equal({
      serial: 'abc-1',
      type: 'Vệ tinh',
      supplier: 'VTC',
      lot: 'L7',
      model: '12',
    });
  });

  it('when a row names no serial and fewer than two known columns, then it is not a header', () => {
    expect(resolveReceiverHeader(['Danh sách đầu thu đợt 1'])).to.equal(null);
    expect(resolveReceiverHeader(['Model', 'Ghi chú'])).to.equal(null);
  });

  it('when a header lacks the type column, then type is listed as missing', () => {
    expect(resolveReceiverHeader(['serial', 'lot'])?.missing).to.deep.equal(['type']);
  });
});
