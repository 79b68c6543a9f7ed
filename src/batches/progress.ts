import * as receivers from '../receivers/service';
import * as users from '../users/service';
import { DeliveryModel } from './delivery-model';
import type { BatchProgress } from './shapes';
import { DELIVERY_STATUSES, FAILURE_REASONS, type DeliveryStatus, type FailureReason } from './status';

// A batch's progress (DESIGN §8 "batch progress by commune and installer"): one $group over the
// batch's deliveries, folded here, with the full name of each user who confirmed or failed some.

export type DeliveryCounts = Record<DeliveryStatus, number>;

const zero = (): DeliveryCounts => Object.fromEntries(DELIVERY_STATUSES.map((s) => [s, 0])) as DeliveryCounts;

interface Row {
  _id: { communeCode: string; status: DeliveryStatus; by: string | null; reason: FailureReason | null };
  n: number;
}

/**
 * Pure: the aggregation rows folded into totals, per commune and per installer (named from
 * `fullNames`, by user id; null for an id it lacks).
 */
export function foldProgress(
  rows: Row[],
  counts: { allocated: number; installed: number },
  fullNames: ReadonlyMap<string, string>,
): BatchProgress {
  const deliveries = zero();
  const failedReasons: Partial<Record<FailureReason, number>> = {};
  const communes = new Map<string, DeliveryCounts>();
  const installers = new Map<string, { delivered: number; failed: number }>();
  for (const { _id: k, n } of rows) {
    deliveries[k.status] += n;
    const c = communes.get(k.communeCode) ?? zero();
    c[k.status] += n;
    communes.set(k.communeCode, c);
    if (k.status === 'failed' && k.reason && (FAILURE_REASONS as readonly string[]).includes(k.reason))
      failedReasons[k.reason] = (failedReasons[k.reason] ?? 0) + n;
    if (k.by && (k.status === 'delivered' || k.status === 'failed')) {
      const i = installers.get(k.by) ?? { delivered: 0, failed: 0 };
      i[k.status] += n;
      installers.set(k.by, i);
    }
  }
  return {
    receivers: counts,
    capacity: Math.max(0, counts.allocated - deliveries.pending),
    deliveries,
    failedReasons,
    byCommune: [...communes.entries()]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([communeCode, c]) => ({ communeCode, ...c })),
    byInstaller: [...installers.entries()]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([userId, i]) => ({ userId, fullName: fullNames.get(userId) ?? null, ...i })),
  };
}

export async function progressOf(batchId: string): Promise<BatchProgress> {
  const [rows, counts] = await Promise.all([
    DeliveryModel.aggregate<Row>([
      { $match: { batchId } },
      {
        $group: {
          _id: {
            communeCode: '$area.communeCode',
            status: '$status',
            by: '$completedBy',
            reason: '$failureReason',
          },
          n: { $sum: 1 },
        },
      },
    ]),
    receivers.receiverCountsOfBatch(batchId),
  ]);
  return foldProgress(
    rows,
    counts,
    await users.fullNamesOf(rows.flatMap((r) => (r._id.by ? [r._id.by] : []))),
  );
}
