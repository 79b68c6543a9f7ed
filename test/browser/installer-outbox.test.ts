import { expect } from 'chai';
import { AuditModel } from '../../src/audit/model';
import { addHouseholds, allocateToBatch } from '../../src/batches/assignment';
import { DeliveryModel } from '../../src/batches/delivery-model';
import { createBatch, startBatch } from '../../src/batches/service';
import { SYSTEM_ACTOR } from '../../src/users/roles';
import { givenApprovedHouseholds, givenStock } from '../support/batches';
import { signInAs, useBrowserApp } from '../support/browser';
import { givenAreas, givenUser } from '../support/factories';

// Issue 12, "Done means": the outbox with 200 items queued offline (150 confirmations, 50 temporary
// failures) drains when the network returns, also when the connection drops once mid-way (answers
// lost, items sent again with their Idempotency-Key), and every one arrives exactly once: one
// delivery per serial, one audit entry per item. The drain time is printed.

const N = 200;
const CONFIRMS = 150;

describe('browser: installer outbox with 200 items', function () {
  this.timeout(600_000);
  const app = useBrowserApp();

  it('when 200 items queued offline are sent, then each arrives exactly once, a dropped connection mid-way included', async () => {
    await givenAreas();
    const installer = await givenUser('installer', '25', { login: false });
    const batch = await createBatch(
      {
        provinceCode: '25',
        name: 'Đợt 200 – Việt Trì',
        phase: 1,
        communeCodes: ['07888'],
        receiverType: 'dvb-t2',
        installerIds: [installer.id],
      },
      SYSTEM_ACTOR,
    );
    const serials = await givenStock('25', N);
    await allocateToBatch(batch.id, { serials }, SYSTEM_ACTOR);
    const households = await givenApprovedHouseholds('07888', N);
    await addHouseholds(batch.id, { householdIds: households.map((h) => h.id) }, SYSTEM_ACTOR);
    await startBatch(batch.id, SYSTEM_ACTOR);
    const deliveries = await DeliveryModel.find({ batchId: batch.id }, { _id: 1, household: 1 }).lean();
    expect(deliveries).to.have.length(N);

    const { context, page } = await app.open(360, 780);
    await signInAs(page, installer.username, installer.password);
    await page.getByRole('link', { name: /Đợt 200/ }).click();
    await page.locator('.wl-item').first().waitFor();
    await page.waitForFunction('navigator.serviceWorker.controller !== null');
    await context.setOffline(true);
    await page.getByText(/Mất mạng/).waitFor();

    // The items as the confirm and fail forms put them in the outbox (device-store.ts), written at once.
    const now = new Date().toISOString();
    const items = deliveries.map((d, i) => {
      const base = {
        key: `dtv-bench-${batch.id}-${i}`,
        deliveryId: String(d._id),
        batchId: batch.id,
        householdName: d.household.fullName,
        capturedAt: now,
      };
      return i < CONFIRMS
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
