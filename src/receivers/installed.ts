import { ReceiverModel } from './model';

/** The serial installed for a delivery, if any: reconcile looks for receivers bound to undelivered ones. */
export async function serialInstalledFor(deliveryId: string): Promise<string | null> {
  const r = await ReceiverModel.findOne({ deliveryId, status: 'installed' }, { serial: 1 }).lean();
  return r?.serial ?? null;
}
