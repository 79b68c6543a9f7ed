import { expect } from 'chai';
import type { Page } from 'playwright-core';
import { AuditModel } from '../../src/audit/model';
import { addHouseholds, allocateToBatch } from '../../src/batches/assignment';
import { DeliveryModel } from '../../src/batches/delivery-model';
import { createBatch, startBatch } from '../../src/batches/service';
import { SYSTEM_ACTOR } from '../../src/users/roles';
import { givenApprovedHouseholds, givenStock } from '../support/batches';
import { signInAs, useBrowserApp, waitInPage } from '../support/browser';
import { givenAreas, givenUser } from '../support/factories';

// Issue 12, "Done means": the outbox with 200 items queued offline (150 confirmations, 50 temporary
// failures) drains when the network returns, also when the connection drops once mid-way (answers
// lost, items sent again with their Idempotency-Key), and every one arrives exactly once: one
// delivery per serial, one audit entry per item. The drain time is printed.

const N = 200;
const CONFIRMS = 150;

describe('browser: installer outbox', function () {
  this.timeout(600_000);
  const app = useBrowserApp();

  it('when 200 items queued offline are sent, then each arrives exactly once, a dropped connection mid-way included', async () => {
    const { batch, deliveries, serials, context, page } = await offlineBatch(N, app);
    await putInOutbox(page, outboxItems(batch.id, deliveries, serials, CONFIRMS));
    await page.reload();
    await page.getByText(`${N} mục chờ gửi`).waitFor();

    const started = Date.now();
    await context.setOffline(false);
    // The connection drops once while sending: whatever was in flight is sent again with its key.
    await page.getByText(/^1\d\d mục chờ gửi$/).waitFor({ timeout: 300_000 });
    await context.setOffline(true);
    await page.getByText(/Mất mạng/).waitFor();
    await context.setOffline(false);
    await page.getByText('Đã gửi hết').waitFor({ timeout: 300_000 });
    const seconds = (Date.now() - started) / 1000;
    process.stdout.write(
      `\n      outbox of ${N} items drained in ${seconds.toFixed(1)} s (one drop mid-way)\n`,
    );

    const after = await DeliveryModel.find({ batchId: batch.id }).lean();
    const delivered = after.filter((d) => d.status === 'delivered');
    expect(delivered).to.have.length(CONFIRMS);
    expect(new Set(delivered.map((d) => d.serial)).size).to.equal(CONFIRMS);
    expect(new Set(delivered.map((d) => d.handoverNumber)).size).to.equal(CONFIRMS);
    const revisits = after.filter((d) => d.status === 'pending');
    expect(revisits).to.have.length(N - CONFIRMS);
    for (const d of revisits) expect(d.attempts).to.have.length(1);
    expect(await AuditModel.countDocuments({ action: 'delivery.confirmed' })).to.equal(CONFIRMS);
    expect(await AuditModel.countDocuments({ action: 'delivery.failed' })).to.equal(N - CONFIRMS);
    await page.getByText('Đã gửi hết').waitFor();
  });

  it('when the network returns while a run begun before the drop still waits on its cut request, then the outbox is sent again', async () => {
    const { batch, deliveries, serials, context, page } = await offlineBatch(3, app);
    await putInOutbox(page, outboxItems(batch.id, deliveries, serials, 3));
    await page.reload();
    await page.getByText('3 mục chờ gửi').waitFor();

    // The first confirmation hangs (a weak signal), the later ones go through.
    let release: (() => Promise<void>) | null = null;
    const held = new Promise<void>((resolve) => {
      void context.route('**/api/v1/deliveries/*/confirm', async (route) => {
        if (release) return route.continue();
        release = () => route.abort('internetdisconnected');
        resolve();
      });
    });
    await context.setOffline(false);
    await held;
    await context.setOffline(true);
    await page.getByText(/Mất mạng/).waitFor();
    await context.setOffline(false); // back while the first run still waits on its request
    await (release as unknown as () => Promise<void>)();

    await page.getByText('Đã gửi hết').waitFor({ timeout: 30_000 });
    const delivered = await DeliveryModel.countDocuments({ batchId: batch.id, status: 'delivered' });
    expect(delivered).to.equal(3);
    expect(await AuditModel.countDocuments({ action: 'delivery.confirmed' })).to.equal(3);
  });
});

