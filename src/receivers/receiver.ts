import type { Types } from 'mongoose';
import type { ReceiverType } from '../receiver-types';
import type { ReceiverDoc } from './model';
import type { ReceiverStatus } from './status';

// The receivers feature's kernel: a receiver as the API shows it, made from its stored document.

export interface Receiver {
  serial: string;
  type: ReceiverType;
  model: string | null;
  supplier: string | null;
  lot: string | null;
  provinceCode: string;
  status: ReceiverStatus;
  batchId: string | null;
  householdId: string | null;
  deliveryId: string | null;
  installedAt: string | null;
  statusReason: string | null;
  version: number;
  createdBy: string;
  createdAt: string;
  updatedAt: string;
}

export type StoredReceiver = ReceiverDoc & { _id: Types.ObjectId; createdAt: Date; updatedAt: Date };

export function toReceiver(d: StoredReceiver): Receiver {
  return {
    serial: d.serial,
    type: d.type,
    model: d.model ?? null,
    supplier: d.supplier ?? null,
    lot: d.lot ?? null,
    provinceCode: d.provinceCode,
    status: d.status,
    batchId: d.batchId ?? null,
    householdId: d.householdId ?? null,
    deliveryId: d.deliveryId ?? null,
    installedAt: d.installedAt ? d.installedAt.toISOString() : null,
    statusReason: d.statusReason ?? null,
    version: d.version,
    createdBy: d.createdBy,
    createdAt: d.createdAt.toISOString(),
    updatedAt: d.updatedAt.toISOString(),
  };
}

export const receiverEntity = (serial: string, provinceCode: string) => ({
  type: 'receiver',
  id: serial,
  area: { provinceCode },
});
