import type { Page } from 'playwright-core';
import { addHouseholds, allocateToBatch } from '../../src/batches/assignment';
import { DeliveryModel } from '../../src/batches/delivery-model';
import { createBatch, startBatch } from '../../src/batches/service';
import { approveHousehold } from '../../src/households/review';
import { registerReceivers } from '../../src/receivers/service';
import { SYSTEM_ACTOR } from '../../src/users/roles';
import { givenStock } from './batches';
import { signInAs } from './browser';
import { givenAreas, givenHousehold, givenUser, type GivenUser } from './factories';

// The installer's day for the browser tests (test/browser/installer*.test.ts): a started batch of
// province 25 with four households of Phường Dữu Lâu and five receivers, and the steps on the phone.

export const HOUSEHOLDS = [
  {
    fullName: 'Nguyễn Văn An',
    village: 'Thôn Đồng Sơn',
    address: 'Số 12, ngõ 3, Thôn Đồng Sơn',
    phone: '0912345601',
  },
  { fullName: 'Trần Thị Bình', village: 'Thôn Đồng Sơn', address: 'Số 5, Thôn Đồng Sơn', phone: null },
  { fullName: 'Lê Văn Cường', village: 'Khu 4', address: 'Tổ 2, Khu 4', phone: '0912345603' },
  { fullName: 'Phạm Thị Dung', village: 'Khu 4', address: 'Tổ 7, Khu 4', phone: null },
];

export interface Seeded {
  installer: GivenUser;
  batchId: string;
  serials: string[];
  deliveryOf: (name: string) => Promise<string>;
}

/** `fixedSerials`: receivers with known serials (a barcode made before the browser starts), allocated too. */
export async function givenInstallerDay(fixedSerials: string[] = []): Promise<Seeded> {
  await givenAreas();
  const installer = await givenUser('installer', '25', { login: false });
  const batch = await createBatch(
    {
      provinceCode: '25',
      name: 'Đợt 1 – Việt Trì',
      phase: 1,
      communeCodes: ['07888'],
      receiverType: 'dvb-t2',
      installerIds: [installer.id],
    },
    SYSTEM_ACTOR,
  );
  const serials = await givenStock('25', 5);
  if (fixedSerials.length) {
    const receivers = fixedSerials.map((serial) => ({
      serial,
      type: 'dvb-t2' as const,
      model: 'DVB-T2 HD-01',
      lot: 'L1',
    }));
    await registerReceivers({ provinceCode: '25', receivers }, SYSTEM_ACTOR);
  }
  await allocateToBatch(batch.id, { serials: [...serials, ...fixedSerials] }, SYSTEM_ACTOR);
  const ids: string[] = [];
  for (const h of HOUSEHOLDS) {
    const made = await givenHousehold('07888', {
      village: h.village,
      address: h.address,
      phone: h.phone,
      head: { fullName: h.fullName },
    });
    ids.push((await approveHousehold(made.id, {}, SYSTEM_ACTOR)).id);
  }
  await addHouseholds(batch.id, { householdIds: ids }, SYSTEM_ACTOR);
  await startBatch(batch.id, SYSTEM_ACTOR);
  const deliveryOf = async (name: string) => {
    const d = await DeliveryModel.findOne({ batchId: batch.id, 'household.fullName': name }).lean();
    if (!d) throw new Error(`no delivery for ${name}`);
    return String(d._id);
  };
  return { installer, batchId: batch.id, serials, deliveryOf };
}

export async function openWorklist(page: Page, who: GivenUser): Promise<void> {
  await signInAs(page, who.username, who.password);
  await page.getByRole('heading', { name: 'Đợt lắp đặt của tôi' }).waitFor();
  await page.getByRole('link', { name: /Đợt 1 – Việt Trì/ }).click();
  await page.getByRole('heading', { name: /Phường Dữu Lâu/ }).waitFor();
}

export async function confirmOnPhone(page: Page, name: string, serial: string): Promise<void> {
  await page.getByRole('link', { name: new RegExp(name) }).click();
  await page.getByRole('button', { name: 'Xác nhận bàn giao' }).click();
  await page.getByLabel('Số sê-ri đầu thu').fill(serial);
  await page.getByText('Có', { exact: true }).click();
  await page.getByRole('button', { name: 'Lưu xác nhận' }).click();
  await page
    .getByText(/Đã bàn giao/)
    .first()
    .waitFor();
  await page.getByRole('link', { name: /Về danh sách/ }).click();
}