/** The few IndexedDB calls the page function uses (the tests compile without the DOM types). */
interface IDBFactoryLike {
  open(name: string): {
    result: {
      transaction(
        store: string,
        mode: string,
      ): {
        objectStore(name: string): { add(v: unknown): void };
        oncomplete: (() => void) | null;
        onerror: (() => void) | null;
      };
      close(): void;
    };
    onsuccess: (() => void) | null;
    onerror: (() => void) | null;
  };
}

/** A started batch of `n` households for an installer signed in at 360 px, the phone gone offline. */
async function offlineBatch(n: number, app: ReturnType<typeof useBrowserApp>) {
  await givenAreas();
  const installer = await givenUser('installer', '25', { login: false });
  const batch = await createBatch(
    {
      provinceCode: '25',
      name: `Đợt ${n} – Việt Trì`,
      phase: 1,
      communeCodes: ['07888'],
      receiverType: 'dvb-t2',
      installerIds: [installer.id],
    },
    SYSTEM_ACTOR,
  );
  const serials = await givenStock('25', n);
  await allocateToBatch(batch.id, { serials }, SYSTEM_ACTOR);
  const households = await givenApprovedHouseholds('07888', n);
  await addHouseholds(batch.id, { householdIds: households.map((h) => h.id) }, SYSTEM_ACTOR);
  await startBatch(batch.id, SYSTEM_ACTOR);
  const deliveries = await DeliveryModel.find({ batchId: batch.id }, { _id: 1, household: 1 }).lean();
  expect(deliveries).to.have.length(n);

  const { context, page } = await app.open(360, 780);
  await signInAs(page, installer.username, installer.password);
  await page.getByRole('link', { name: new RegExp(`Đợt ${n} `) }).click();
  await page.locator('.wl-item').first().waitFor();
  await waitInPage(page, 'navigator.serviceWorker.controller !== null');
  await context.setOffline(true);
  await page.getByText(/Mất mạng/).waitFor();
  return { batch, deliveries, serials, context, page };
}

/** The items as the confirm and fail forms put them in the outbox (device-store.ts): `confirms` first. */
function outboxItems(
  batchId: string,
  deliveries: { _id: unknown; household: { fullName: string } }[],
  serials: string[],
  confirms: number,
) {
  const now = new Date().toISOString();
  return deliveries.map((d, i) => {
    const base = {
      key: `dtv-bench-${batchId}-${i}`,
      deliveryId: String(d._id),
      batchId: batchId,
      householdName: d.household.fullName,
      capturedAt: now,
    };
    return i < confirms
      ? {
          ...base,
          kind: 'confirm',
          body: {
            serial: serials[i],
            recipientName: d.household.fullName,
            recipientIdLast4: '0000',
            recipientRelation: 'Con',
            deliveredAt: now,
            capturedAt: now,
            signalReceived: true,
            location: null,
            notes: null,
          },
        }
      : {
          ...base,
          kind: 'fail',
          temporary: true,
          body: { reason: 'absent', notes: null, capturedAt: now },
        };
  });
}

/** Writes the items into the device's outbox at once, as the page would have over a day offline. */
async function putInOutbox(page: Page, items: unknown[]): Promise<void> {
  await page.evaluate(async (list) => {
    const idb = (globalThis as unknown as { indexedDB: IDBFactoryLike }).indexedDB;
    await new Promise<void>((resolve, reject) => {
      const open = idb.open('dtv-installer');
      open.onerror = () => reject(new Error('open'));
      open.onsuccess = () => {
        const tx = open.result.transaction('outbox', 'readwrite');
        for (const item of list) tx.objectStore('outbox').add(item);
        tx.oncomplete = () => {
          open.result.close();
          resolve();
        };
        tx.onerror = () => reject(new Error('write'));
      };
    });
  }, items);
}
