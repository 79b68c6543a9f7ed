import { expect } from 'chai';
import { Types } from 'mongoose';
import {
  forgetHousehold,
  idText,
  keysOf,
  knownWithNationalId,
  noKnownHouseholds,
  possibleDuplicatesOf,
  rememberHousehold,
} from '../../../src/households/import-known';

const household = (
  name: string,
  nationalId: string,
  phone: string | null = null,
  village = 'Thôn Đồng Sơn',
) => keysOf({ village, head: { fullName: name, nationalId }, phone });

describe('import known households', () => {
  it('when a household is remembered, then it is found by national ID with its row', () => {
    const k = noKnownHouseholds();

    rememberHousehold(k, { householdId: 'a', row: 5 }, household('Nguyễn Thị Hoà', '025185000001'));

    expect(knownWithNationalId(k, '025185000001')).to.deep.equal({ householdId: 'a', row: 5 });
    expect(knownWithNationalId(k, '025185000002')).to.equal(undefined);
  });

  it('when a household is in the database, then its row is null', () => {
    const k = noKnownHouseholds();

    rememberHousehold(k, { householdId: 'a', row: null }, household('Nguyễn Thị Hoà', '025185000001'));

    expect(knownWithNationalId(k, '025185000001')).to.deep.equal({ householdId: 'a', row: null });
  });

  it('when names match with other diacritics or tone placement in the same village, then they are possible duplicates', () => {
    const k = noKnownHouseholds();
    rememberHousehold(k, { householdId: 'a', row: 2 }, household('Nguyễn Thị Hoà', '1', '0912345678'));
    rememberHousehold(k, { householdId: 'b', row: 3 }, household('Nguyễn Thị Hòa', '2', null, 'Khu 3'));
    rememberHousehold(k, { householdId: 'c', row: 4 }, household('Lê Văn Bình', '3', '0912345679'));

    const found = possibleDuplicatesOf(k, household('NGUYEN THI HOA', '4', '0912345679'));

    expect(found).to.deep.equal([
      { householdId: 'a', row: 2, grounds: 'name_village' },
      { householdId: 'c', row: 4, grounds: 'phone' },
    ]);
  });

  it('when a household matches on both name and phone, then it is listed once, for the name', () => {
    const k = noKnownHouseholds();
    rememberHousehold(k, { householdId: 'a', row: 2 }, household('Nguyễn Thị Hoà', '1', '0912345678'));

    const found = possibleDuplicatesOf(k, household('Nguyễn Thị Hoà', '2', '0912345678'));

    expect(found).to.deep.equal([{ householdId: 'a', row: 2, grounds: 'name_village' }]);
  });

  it('when more than ten households share a name, then ten are flagged, as registration does', () => {
    const k = noKnownHouseholds();
    for (let i = 0; i < 12; i++)
      rememberHousehold(k, { householdId: `h${i}`, row: i + 2 }, household('Lò Văn Páo', String(i)));

    const found = possibleDuplicatesOf(k, household('Lò Văn Páo', '99'));

    expect(found).to.have.length(10);
  });

  it('when a household is forgotten, then it is neither found nor flagged any more', () => {
    const k = noKnownHouseholds();
    rememberHousehold(k, { householdId: 'a', row: 2 }, household('Nguyễn Thị Hoà', '1', '0912345678'));
    rememberHousehold(k, { householdId: 'b', row: 3 }, household('Nguyễn Thị Hoà', '2', '0912345678'));

    forgetHousehold(k, 'a', household('Nguyễn Thị Hoà', '1', '0912345678'));

    expect(knownWithNationalId(k, '1')).to.equal(undefined);
    expect(possibleDuplicatesOf(k, household('Nguyễn Thị Hoà', '3', '0912345678'))).to.deep.equal([
      { householdId: 'b', row: 3, grounds: 'name_village' },
    ]);
  });

  it('when another household holds the national ID, then forgetting by the first id changes nothing', () => {
    const k = noKnownHouseholds();
    rememberHousehold(k, { householdId: 'a', row: null }, household('Nguyễn Thị Hoà', '1'));

    forgetHousehold(k, 'x', household('Nguyễn Thị Hoà', '1'));

    expect(knownWithNationalId(k, '1')).to.deep.equal({ householdId: 'a', row: null });
  });

  it('when an id is written as text, then it is its 24-digit hex form', () => {
    const id = new Types.ObjectId();

    expect(idText(id)).to.equal(id.toHexString());
  });
});
