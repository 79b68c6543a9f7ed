import type { Delivery } from '../../../src/batches/shapes';
import { foldVietnamese } from '../../../src/vietnamese';

// What the device keeps of one in-progress batch for a day offline (README "Offline"): the batch, its
// communes' names, its deliveries with the household's details, and the serials allocated to it that
// are not installed yet. Pure: shapes and the view over them, no I/O.

/** A delivery as the offline pack carries it (attempts counted, ID masked for installers). */
export type PackDelivery = Delivery;

export interface PackBatch {
  id: string;
  code: string;
  name: string;
  status: 'planned' | 'in_progress' | 'closed';
  plannedStart: string | null;
  plannedEnd: string | null;
}

export interface OfflinePack {
  batch: PackBatch;
  /** commune code → name, so screens show names. */
  communeNames: Record<string, string>;
  deliveries: PackDelivery[];
  /** Allocated, not installed; null when the server gave no list (the serial is then checked on sending). */
  serials: string[] | null;
  generatedAt: string;
}

/** What an item waiting in the outbox does to its delivery on this device, before the server knows. */
export interface LocalChange {
  deliveryId: string;
  kind: 'confirm' | 'fail' | 'photo';
  serial?: string;
  reason?: Delivery['failureReason'];
  temporary?: boolean;
  refused: boolean;
}

export type LocalState = 'pending' | 'delivered' | 'failed' | 'cancelled' | 'revisit';

export interface DeliveryView {
  delivery: PackDelivery;
  /** Status as the installer should read it now: the server's, or what is waiting to be sent. */
  state: LocalState;
  waiting: boolean;
  refused: boolean;
  attemptCount: number;
  /** Why the last visit failed (what this device is sending, else the server's), or null. */
  lastReason: Delivery['failureReason'];
}

export function attemptsOf(d: PackDelivery): number {
  return d.attemptCount ?? 0;
}

export function viewOf(d: PackDelivery, changes: LocalChange[]): DeliveryView {
  const mine = changes.filter((c) => c.deliveryId === d.id && c.kind !== 'photo');
  const last = mine[mine.length - 1];
  let state: LocalState = d.status === 'pending' && attemptsOf(d) > 0 ? 'revisit' : d.status;
  let attemptCount = attemptsOf(d);
  if (last && !last.refused && d.status === 'pending') {
    if (last.kind === 'confirm') state = 'delivered';
    else if (last.temporary) {
      state = 'revisit';
      attemptCount += mine.filter((c) => c.kind === 'fail' && c.temporary && !c.refused).length;
    } else state = 'failed';
  }
  const sent = mine.filter((c) => c.kind === 'fail' && !c.refused).pop()?.reason;
  const stored = d.failureReason ?? d.attempts[d.attempts.length - 1]?.reason ?? null;
  return {
    delivery: d,
    state,
    waiting: mine.some((c) => !c.refused),
    refused: mine.some((c) => c.refused),
    attemptCount,
    lastReason: state === 'failed' || state === 'revisit' ? (sent ?? stored) : null,
  };
}

export type StatusFilter = 'all' | 'todo' | 'delivered' | 'failed';

const TODO: LocalState[] = ['pending', 'revisit'];

function matchesStatus(v: DeliveryView, f: StatusFilter): boolean {
  if (f === 'all') return true;
  if (f === 'todo') return TODO.includes(v.state);
  if (f === 'delivered') return v.state === 'delivered';
  return v.state === 'failed' || v.state === 'cancelled';
}

function matchesText(d: PackDelivery, folded: string): boolean {
  if (!folded) return true;
  const hay = foldVietnamese(`${d.household.fullName} ${d.household.address ?? ''} ${d.village}`);
  return folded.split(' ').every((word) => hay.includes(word));
}

export interface VillageGroup {
  village: string;
  todo: number;
  total: number;
  items: DeliveryView[];
}

