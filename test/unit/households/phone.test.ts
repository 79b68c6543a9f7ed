import { expect } from 'chai';
import { maskNationalId, NATIONAL_ID, normalizePhone } from '../../../src/households/phone';

describe('normalizePhone', () => {
  const cases: [string, string, string | null][] = [
    ['international form with spaces', '+84 912 345 678', '0912345678'],
    ['dotted local form', '0912.345.678', '0912345678'],
    ['country code without plus', '84912345678', '0912345678'],
    ['dashes and parentheses', '(091) 234-5678', '0912345678'],
    ['already stored form', '0912345678', '0912345678'],
    ['a 03x Viettel number', '0362 123 456', '0362123456'],
    ['a 05x number', '+84 56 123 4567', '0561234567'],
    ['a 07x number', '0701234567', '0701234567'],
    ['a 08x number with country code', '84834567890', '0834567890'],
    ['a local 084 number (not a country code)', '0841234567', '0841234567'],
    ['too short', '0123', null],
    ['a landline (Phú Thọ, 0210)', '02103845678', '02103845678'],
    ['a landline written in groups', '0210 3845 678', '02103845678'],
    ['a Hà Nội landline (024)', '024.3825.1234', '02438251234'],
    ['a ten-digit landline', '0271 384 567', '0271384567'],
    ['a landline with country code', '+84 210 384 5678', '02103845678'],
    ['a landline with country code without plus', '842103845678', '02103845678'],
    ['a landline one digit short', '021038456', null],
    ['a landline one digit too many', '021038456789', null],
    ['a number starting 01 (neither mobile nor landline)', '0110384567', null],
    ['an old 11-digit mobile', '01691234567', null],
    ['one digit too many', '09123456789', null],
    ['one digit too few', '091234567', null],
    ['letters', '09123abc78', null],
    ['empty', '', null],
  ];
  for (const [name, raw, expected] of cases) {
    it(`when given ${name} ("${raw}"), then it answers ${expected === null ? 'null' : `"${expected}"`}`, () => {
      const phone = normalizePhone(raw);

      expect(phone).to.equal(expected);
    });
  }
});

describe('NATIONAL_ID', () => {
  const cases: [string, boolean][] = [
    ['025123456789', true],
    ['123456789', true],
    ['02512345678', false],
    ['0251234567890', false],
    ['12345678', false],
    ['02512345678a', false],
    ['', false],
  ];
  for (const [id, valid] of cases) {
    it(`when given "${id}", then it is ${valid ? 'a valid CCCD/CMND' : 'refused'}`, () => {
      const ok = NATIONAL_ID.test(id);

      expect(ok).to.equal(valid);
    });
  }
});

describe('maskNationalId', () => {
  const cases: [string, string][] = [
    ['025123456789', '********6789'],
    ['123456789', '*****6789'],
    ['6789', '6789'],
    ['789', '789'],
  ];
  for (const [id, masked] of cases) {
    it(`when given "${id}", then only the last four digits show: "${masked}"`, () => {
      const result = maskNationalId(id);

      expect(result).to.equal(masked);
    });
  }
});
