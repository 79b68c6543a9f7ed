import { ReceiverModel } from './model';

/**
 * The serials allocated to a batch and not yet installed, sorted: what an installer's phone keeps to
 * check a scanned receiver before sending (the same query shape as returnReceivers).
 */
export async function allocatedSerialsOf(batchId: string): Promise<string[]> {
  const held = await ReceiverModel.find({ batchId, status: 'allocated' }, { serial: 1 })
    .sort({ serial: 1 })
    .lean();
  return held.map((r) => r.serial);
}
