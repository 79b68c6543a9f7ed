// Work over many items, a few at a time: per-item steps that each hold their own locks (receivers
// allocated or returned, deliveries cancelled by a closing batch) overlap their database round trips
// without flooding the database.

/** Runs `fn` over `items`, at most `limit` at a time; every item is tried even when one fails. */
export async function eachLimited<T>(items: T[], limit: number, fn: (item: T) => Promise<void>) {
  let next = 0;
  const workers = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) await fn(items[next++] as T);
  });
  const failed = (await Promise.allSettled(workers)).find((r) => r.status === 'rejected');
  if (failed) throw failed.reason;
}
