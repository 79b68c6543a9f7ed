import type { Batch } from '../../../src/batches/shapes';
import { NetworkError } from '../shared/api';
import { session } from '../shared/session';
import { createStore } from '../shared/store';
import {
  addToOutbox,
  claimDevice,
  deviceOutbox,
  readMeta,
  readPacks,
  replaceDelivery,
  savePacks,
  wipeDevice,
  writeMeta,
} from './device-store';
import { installerApi } from './installer-api';
import { drainOutbox, localChangeOf, type OutboxItem } from './outbox';
import type { LocalChange, OfflinePack, PackDelivery } from './pack';

// Keeps the device and the server in step for the signed-in installer: the packs of their batches
// (refreshed whenever the network is there), the outbox (sent on start, on `online`, on "Gửi ngay"),
// and what the status bar shows: online or not, items waiting, refusals, the last successful sync.

export interface SyncState {
  online: boolean;
  sending: boolean;
  waiting: number;
  refused: OutboxItem[];
  changes: LocalChange[];
  packs: OfflinePack[];
  lastSync: string | null;
  /** The device could not be read (private mode, storage full): the app works online only. */
  storageError: boolean;
  ready: boolean;
}

export const sync = createStore<SyncState>({
  online: navigator.onLine,
  sending: false,
  waiting: 0,
  refused: [],
  changes: [],
  packs: [],
  lastSync: null,
  storageError: false,
  ready: false,
});

const patch = (p: Partial<SyncState>) => sync.set({ ...sync.get(), ...p });

async function refreshFromDevice(): Promise<void> {
  const [items, packs, lastSync] = await Promise.all([
    deviceOutbox.items(),
    readPacks(),
    readMeta('lastSync'),
  ]);
  patch({
    waiting: items.filter((i) => !i.refusal).length,
    refused: items.filter((i) => i.refusal),
    changes: items.map(localChangeOf),
    packs,
    lastSync: lastSync ?? null,
    ready: true,
  });
}

function deliver(item: OutboxItem): Promise<unknown> {
  if (item.kind === 'confirm') return installerApi.confirm(item.deliveryId, item.body, item.key);
  if (item.kind === 'fail') return installerApi.fail(item.deliveryId, item.body, item.key);
  return installerApi.photo(item.deliveryId, item.photo, item.key);
}

// Which signed-in stretch a sync run belongs to: a sign-out starts a new one, and a run still in
// flight from before writes nothing more to the device (nor into the next user's).
let epoch = 0;

async function afterSent(item: OutboxItem, answer: unknown): Promise<void> {
  if (item.kind !== 'photo' && answer && typeof answer === 'object')
    await replaceDelivery(item.batchId, answer as PackDelivery);
  await refreshFromDevice();
}

async function refreshPacks(mine: number): Promise<void> {
  const batches = await installerApi.myBatches();
  const packs = await Promise.all(batches.items.map((b: Batch) => installerApi.offlinePack(b)));
  if (mine !== epoch) return; // signed out meanwhile: these packs are not for this device any more
  await savePacks(packs);
}

let running: Promise<void> | null = null;
/**
 * Asked for while a run was going: one more run once it ends. Why: the network came back (`online`)
 * while a run begun before the drop was still waiting on a request the drop had cut; that run then
 * stopped at the item to retry, and nothing sent the outbox again until "Gửi ngay" (seen in a CI run:
 * 200 items left waiting for five minutes with the phone online). Only while something waits: a
 * second "Gửi ngay" needs no second round of packs over a weak connection.
 */
let again = false;

/** Sends the outbox, then (if nothing is left to retry) takes fresh packs. One run at a time. */
export function syncNow(): Promise<void> {
  const mine = epoch;
  if (running) {
    again = true;
    return running;
  }
  running = (async () => {
    patch({ sending: true });
    try {
      const result = await drainOutbox(deviceOutbox, deliver, (item, answer) =>
        mine === epoch ? afterSent(item, answer) : Promise.resolve(),
      );
      if (!result.stopped && mine === epoch) {
        await refreshPacks(mine);
        if (mine === epoch) await writeMeta('lastSync', new Date().toISOString());
        // What the device says now, not "true": a run that ends after the connection dropped (its last
        // answers from the service worker's cache) must not show a lost network as online.
        patch({ online: navigator.onLine });
      }
    } catch (err) {
      if (!(err instanceof NetworkError) && mine === epoch) throw err;
    } finally {
      if (mine === epoch) {
        await refreshFromDevice().catch(() => undefined);
        patch({ sending: false });
        running = null;
        const more = again && navigator.onLine && sync.get().waiting > 0;
        again = false;
        if (more) void syncNow().catch(() => undefined);
      }
    }
  })();
  return running;
}

/** A confirmation, failure or photo captured now: on the device first, then sent when possible. */
export async function capture(item: OutboxItem): Promise<void> {
  await addToOutbox(item);
  await refreshFromDevice();
  if (navigator.onLine) void syncNow().catch(() => undefined);
}

export async function dismissRefusal(item: OutboxItem): Promise<void> {
  if (item.seq !== undefined) await deviceOutbox.remove(item.seq);
  await refreshFromDevice();
}

let started = false;

/** On entering the installer's workspace: the device is theirs, then a first sync if online. */
export async function startSync(userId: string): Promise<void> {
  // Listen before the device store opens: a connection lost meanwhile must still show.
  if (!started) {
    started = true;
    window.addEventListener('online', () => {
      patch({ online: true });
      void syncNow().catch(() => undefined);
    });
    window.addEventListener('offline', () => patch({ online: false }));
  }
  patch({ online: navigator.onLine });
  try {
    await claimDevice(userId);
    await refreshFromDevice();
  } catch {
    patch({ storageError: true, ready: true });
    return;
  }
  void navigator.storage?.persist?.().catch(() => false);
  if (navigator.onLine) await syncNow().catch(() => undefined);
}

// A sign-out (not an expired session, whose outbox waits for the same user) leaves nothing behind.
session.subscribe((s) => {
  if (s.status === 'signedOut' && s.notice === 'signedOut') {
    epoch++;
    running = null;
    again = false;
    sync.set({
      ...sync.get(),
      waiting: 0,
      refused: [],
      changes: [],
      packs: [],
      lastSync: null,
      sending: false,
      ready: false,
    });
    void wipeDevice();
  }
});