export interface CommuneGroup {
  communeCode: string;
  communeName: string;
  todo: number;
  total: number;
  villages: VillageGroup[];
}

export interface WorklistFilter {
  q?: string;
  status?: StatusFilter;
  communeCode?: string;
}

/** One collator for every comparison (localeCompare with a locale builds one per call). */
const VI_ORDER = new Intl.Collator('vi');

/**
 * The first `limit` rows of the worklist, in its order, keeping every group's counts (a long list is
 * shown a part at a time: rendering all rows of a 300-household batch is what a cheap phone waits for).
 */
export function firstRows(groups: CommuneGroup[], limit: number): { groups: CommuneGroup[]; hidden: number } {
  let left = limit;
  let hidden = 0;
  const out = groups.map((c) => ({
    ...c,
    villages: c.villages.map((v) => {
      const items = v.items.slice(0, Math.max(0, left));
      left -= items.length;
      hidden += v.items.length - items.length;
      return { ...v, items };
    }),
  }));
  return {
    groups: out
      .map((c) => ({ ...c, villages: c.villages.filter((v) => v.items.length) }))
      .filter((c) => c.villages.length),
    hidden,
  };
}

/** The worklist: by commune name, then village, with counts of what is left to do and of all shown. */
export function groupWorklist(
  pack: OfflinePack,
  changes: LocalChange[],
  filter: WorklistFilter = {},
): CommuneGroup[] {
  const folded = foldVietnamese(filter.q ?? '');
  const status = filter.status ?? 'todo';
  const communes = new Map<string, CommuneGroup>();
  for (const d of pack.deliveries) {
    if (filter.communeCode && d.area.communeCode !== filter.communeCode) continue;
    const v = viewOf(d, changes);
    if (!matchesStatus(v, status) || !matchesText(d, folded)) continue;
    const code = d.area.communeCode;
    let c = communes.get(code);
    if (!c) {
      c = {
        communeCode: code,
        communeName: pack.communeNames[code] ?? code,
        todo: 0,
        total: 0,
        villages: [],
      };
      communes.set(code, c);
    }
    let g = c.villages.find((x) => x.village === d.village);
    if (!g) c.villages.push((g = { village: d.village, todo: 0, total: 0, items: [] }));
    g.items.push(v);
    g.total++;
    c.total++;
    if (TODO.includes(v.state)) {
      g.todo++;
      c.todo++;
    }
  }
  const byName = VI_ORDER.compare;
  const out = [...communes.values()].sort((a, b) => byName(a.communeName, b.communeName));
  for (const c of out) {
    c.villages.sort((a, b) => byName(a.village, b.village));
    for (const g of c.villages)
      g.items.sort((a, b) => byName(a.delivery.household.fullName, b.delivery.household.fullName));
  }
  return out;
}

export type SerialCheck = 'allocated' | 'unknown' | 'usedHere' | 'notChecked';

/**
 * The serial against what the device knows: allocated to the batch and not used by another delivery
 * (installed, or waiting in the outbox). "notChecked" when the pack has no list: the server decides.
 */
export function checkSerial(
  serial: string,
  pack: OfflinePack,
  changes: LocalChange[],
  deliveryId: string,
): SerialCheck {
  const s = normalizeSerial(serial);
  const usedBy = [
    ...pack.deliveries.filter((d) => d.serial).map((d) => ({ id: d.id, serial: d.serial ?? '' })),
    ...changes
      .filter((c) => c.kind === 'confirm' && !c.refused)
      .map((c) => ({ id: c.deliveryId, serial: c.serial ?? '' })),
  ];
  if (usedBy.some((u) => u.id !== deliveryId && normalizeSerial(u.serial) === s)) return 'usedHere';
  if (!pack.serials) return 'notChecked';
  return pack.serials.some((x) => normalizeSerial(x) === s) ? 'allocated' : 'unknown';
}

/** As the server stores serials: trimmed, upper case. */
export function normalizeSerial(s: string): string {
  return s.trim().toUpperCase();
}
