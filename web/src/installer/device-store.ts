import { deleteDB, openDB, type DBSchema, type IDBPDatabase } from 'idb';
import type { OutboxItem, OutboxStore } from './outbox';
import type { OfflinePack, PackDelivery } from './pack';

// The installer's data on the device, in IndexedDB (through idb): the offline packs of their
// in-progress batches, the outbox, and who they belong to. One database for one user: another user
// signing in on the same phone, or a sign-out, wipes it (README "Offline": a shared phone).

interface DeviceDb extends DBSchema {
  packs: { key: string; value: OfflinePack };
  outbox: { key: number; value: OutboxItem };
  meta: { key: string; value: string };
}

const NAME = 'dtv-installer';
let opened: Promise<IDBPDatabase<DeviceDb>> | null = null;
// From a sign-out until the next user claims the device, nothing opens the database: a sync still
// in flight at the sign-out reopened it to store its answer, and the signed-out installer's packs
// were back on the phone (seen in CI's browser test of a sign-out).
let signedOut = false;

function db(): Promise<IDBPDatabase<DeviceDb>> {
  if (signedOut) return Promise.reject(new Error('signed out: the device keeps nothing'));
  opened ??= openDB<DeviceDb>(NAME, 1, {
    upgrade(d) {
      d.createObjectStore('packs', { keyPath: 'batch.id' });
      d.createObjectStore('outbox', { keyPath: 'seq', autoIncrement: true });
      d.createObjectStore('meta');
    },
    // Another tab upgrading or deleting the database: let go, the next call reopens it.
    blocking() {
      void opened?.then((d) => d.close());
      opened = null;
    },
    terminated() {
      opened = null;
    },
  });
  return opened;
}

/** Makes the device the user's: another user's packs and outbox are removed first. */
export async function claimDevice(userId: string): Promise<void> {
  signedOut = false;
  const d = await db();
  const owner = await d.get('meta', 'owner');
  if (owner === userId) return;
  const tx = d.transaction(['packs', 'outbox', 'meta'], 'readwrite');
  await Promise.all([
    tx.objectStore('packs').clear(),
    tx.objectStore('outbox').clear(),
    tx.objectStore('meta').clear(),
  ]);
  await tx.objectStore('meta').put(userId, 'owner');
  await tx.done;
}

/** Sign-out: nothing of the user stays on the device. */
export async function wipeDevice(): Promise<void> {
  signedOut = true;
  const d = await opened?.catch(() => null);
  d?.close();
  opened = null;
  await deleteDB(NAME);
}

export async function readPacks(): Promise<OfflinePack[]> {
  return (await db()).getAll('packs');
}

export async function readPack(batchId: string): Promise<OfflinePack | undefined> {
  return (await db()).get('packs', batchId);
}

/** The packs of the batches still in progress; the others leave the device. */
export async function savePacks(packs: OfflinePack[]): Promise<void> {
  const d = await db();
  const tx = d.transaction('packs', 'readwrite');
  const keep = new Set(packs.map((p) => p.batch.id));
  for (const key of await tx.store.getAllKeys()) if (!keep.has(key)) await tx.store.delete(key);
  for (const p of packs) await tx.store.put(p);
  await tx.done;
}

/** A delivery as the server now answers it (after a send), so the device shows it at once. */
export async function replaceDelivery(batchId: string, delivery: PackDelivery): Promise<void> {
  const d = await db();
  const tx = d.transaction('packs', 'readwrite');
  const pack = await tx.store.get(batchId);
  if (pack) {
    pack.deliveries = pack.deliveries.map((x) => (x.id === delivery.id ? { ...x, ...delivery } : x));
    await tx.store.put(pack);
  }
  await tx.done;
}

export async function readMeta(key: 'lastSync'): Promise<string | undefined> {
  return (await db()).get('meta', key);
}

export async function writeMeta(key: 'lastSync', value: string): Promise<void> {
  await (await db()).put('meta', value, key);
}

export async function addToOutbox(item: OutboxItem): Promise<void> {
  await (await db()).add('outbox', item);
}

export const deviceOutbox: OutboxStore = {
  items: async () => (await db()).getAll('outbox'),
  remove: async (seq) => (await db()).delete('outbox', seq),
  put: async (item) => {
    await (await db()).put('outbox', item);
  },
};
